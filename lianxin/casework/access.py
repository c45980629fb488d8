"""The one way to fetch the engine's objects for a user.

Staff and leaders see the items in their region (``casework.view_case``). A unit's clerk sees
an item because it was assigned to one of the clerk's units, not because of where it arose:
a clerk of another unit, in the same county or not, is told it does not exist (404).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from lianxin.accounts.access import fetch_for_user
from lianxin.accounts.permissions import scope_filter
from lianxin.casework.models import Assignment, Case, Extension, ReplyAttachment
from lianxin.units.models import HandlingUnit

VIEW = "casework.view_case"
OPEN = "casework.open_case"
WORK = "casework.work_for_unit"
ASSIGN = "casework.assign_case"
URGE = "casework.urge_case"
EXPORT = "casework.export_case"


def units_for_clerk(user) -> QuerySet:
    """The units whose items the user keeps: a clerk of the unit, holding the clerk role over it."""
    if not getattr(user, "is_authenticated", False):
        return HandlingUnit.objects.none()
    return HandlingUnit.objects.filter(scope_filter(user, WORK, "region__path"), clerks=user)


def assigned_to_clerk(queryset: QuerySet, user, case_field: str = "pk") -> QuerySet:
    """Of ``queryset`` (cases, or rows pointing at a case through ``case_field``), those with an
    assignment, in any round, to one of the user's units."""
    assignments = Assignment.objects.filter(case=OuterRef(case_field), unit__in=units_for_clerk(user))
    return queryset.filter(Exists(assignments))


def may_view(user, case: Case) -> bool:
    return user.has_perm(VIEW, case) or assigned_to_clerk(Case.objects.filter(pk=case.pk), user).exists()


def case_for(user, pk, action: str | None = None) -> Case:
    """The case with ``pk`` if the user may see it (else 404) and do ``action`` on it (else 403)."""
    case = Case.objects.select_related("region").filter(pk=pk).first()
    if case is None or not may_view(user, case):
        raise Http404
    if action is not None and not user.has_perm(action, case):
        raise PermissionDenied
    return case


def assignment_for_clerk(user, pk) -> Assignment:
    """One of the user's units' assignments. Another unit's assignment on an item the user can see
    is refused (403); one on an item the user cannot see does not exist (404)."""
    assignment = Assignment.objects.select_related("case__region", "unit").filter(pk=pk).first()
    if assignment is None or not may_view(user, assignment.case):
        raise Http404
    if not user.has_perm(WORK, assignment.unit):
        raise PermissionDenied
    return assignment


def assignment_for_staff(user, pk, action: str = ASSIGN) -> Assignment:
    return fetch_for_user(
        Assignment.objects.select_related("case__region", "unit"),
        user,
        pk,
        view=VIEW,
        path_field="case__region__path",
        action=action,
    )


def extension_for(user, pk, action: str = ASSIGN) -> Extension:
    return fetch_for_user(
        Extension.objects.select_related("assignment__case__region", "assignment__unit"),
        user,
        pk,
        view=VIEW,
        path_field="assignment__case__region__path",
        action=action,
    )


def attachment_for(user, pk) -> ReplyAttachment:
    attachment = ReplyAttachment.objects.select_related("reply__case__region").filter(pk=pk).first()
    if attachment is None or not may_view(user, attachment.reply.case):
        raise Http404
    return attachment
