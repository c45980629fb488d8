"""What suggestions put on the workbench's 待办 panel: for deputies, invitations to co-sign and
replies to rate; for the congress's offices, suggestions waiting for review."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lianxin.accounts.permissions import scope_filter
from lianxin.casework.models import Case
from lianxin.suggestions import services
from lianxin.suggestions.models import Suggestion
from lianxin.workbench.todos import Todo


def to_cosign(user) -> int:
    return Suggestion.objects.filter(
        status=Suggestion.Status.SIGNING,
        signers__deputy__user=user,
        signers__is_lead=False,
        signers__confirmed_at__isnull=True,
        signers__declined_at__isnull=True,
    ).count()


def to_rate(user) -> int:
    return Suggestion.objects.filter(
        deputy__user=user, case__state=Case.State.REPLIED, case__rating_due__gte=timezone.localdate()
    ).count()


def to_review(user) -> int:
    return (
        Suggestion.objects.filter(status=Suggestion.Status.SUBMITTED)
        .filter(scope_filter(user, services.REVIEW, "region__path"))
        .count()
    )


TODOS = (
    Todo(_("待确认联名"), "suggestions:mine", services.ADD, to_cosign),
    Todo(_("待评价的建议答复"), "suggestions:mine", services.ADD, to_rate),
    Todo(_("待审核的代表建议"), "suggestions:list", services.REVIEW, to_review, query="status=submitted"),
)
