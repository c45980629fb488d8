"""What 答复质量审核 puts on the workbench's 待办 panel: weak replies held from citizens until
staff review them (the same rows as the queue /office/analysis/replies/)."""

from django.utils.translation import gettext_lazy as _

from lianxin.analysis.access import REVIEW, waiting_for_review
from lianxin.workbench.todos import Todo


def replies_to_review(user) -> int:
    return waiting_for_review(user).count()


TODOS = (Todo(_("答复待审核"), "analysis:reply_queue", REVIEW, replies_to_review),)
