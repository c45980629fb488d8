"""What 民意直通车 puts on the workbench's 待办 panel (see lianxin.workbench.todos)."""

from django.utils.translation import gettext_lazy as _

from lianxin.casework.models import Case
from lianxin.opinions.access import visible_opinions
from lianxin.opinions.models import Opinion
from lianxin.workbench.todos import Todo


def waiting_for_acceptance(user) -> int:
    return visible_opinions(user, "opinions.handle_opinion").filter(status=Opinion.Status.SUBMITTED).count()


def waiting_for_routing(user) -> int:
    """Accepted but not yet answered, assigned or handed on: the case waits in 待交办."""
    return (
        visible_opinions(user, "opinions.handle_opinion")
        .filter(status=Opinion.Status.ACCEPTED, case__state=Case.State.REGISTERED)
        .count()
    )


def brought_to_me(user) -> int:
    """Opinions citizens brought to this deputy that nobody has answered or assigned yet."""
    return (
        visible_opinions(user)
        .filter(deputy__user=user, status=Opinion.Status.ACCEPTED, case__state=Case.State.REGISTERED)
        .count()
    )


TODOS = (
    Todo(_("待受理意见"), "opinions:office_queue", "opinions.handle_opinion", waiting_for_acceptance),
    Todo(
        _("已受理待交办"),
        "opinions:office_list",
        "opinions.handle_opinion",
        waiting_for_routing,
        query="status=accepted&state=registered",
    ),
    Todo(
        _("群众向我反映待答复"),
        "opinions:office_list",
        "opinions.view_opinion",
        brought_to_me,
        query="status=accepted&state=registered",
    ),
)
