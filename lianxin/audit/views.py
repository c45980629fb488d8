"""The audit log for auditors: events in their scope plus platform-wide ones, searchable and exportable."""

import datetime

from django import forms
from django.apps import apps
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lianxin.accounts.actor import Actor
from lianxin.accounts.decorators import permission
from lianxin.accounts.permissions import scope_paths
from lianxin.audit.models import Event
from lianxin.audit.presentation import describe
from lianxin.audit.recorder import record
from lianxin.spreadsheets.export import xlsx_response
from lianxin.workbench.rendering import style_widgets

VIEW = "audit.view_event"
PAGE_SIZE = 50
_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _action_choices() -> list:
    """Known action codes grouped under their app's name, for the filter's <select>."""
    groups = []
    for config in apps.get_app_configs():
        actions = getattr(config, "audit_actions", {})
        if actions:
            groups.append((str(config.verbose_name), [(code, str(label)) for code, label in actions.items()]))
    return [("", _("全部")), *groups]


class EventFilterForm(forms.Form):
    date_from = forms.DateField(label=_("起始日期"), required=False, widget=_DATE)
    date_to = forms.DateField(label=_("截止日期"), required=False, widget=_DATE)
    action = forms.ChoiceField(label=_("操作"), required=False)
    actor = forms.CharField(label=_("操作人"), required=False, max_length=150)
    target = forms.CharField(label=_("对象"), required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = _action_choices()
        self.fields["actor"].widget.attrs["placeholder"] = _("姓名或用户名")
        self.fields["target"].widget.attrs["placeholder"] = _("对象名称")
        style_widgets(self)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", gettext("截止日期不能早于起始日期。"))
        return cleaned

    def described(self) -> dict:
        """The filters in use, as the export's audit event keeps them."""
        return {
            name: str(value)
            for name, value in self.cleaned_data.items()
            if value not in (None, "") and name in self.fields
        }


def events_for(user):
    """Events of objects in the user's audit scope, and events that belong to no region."""
    paths = scope_paths(user, VIEW)
    if not paths:
        return Event.objects.none()
    in_scope = Q(scope_path="")
    for path in paths:
        in_scope |= Q(scope_path__startswith=path)
    return Event.objects.filter(in_scope)


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _filtered(queryset, form: EventFilterForm):
    if not form.is_valid():
        return queryset
    data = form.cleaned_data
    if data["date_from"]:
        queryset = queryset.filter(at__gte=_start_of(data["date_from"]))
    if data["date_to"]:
        queryset = queryset.filter(at__lt=_start_of(data["date_to"] + datetime.timedelta(days=1)))
    if data["action"]:
        queryset = queryset.filter(action=data["action"])
    if data["actor"]:
        # actor_name reads "姓名（用户名）", so one search finds either.
        queryset = queryset.filter(actor_name__icontains=data["actor"])
    if data["target"]:
        queryset = queryset.filter(target_repr__icontains=data["target"])
    return queryset


def _changes_text(entry: dict) -> str:
    return "；".join(f"{label}：{before} → {after}" for label, before, after in entry["changes"])


EXPORT_HEADERS = [
    _("时间"),
    _("操作人"),
    _("角色"),
    _("客户端地址"),
    _("操作"),
    _("操作代码"),
    _("对象"),
    _("变更"),
]


def _export_rows(queryset):
    for event in queryset.iterator(chunk_size=2000):
        entry = describe(event)
        yield [
            entry["at"],
            entry["actor"],
            entry["role"],
            entry["ip"] or "",
            entry["label"],
            entry["action"],
            entry["target"],
            _changes_text(entry),
        ]


@permission(VIEW)
def event_list(request):
    form = EventFilterForm(request.GET or None)
    queryset = _filtered(events_for(request.user), form).select_related("target_type").order_by("-at", "-pk")
    if request.GET.get("format") == "xlsx" and (not form.is_bound or form.is_valid()):
        record(
            actor=Actor.from_request(request),
            action="audit.events.exported",
            data={"filters": form.described() if form.is_bound else {}, "rows": queryset.count()},
        )
        return xlsx_response(
            "审计日志", gettext("审计日志"), [str(h) for h in EXPORT_HEADERS], _export_rows(queryset)
        )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    return render(
        request,
        "audit/list.html",
        {
            "title": _("审计日志"),
            "form": form,
            "page": page,
            "entries": [describe(event) for event in page.object_list],
            "querystring": query.urlencode(),
        },
    )
