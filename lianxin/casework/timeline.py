"""A case's audit trail as staff and units read it: each step with its units, reasons and states."""

from django.utils.translation import gettext_lazy as _

from lianxin.audit.presentation import describe
from lianxin.audit.recorder import timeline
from lianxin.casework.models import Case, Rating

# What the engine writes into an event's data (services._record), in reading order.
_DETAILS = (
    ("unit", _("承办单位")),
    ("units", _("交办单位")),
    ("reassigned_to", _("改交单位")),
    ("due", _("期限")),
    ("cap", _("最迟期限")),
    ("requested", _("申请延至")),
    ("category", _("答复类别")),
    ("on_time", _("按期答复")),
    ("attachments", _("附件数")),
    ("rating", _("评价")),
    ("reason", _("理由")),
    ("note", _("审批意见")),
    ("message", _("督办意见")),
    ("comment", _("评价意见")),
)


def _shown(name: str, value) -> str:
    if name == "rating":
        return str(Rating.Value(value).label) if value in Rating.Value.values else str(value)
    if isinstance(value, bool):
        return str(_("是") if value else _("否"))
    if isinstance(value, list):
        return "、".join(str(item) for item in value)
    return str(value)


def case_timeline(case: Case, state_labels: dict, limit: int = 100) -> list[dict]:
    entries = []
    for event in timeline(case).select_related("target_type")[:limit]:
        entry = describe(event)
        data = event.data or {}
        before, after = data.get("from"), data.get("to")
        details = []
        if before and after and before != after:
            details.append(
                (_("状态"), f"{state_labels.get(before, before)} → {state_labels.get(after, after)}")
            )
        for name, label in _DETAILS:
            value = data.get(name)
            if value not in (None, "", []):
                details.append((label, _shown(name, value)))
        entry["details"] = details
        entries.append(entry)
    return entries
