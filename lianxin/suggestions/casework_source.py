"""How deputies' suggestions plug into the handling engine (legal-rules.md §8.1)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lianxin.casework import sources
from lianxin.casework.policy import Period, Policy
from lianxin.suggestions import signing

# 代表法 第51条: reply within 3 months of assignment, 6 for wide-ranging or difficult items and
# never later (S9); co-handlers in 1 month (S7, 沪/鲁/青); send-back within 7 working days (S8, 沪);
# rating within 15 working days (S14, 京); re-handling in 1 month (S15, 浙/鲁/沪/豫); first
# contact within 20 working days (S11, 渝). Deployments change them in LIANXIN_CASEWORK_POLICIES.
POLICY = Policy(
    reply=Period(months=3),
    cap=Period(months=6),
    co_opinion=Period(months=1),
    return_window=Period(workdays=7),
    rating_window=Period(workdays=15),
    rehandle=Period(months=1),
    categories=("A", "B", "C", "D"),
    promise_categories=("B", "C"),
    rate_attitude=True,
    first_contact=Period(workdays=20),
    letter_required=True,
    state_labels={
        "registered": _("已立案待交办"),
        "assigned": _("已交办"),
        "handling": _("办理中"),
        "replied": _("已答复待评价"),
        "rehandling": _("重新办理"),
        "closed": _("已办结"),
        "withdrawn": _("已撤回"),
    },
)

# What each reply category means (全国人大常委会办公厅的做法), shown beside the choice.
CATEGORY_MEANINGS = {
    "A": _("所提问题已经解决或者基本解决"),
    "B": _("正在解决或者列入规划逐步解决"),
    "C": _("因目前条件限制或者其他原因需待以后解决"),
    "D": _("留作参考"),
}


def _suggestion(case):
    from lianxin.suggestions.models import Suggestion

    return Suggestion.objects.select_related("deputy__user", "region").get(case=case)


def rater_label(suggestion) -> str:
    return f"deputy:{suggestion.deputy_id}"


def rater_for(actor, case) -> str | None:
    """The lead deputy rates for all signers (鲁-建议 第23条: 领衔代表汇总后反馈)."""
    suggestion = _suggestion(case)
    deputy = signing.deputy_of(actor)
    return rater_label(suggestion) if deputy is not None and deputy.pk == suggestion.deputy_id else None


def raters(case) -> set[str]:
    return {rater_label(_suggestion(case))}


def submitters(case) -> list[sources.Contact]:
    """Every signer receives the reply (S12: 联名的向每位代表分别发送)."""
    suggestion = _suggestion(case)
    signers = signing.standing(suggestion).select_related("deputy__user")
    return [sources.Contact(user=s.deputy.user, name=s.deputy.name) for s in signers if s.deputy.user_id]


def can_withdraw(actor, case) -> bool:
    suggestion = _suggestion(case)
    return suggestion.withdrawal_requested_at is not None and signing.everyone_consented(suggestion)


def facts(case) -> list[tuple[str, str]]:
    """What a unit needs: the suggestion and who to talk to (the law asks units to contact deputies)."""
    suggestion = _suggestion(case)
    names = "、".join(s.deputy.name for s in signing.standing(suggestion).select_related("deputy"))
    rows = [
        (str(_("建议编号")), suggestion.label),
        (str(_("建议内容")), suggestion.content),
        (str(_("类别")), suggestion.category),
        (str(_("领衔代表")), suggestion.deputy.name),
        (str(_("联名代表")), names),
        (str(_("所涉区域")), suggestion.region.name),
    ]
    if hasattr(suggestion, "priority"):
        rows.insert(0, (str(_("重点督办")), suggestion.priority.meeting))
    return rows


def office_url(case) -> str:
    return reverse("suggestions:detail", args=[_suggestion(case).pk])


def register() -> None:
    sources.register(
        sources.Source(
            key="suggestions",
            label=str(_("代表建议")),
            policy=POLICY,
            rater_for=rater_for,
            raters=raters,
            submitters=submitters,
            office_url=office_url,
            facts=facts,
            can_withdraw=can_withdraw,
        )
    )
