"""What the duty record puts on the workbench's 待办 panel."""

from django.utils.translation import gettext_lazy as _

from lianxin.accounts.access import in_scope
from lianxin.duty.access import REVIEW
from lianxin.duty.models import SelfReport
from lianxin.workbench.todos import Todo


def waiting_for_review(user) -> int:
    reports = SelfReport.objects.filter(status=SelfReport.Status.SUBMITTED)
    return in_scope(reports, user, view=REVIEW, path_field="deputy__region__path").count()


def returned_to_me(user) -> int:
    return SelfReport.objects.filter(deputy__user=user, status=SelfReport.Status.RETURNED).count()


TODOS = (
    Todo(_("待审核履职填报"), "duty:reports", REVIEW, waiting_for_review, query="status=submitted"),
    Todo(_("被退回的履职填报"), "duty:mine", "duty.submit_report", returned_to_me),
)
