"""What the handling engine puts on the workbench's 待办 panel (see lianxin.workbench.todos).

The counts use the lists' own filters, so a number on the panel is the number of rows the
link opens: a unit's items waiting to be signed, due soon and overdue, and its replies held from
the submitter (to rewrite if sent back); staff's requests to decide and the items in scope that
are overdue."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lianxin.accounts.permissions import scope_filter
from lianxin.casework import access
from lianxin.casework.lists import (
    HELD,
    by_light,
    case_light,
    held_replies,
    pending_extensions,
    pending_returns,
)
from lianxin.casework.models import Assignment, Case, Light
from lianxin.workbench.todos import Todo


def _units_items(user):
    return Assignment.objects.filter(unit__in=access.units_for_clerk(user))


def to_sign(user) -> int:
    return _units_items(user).filter(state=Assignment.State.PENDING).count()


def _open_itemsby_light(user, light: str) -> int:
    return by_light(_units_items(user), light, open_q=Q(state__in=Assignment.ACTIVE)).count()


def due_soon(user) -> int:
    return _open_itemsby_light(user, Light.YELLOW)


def overdue(user) -> int:
    return _open_itemsby_light(user, Light.RED)


def replies_held(user) -> int:
    return held_replies(_units_items(user)).count()


def decisions(user) -> int:
    return pending_returns(user).count() + pending_extensions(user).count()


def overdue_in_scope(user) -> int:
    cases = Case.objects.filter(scope_filter(user, access.VIEW, "region__path"))
    return case_light(cases, Light.RED).count()


TODOS = (
    Todo(_("待签收"), "casework:unit_items", access.WORK, to_sign, query="state=pending"),
    Todo(_("临期"), "casework:unit_items", access.WORK, due_soon, query="state=active&light=yellow"),
    Todo(_("逾期"), "casework:unit_items", access.WORK, overdue, query="state=active&light=red", urgent=True),
    Todo(_("答复暂未送达"), "casework:unit_items", access.WORK, replies_held, query=f"state={HELD}"),
    Todo(_("退回、延期待审批"), "casework:pending_decisions", access.ASSIGN, decisions),
    Todo(_("逾期未办结"), "casework:overview", access.VIEW, overdue_in_scope, query="light=red", urgent=True),
)
