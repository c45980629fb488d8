"""Permission matrix: deputies' suggestions and motions. A deputy sees what they lead or were asked
to sign; staff review, decide and mark priorities in their scope; leaders read; the west township's
staff are told the east's do not exist."""

import datetime

from lianxin.accounts.tests.matrix import STAFF, Case
from lianxin.congresses.models import Session
from lianxin.suggestions.models import Motion, Suggestion


def _draft(w) -> dict:
    suggestion, _created = Suggestion.objects.get_or_create(
        title="关于东城社区路灯维护的建议",
        defaults={
            "deputy": w.east_deputy,
            "congress": w.county_congress,
            "term": w.county_term,
            "region": w.east,
            "category": "城乡建设",
            "content": "建议建立路灯巡查制度，坏了三天内修好，并公布报修电话。",
            "created_by": w.staff,
        },
    )
    suggestion.signers.get_or_create(deputy=w.east_deputy, defaults={"is_lead": True})
    return {"pk": suggestion.pk}


def _motion(w) -> dict:
    session = Session.objects.get_or_create(
        term=w.county_term,
        number=1,
        defaults={"start_date": datetime.date(2022, 1, 5), "end_date": datetime.date(2022, 1, 8)},
    )[0]
    motion, _created = Motion.objects.get_or_create(
        title="关于制定农村人居环境治理办法的议案",
        defaults={
            "deputy": w.east_deputy,
            "congress": w.county_congress,
            "session": session,
            "region": w.east,
            "basis": "农村生活垃圾收运体系不健全。",
            "plan": "制定办法，明确收运责任。",
            "created_by": w.staff,
        },
    )
    motion.signers.get_or_create(deputy=w.east_deputy, defaults={"is_lead": True})
    return {"pk": motion.pk}


def _promise(w) -> dict:
    # A promise that is not on this suggestion: the deputy is told it does not exist.
    return {"pk": _draft(w)["pk"], "promise_pk": 999999}


DEPUTY = {"deputy"}

CASES = {
    "suggestions:list": Case(ok=STAFF | {"leader", "deputy", "west_staff"}),
    # The ledger and the statistics: offices and leaders, each over the congresses in their scope.
    "suggestions:ledger": Case(ok=STAFF | {"leader", "west_staff"}),
    "suggestions:statistics": Case(ok=STAFF | {"leader", "west_staff"}),
    "suggestions:detail": Case(ok=STAFF | {"leader", "deputy"}, hidden={"west_staff"}, kwargs=_draft),
    "suggestions:accept": Case(ok=STAFF, hidden={"west_staff"}, method="post", kwargs=_draft),
    "suggestions:review": Case(ok=STAFF, hidden={"west_staff"}, method="post", kwargs=_draft),
    "suggestions:prioritise": Case(ok=STAFF, hidden={"west_staff"}, method="post", kwargs=_draft),
    # No priority on the draft: there is nothing to report on.
    "suggestions:progress": Case(hidden=STAFF | {"west_staff"}, method="post", kwargs=_draft),
    "suggestions:motions": Case(ok=STAFF | {"leader", "deputy", "west_staff"}),
    "suggestions:motion_detail": Case(ok=STAFF | {"leader", "deputy"}, hidden={"west_staff"}, kwargs=_motion),
    "suggestions:decide_motion": Case(ok=STAFF, hidden={"west_staff"}, method="post", kwargs=_motion),
    "suggestions:consent_motion_withdrawal": Case(
        ok=STAFF, hidden={"west_staff"}, method="post", kwargs=_motion
    ),
    "suggestions:mine": Case(ok=DEPUTY),
    "suggestions:new": Case(ok=DEPUTY),
    "suggestions:mine_detail": Case(ok=DEPUTY, kwargs=_draft),
    "suggestions:edit": Case(ok=DEPUTY, kwargs=_draft),
    "suggestions:submit": Case(ok=DEPUTY, method="post", kwargs=_draft),
    "suggestions:cosign": Case(ok=DEPUTY, method="post", kwargs=_draft),
    "suggestions:withdraw": Case(ok=DEPUTY, method="post", kwargs=_draft),
    "suggestions:consent": Case(ok=DEPUTY, method="post", kwargs=_draft),
    "suggestions:rate": Case(ok=DEPUTY, method="post", kwargs=_draft),
    "suggestions:check_promise": Case(hidden=DEPUTY, method="post", kwargs=_promise),
    "suggestions:motion_new": Case(ok=DEPUTY),
    "suggestions:mine_motion": Case(ok=DEPUTY, kwargs=_motion),
    "suggestions:motion_edit": Case(ok=DEPUTY, kwargs=_motion),
    "suggestions:motion_submit": Case(ok=DEPUTY, method="post", kwargs=_motion),
    "suggestions:motion_cosign": Case(ok=DEPUTY, method="post", kwargs=_motion),
    "suggestions:motion_withdraw": Case(ok=DEPUTY, method="post", kwargs=_motion),
    "suggestions:motion_unsign": Case(ok=DEPUTY, method="post", kwargs=_motion),
    "suggestions:motion_reconsider": Case(ok=DEPUTY, method="post", kwargs=_motion),
}
