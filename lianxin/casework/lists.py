"""Lists of the handling engine: a unit's 待办 and ledger, staff's queue of requests to decide,
and the overview of every item in scope. Lights are computed from due dates when read."""

import datetime

from django import forms
from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lianxin.accounts.access import in_scope
from lianxin.accounts.decorators import permission
from lianxin.accounts.permissions import scope_filter
from lianxin.backoffice.lists import Column, ScopedListView
from lianxin.casework import access, sources
from lianxin.casework.forms import LightChoiceField
from lianxin.casework.models import Assignment, Case, Extension, Light
from lianxin.units.models import HandlingUnit


def by_light(queryset: QuerySet, light: str, *, open_q: Q, due: str = "due_date") -> QuerySet:
    """The same rule as models.light_for, as a filter: red past due, yellow within the warning days."""
    today = timezone.localdate()
    soon = today + datetime.timedelta(days=settings.LIANXIN_DUE_SOON_DAYS)
    queryset = queryset.filter(open_q, **{f"{due}__isnull": False})
    if light == Light.RED:
        return queryset.filter(**{f"{due}__lt": today})
    if light == Light.YELLOW:
        return queryset.filter(**{f"{due}__gte": today, f"{due}__lte": soon})
    return queryset.filter(**{f"{due}__gt": soon})


def _light_label(light: str) -> str:
    return str(Light(light).label) if light else ""


# ---------------------------------------------------------------- a unit's items


ACTIVE = "active"
# Replied, but the reply is held from the submitter (under review, or sent back to be rewritten).
HELD = "held"


class UnitItemsFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("状态"), required=False)
    light = LightChoiceField()
    unit = forms.ModelChoiceField(label=_("承办单位"), queryset=HandlingUnit.objects.none(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [
            ("", _("全部")),
            (ACTIVE, _("未办完（待签收、办理中、申请退回）")),
            (HELD, _("答复暂未送达（审核中或退回补充）")),
            *Assignment.State.choices,
        ]
        units = access.units_for_clerk(user)
        if units.count() > 1:
            self.fields["unit"].queryset = units
        else:
            del self.fields["unit"]
        for field in self.fields.values():
            field.widget.attrs["data-autosubmit"] = ""


def _assignment_state(queryset, value):
    if value == ACTIVE:
        return queryset.filter(state__in=Assignment.ACTIVE)
    if value == HELD:
        return held_replies(queryset)
    return queryset.filter(state=value)


def held_replies(assignments: QuerySet) -> QuerySet:
    return assignments.filter(state=Assignment.State.REPLIED, reply__shown_at__isnull=True)


def _assignment_state_label(assignment) -> str:
    reply = getattr(assignment, "reply", None)
    if reply is not None and reply.held:
        return _("已答复（暂未送达）")
    return assignment.get_state_display()


def _assignment_light(queryset, value):
    return by_light(queryset, value, open_q=Q(state__in=Assignment.ACTIVE))


def _replied_on(assignment):
    reply = getattr(assignment, "reply", None)  # None when the unit has not answered
    return timezone.localtime(reply.replied_at).date() if reply is not None else ""


class UnitItemsView(ScopedListView):
    """待办事项: everything assigned to the clerk's units; exported, it is the unit's 承办台账."""

    model = Assignment
    view_permission = access.WORK
    path_field = "unit__region__path"
    title = _("待办事项")
    columns = [
        Column(_("标题"), "case.title"),
        Column(_("来源"), lambda a: sources.get(a.case.source).label),
        Column(_("承办单位"), "unit.name"),
        Column(_("承办方式"), "get_kind_display"),
        Column(_("轮次"), "round"),
        Column(_("状态"), _assignment_state_label),
        Column(_("交办时间"), lambda a: timezone.localtime(a.assigned_at).date()),
        Column(_("期限"), "due_date"),
        Column(_("期限状态"), lambda a: _light_label(a.light())),
        Column(_("答复时间"), _replied_on),
        Column(_("督办次数"), "case.urge_count"),
    ]
    search_fields = ["case__title"]
    filter_form_class = UnitItemsFilterForm
    filters = {"state": _assignment_state, "light": _assignment_light, "unit": "unit"}
    select_related = ("case", "unit", "reply")
    ordering = ("due_date", "pk")
    export_permission = access.WORK
    export_filename = "承办台账"

    def base_queryset(self):
        return Assignment.objects.filter(unit__in=access.units_for_clerk(self.request.user))

    def row_url(self, assignment):
        return reverse("casework:detail", args=[assignment.case_id])


# ---------------------------------------------------------------- overview


class OverviewFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("状态"), required=False, choices=[("", _("全部")), *Case.State.choices])
    light = LightChoiceField()
    source = forms.ChoiceField(label=_("来源"), required=False)
    unit = forms.ModelChoiceField(label=_("承办单位"), queryset=HandlingUnit.objects.none(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [("", _("全部")), *((s.key, s.label) for s in sources.registered())]
        self.fields["unit"].queryset = HandlingUnit.objects.filter(
            scope_filter(user, access.VIEW, "region__path")
        ).select_related("region")
        for field in self.fields.values():
            field.widget.attrs["data-autosubmit"] = ""


def case_light(queryset, value):
    # Waiting to be assigned or to be rated, an item has no running deadline (Case.light).
    running = ~Q(state__in=[*Case.FINISHED, Case.State.REGISTERED, Case.State.REPLIED])
    return by_light(queryset, value, open_q=running)


def _case_unit(queryset, unit):
    return queryset.filter(Exists(Assignment.objects.filter(case=OuterRef("pk"), unit=unit)))


def _current_units(case: Case) -> str:
    return "、".join(
        f"{a.unit.name}（{a.get_kind_display()}）"
        for a in case.assignments.all()
        if a.round == case.round and a.state != Assignment.State.RETURNED
    )


class OverviewView(ScopedListView):
    model = Case
    view_permission = access.VIEW
    title = _("办理件")
    columns = [
        Column(_("标题"), "title"),
        Column(_("来源"), lambda c: sources.get(c.source).label),
        Column(_("区域"), "region.name"),
        Column(_("状态"), lambda c: c.state_label()),
        Column(_("承办单位"), _current_units),
        Column(_("轮次"), "round"),
        Column(_("答复期限"), "due_date"),
        Column(_("期限状态"), lambda c: _light_label(c.light())),
        Column(_("督办次数"), "urge_count"),
        Column(_("登记时间"), lambda c: timezone.localtime(c.opened_at).date()),
    ]
    search_fields = ["title"]
    filter_form_class = OverviewFilterForm
    filters = {"state": "state", "light": case_light, "source": "source", "unit": _case_unit}
    select_related = ("region",)
    prefetch_related = ("assignments__unit",)
    detail_url_name = "casework:detail"
    export_permission = access.EXPORT
    export_filename = "办理件"


# ---------------------------------------------------------------- staff's queue


def pending_returns(user) -> QuerySet:
    """Requests to send an item back that ``user`` may decide."""
    return in_scope(
        Assignment.objects.filter(state=Assignment.State.RETURN_REQUESTED),
        user,
        view=access.ASSIGN,
        path_field="case__region__path",
    )


def pending_extensions(user) -> QuerySet:
    """Requests for more time that ``user`` may decide."""
    return in_scope(
        Extension.objects.filter(state=Extension.State.PENDING),
        user,
        view=access.ASSIGN,
        path_field="assignment__case__region__path",
    )


@permission(access.ASSIGN)
def pending_decisions(request):
    returns = pending_returns(request.user).select_related("case", "unit").order_by("return_window_end", "pk")
    extensions = (
        pending_extensions(request.user)
        .select_related("assignment__case", "assignment__unit")
        .order_by("requested_at", "pk")
    )
    return render(
        request,
        "casework/pending.html",
        {"title": _("待审批"), "returns": returns, "extensions": extensions},
    )
