"""How citizens' opinions plug into the handling engine."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lianxin.casework import sources
from lianxin.casework.policy import Period, Policy

# Defaults follow common local practice for 社情民意 and the 12345 hotline rules: a reply in
# 15 working days, at most 30 with an extension; deployments change them in settings.
POLICY = Policy(
    reply=Period(workdays=15),
    cap=Period(workdays=30),
    co_opinion=Period(workdays=7),
    return_window=Period(workdays=3),
    rating_window=Period(workdays=10),
    rehandle=Period(workdays=10),
    categories=("已解决", "正在解决", "暂不具备解决条件", "解释说明"),
    state_labels={
        "registered": _("待分办"),
        "assigned": _("已交办"),
        "handling": _("办理中"),
        "replied": _("已答复待评价"),
        "rehandling": _("重新办理"),
        "closed": _("已办结"),
        "withdrawn": _("已撤回"),
    },
)


def _opinion(case):
    from lianxin.opinions.models import Opinion

    return Opinion.objects.select_related("deputy__user", "station", "region", "category").get(case=case)


def can_answer(actor, case) -> bool:
    """The deputy the opinion was brought to, the liaison of its station, or staff in scope."""
    user = actor.user
    if user is None:
        return False
    opinion = _opinion(case)
    if opinion.deputy is not None and opinion.deputy.user_id == user.pk:
        return True
    if opinion.station is not None and opinion.station.liaisons.filter(pk=user.pk).exists():
        return True
    return user.has_perm("casework.assign_case", case)


def raters(case) -> set[str]:
    from lianxin.opinions.models import Opinion

    opinion = _opinion(case)
    merged = Opinion.objects.filter(merged_into=opinion).values_list("pk", flat=True)
    return {opinion.rater_label(), *(f"opinion:{pk}" for pk in merged)}


def rater_for(actor, case) -> str | None:
    # A citizen proves who they are with a tracking code; the view turns that into ``subject``.
    return actor.subject if actor.subject and actor.subject in raters(case) else None


def submitters(case) -> list[sources.Contact]:
    from lianxin.opinions.models import Opinion

    opinion = _opinion(case)
    people = [opinion, *Opinion.objects.filter(merged_into=opinion)]
    return [
        sources.Contact(phone=o.submitter_phone, name=o.submitter_name) for o in people if o.submitter_phone
    ]


def facts(case) -> list[tuple[str, str]]:
    """What a unit needs to handle the opinion: what was raised and where. Never who raised it:
    the unit answers through the engine, and the citizen's phone and name stay with the office."""
    opinion = _opinion(case)
    return [
        (str(_("反映内容")), opinion.content),
        (str(_("所在区域")), opinion.region.name),
        (str(_("具体地点")), opinion.place),
        (str(_("分类")), opinion.category.name if opinion.category_id else ""),
        (str(_("渠道")), opinion.get_channel_display()),
        (str(_("提交时间")), f"{timezone.localtime(opinion.submitted_at):%Y-%m-%d %H:%M}"),
    ]


def office_url(case) -> str:
    return reverse("opinions:office_detail", args=[_opinion(case).pk])


def register() -> None:
    sources.register(
        sources.Source(
            key="opinions",
            label=str(_("群众意见")),
            policy=POLICY,
            can_answer=can_answer,
            rater_for=rater_for,
            raters=raters,
            submitters=submitters,
            office_url=office_url,
            facts=facts,
        )
    )
