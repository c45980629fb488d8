"""建议办理台账: one row per suggestion of a congress and year, streamed to Excel.

The rows carry no personal data beyond deputies' names (public office holders); any masked
value would go out masked (``spreadsheets.export.cell_value``).
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lianxin.casework.models import Case, Rating
from lianxin.suggestions.handling_facts import facts

HEADERS = [
    gettext_lazy("编号"),
    gettext_lazy("标题"),
    gettext_lazy("领衔代表"),
    gettext_lazy("代表团"),
    gettext_lazy("类别"),
    gettext_lazy("主办单位"),
    gettext_lazy("会办单位"),
    gettext_lazy("办理状态"),
    gettext_lazy("立案日期"),
    gettext_lazy("交办日期"),
    gettext_lazy("答复期限"),
    gettext_lazy("答复日期"),
    gettext_lazy("按期答复"),
    gettext_lazy("答复类别"),
    gettext_lazy("办理态度评价"),
    gettext_lazy("办理结果评价"),
    gettext_lazy("承诺事项（落实中）"),
    gettext_lazy("承诺事项（已落实）"),
    gettext_lazy("是否办成"),
    gettext_lazy("重点督办"),
]

_RATINGS = dict(Rating.Value.choices)
_STATES = dict(Case.State.choices)


def _yes_no(value) -> str:
    if value is None:
        return ""
    return _("是") if value else _("否")


def rows(queryset):
    """The ledger's rows for ``queryset`` (already filtered), in number order, batch by batch."""
    for item in facts(queryset):
        yield [
            item.label,
            item.title,
            item.deputy,
            item.delegation,
            item.category,
            "、".join(name for _id, name in item.lead_units),
            "、".join(name for _id, name in item.co_units),
            str(_STATES.get(item.case_state, "")),
            item.accepted_on,
            item.assigned_on,
            item.due_date,
            item.first_reply_on,
            _yes_no(item.on_time),
            item.reply_category,
            str(_RATINGS.get(item.attitude, "")),
            str(_RATINGS.get(item.result, "")),
            item.promises_open,
            item.promises_done,
            _yes_no(item.solved) if item.closed else "",
            _yes_no(item.priority),
        ]
