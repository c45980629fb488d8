"""The one way to fetch a duty record for a user: 404 outside the scope, 403 for a refused action."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from lianxin.accounts.access import fetch_for_user
from lianxin.congresses.models import Congress
from lianxin.deputies.models import Deputy
from lianxin.duty.models import Meeting, SelfReport, VoterReport

VIEW = "duty.view_record"
REVIEW = "duty.review_report"
SUBMIT = "duty.submit_report"


def own_deputy(user) -> Deputy:
    """The deputy record tied to a deputy's account, or 404 (an account without one has no record)."""
    deputy = getattr(user, "deputy", None) if user.is_authenticated else None
    if deputy is None or not user.has_perm(SUBMIT, deputy):
        raise Http404
    return deputy


def deputy_for(user, pk) -> Deputy:
    return fetch_for_user(
        Deputy.objects.select_related("region"), user, pk, view=VIEW, path_field="region__path"
    )


def self_report_for(user, pk, action: str | None = None) -> SelfReport:
    return fetch_for_user(
        SelfReport.objects.select_related("deputy__region", "decided_by"),
        user,
        pk,
        view=VIEW,
        path_field="deputy__region__path",
        action=action,
    )


def own_self_report(user, pk) -> SelfReport:
    deputy = own_deputy(user)
    return get_object_or_404(SelfReport.objects.select_related("deputy"), pk=pk, deputy=deputy)


def congress_for(user, pk, action: str | None = None) -> Congress:
    return fetch_for_user(
        Congress.objects.select_related("region"),
        user,
        pk,
        view=VIEW,
        path_field="region__path",
        action=action,
    )


def meeting_for(user, pk, action: str | None = None) -> Meeting:
    return fetch_for_user(
        Meeting.objects.select_related("congress__region"),
        user,
        pk,
        view=VIEW,
        path_field="congress__region__path",
        action=action,
    )


def voter_report_for(user, pk, action: str | None = None) -> VoterReport:
    return fetch_for_user(
        VoterReport.objects.select_related("deputy__region"),
        user,
        pk,
        view=VIEW,
        path_field="deputy__region__path",
        action=action,
    )
