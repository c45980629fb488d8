"""What a letter template may use: each field's name, its meaning (shown on the template page)
and a sample value (an upload is rendered once against the samples before it is accepted).

The context builders fill the same names from a real suggestion, so a field listed here is a
field every letter has; a template naming anything else is refused at upload.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from docxtpl import Listing

from lianxin.documents.models import Kind


@dataclass(frozen=True)
class Field:
    name: str
    meaning: str
    sample: object


def _date(value) -> str:
    """Dates as Chinese letters write them: 2026年3月5日."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localdate(value)
    return f"{value.year}年{value.month}月{value.day}日"


COMMON = (
    Field("congress", _("人民代表大会名称"), "连心县人民代表大会"),
    Field("number", _("建议编号"), "2026年第12号"),
    Field("title", _("建议标题"), "关于东城路增设人行横道的建议"),
    Field("lead_deputy", _("领衔代表"), "王建国"),
    Field("cosigners", _("联名代表（顿号分隔）"), "李联名、赵联名"),
    Field("category", _("建议类别"), "交通运输"),
    Field("submitted_on", _("提出日期"), "2026年1月8日"),
    Field("today", _("成文日期（生成当天）"), "2026年3月5日"),
)

FIELDS = {
    Kind.ASSIGNMENT: (
        *COMMON,
        Field("content", _("建议内容"), "东城路小学门口车流量大，建议增设人行横道。"),
        Field("lead_unit", _("主办单位"), "连心县交通运输局"),
        Field("co_units", _("会办单位（顿号分隔）"), "连心县公安局"),
        Field("units", _("分别办理单位（顿号分隔，分办时）"), ""),
        Field("assigned_on", _("交办日期"), "2026年1月20日"),
        Field("due_on", _("答复期限"), "2026年4月20日"),
        Field("co_due_on", _("会办意见期限"), "2026年2月20日"),
    ),
    Kind.REPLY: (
        *COMMON,
        Field("unit", _("答复单位"), "连心县交通运输局"),
        Field("round", _("办理轮次"), 1),
        Field("reply_category", _("答复类别（A/B/C/D）"), "B"),
        Field("reply_category_meaning", _("答复类别的含义"), "正在解决或者列入规划逐步解决"),
        Field("reply_text", _("答复内容"), "经研究，已列入今年道路改造计划。"),
        Field("signed_off_by", _("签发人"), "赵局长"),
        Field("replied_on", _("答复日期"), "2026年3月5日"),
        Field(
            "promises",
            _("承诺事项列表，每项有 text（内容）和 due_on（时限），用 {%p for p in promises %} 逐项列出"),
            [{"text": "施划人行横道", "due_on": "2026年6月30日"}],
        ),
    ),
}


def sample_context(kind: str) -> dict:
    return {field.name: field.sample for field in FIELDS[kind]}


def _common(suggestion) -> dict:
    cosigners = [
        s.deputy.name for s in suggestion.signers.all() if not s.is_lead and s.confirmed_at is not None
    ]
    return {
        "congress": suggestion.congress.name,
        "number": str(suggestion.label),
        "title": suggestion.title,
        "lead_deputy": suggestion.deputy.name,
        "cosigners": "、".join(cosigners),
        "category": suggestion.category,
        "submitted_on": _date(suggestion.submitted_at),
        "today": _date(timezone.localdate()),
    }


def assignment_context(suggestion) -> dict:
    """The 交办函 of the item's current round: its lead and co-handling units and their dates."""
    from lianxin.casework.models import Assignment

    case = suggestion.case
    assignments = [
        a
        for a in case.assignments.select_related("unit").filter(round=case.round)
        if a.state != Assignment.State.RETURNED
    ]
    lead = next((a for a in assignments if a.kind == Assignment.Kind.LEAD), None)
    co = [a for a in assignments if a.kind == Assignment.Kind.CO]
    separate = [a for a in assignments if a.kind == Assignment.Kind.SEPARATE]
    first = lead or (separate[0] if separate else None)
    return {
        **_common(suggestion),
        # Listing: the text's own line breaks stay line breaks in Word (and it is escaped).
        "content": Listing(suggestion.content),
        "lead_unit": lead.unit.name if lead else "",
        "co_units": "、".join(a.unit.name for a in co),
        "units": "、".join(a.unit.name for a in separate),
        "assigned_on": _date(first.assigned_at) if first else "",
        "due_on": _date(first.due_date) if first else "",
        "co_due_on": _date(co[0].due_date) if co else "",
    }


def reply_context(suggestion, reply) -> dict:
    from lianxin.suggestions.casework_source import CATEGORY_MEANINGS

    return {
        **_common(suggestion),
        "unit": reply.assignment.unit.name if reply.assignment_id else "",
        "round": reply.round,
        "reply_category": reply.category,
        "reply_category_meaning": str(CATEGORY_MEANINGS.get(reply.category, "")),
        "reply_text": Listing(reply.text),
        "signed_off_by": reply.signed_off_by,
        "replied_on": _date(reply.replied_at),
        "promises": [{"text": p.text, "due_on": _date(p.due_date)} for p in reply.promises.all()],
    }
