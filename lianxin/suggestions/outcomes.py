"""How a suggestion ended (答复型 → 落实型): solved (办成), still being carried out, or not solved.

办成 = the item is closed and either every promise of its replies has been confirmed done by the
deputy, or — with no promises — its last reply was category A (所提问题已经解决或者基本解决).
"""

from django.utils.translation import gettext as _

from lianxin.casework.models import Case, Promise

SOLVED, CARRYING_OUT, NOT_SOLVED = "solved", "carrying_out", "not_solved"

LABELS = {SOLVED: _("已办成"), CARRYING_OUT: _("承诺事项落实中"), NOT_SOLVED: _("未办成")}


def outcome(suggestion) -> str:
    """One of SOLVED, CARRYING_OUT, NOT_SOLVED, or "" while the item is still being handled."""
    case = suggestion.case
    if case is None or case.state != Case.State.CLOSED:
        return ""
    states = set(case.promises.values_list("state", flat=True))
    if states:
        return SOLVED if states == {Promise.State.CONFIRMED} else CARRYING_OUT
    last = case.replies.order_by("-round", "-replied_at").values_list("category", flat=True).first()
    return SOLVED if last == "A" else NOT_SOLVED


def outcome_label(suggestion) -> str:
    return str(LABELS.get(outcome(suggestion), ""))
