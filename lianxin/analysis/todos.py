"""What 答复质量审核 puts on the workbench's 待办 panel: weak replies held from citizens until
staff review them (the same rows as the queue /office/analysis/replies/)."""

from django.utils.translation import gettext_lazy as _

from lianxin.accounts.permissions import scope_filter
from lianxin.analysis.models import ReplyReview
from lianxin.analysis.services import REVIEW
from lianxin.workbench.todos import Todo


def replies_to_review(user) -> int:
    pending = ReplyReview.objects.filter(state=ReplyReview.State.PENDING)
    return pending.filter(scope_filter(user, REVIEW, "region__path")).count()


TODOS = (Todo(_("答复待审核"), "analysis:reply_queue", REVIEW, replies_to_review),)
