"""What 云接待 puts on the workbench's 待办 panel (see lianxin.workbench.todos)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lianxin.onlinestation import access
from lianxin.onlinestation.models import Question
from lianxin.workbench.todos import Todo


def waiting_for_my_answer(user) -> int:
    """Questions in sessions under way (or ended, not yet closed) where the user is on duty."""
    return Question.objects.filter(
        visibility="",
        opinion__isnull=True,
        session__closed_at__isnull=True,
        session__starts_at__lte=timezone.now(),
        session__deputies__user=user,
    ).count()


TODOS = (
    Todo(_("云接待待答复留言"), "onlinestation:list", access.ANSWER, waiting_for_my_answer, urgent=True),
)
