"""Permission matrix: publication of suggestions and motions' reports (S17, M8). The public pages
are for everyone; reviewing and publishing is for staff in scope (the west township's staff are
told the east's items do not exist)."""

import datetime

from lianxin.accounts.tests.matrix import STAFF, Case
from lianxin.congresses.models import Session
from lianxin.suggestions.models import Motion, MotionReport, Publication, Suggestion
from lianxin.suggestions.tests.permission_cases import _draft


def _published(w) -> dict:
    suggestion = Suggestion.objects.get(pk=_draft(w)["pk"])
    publication, _created = Publication.objects.get_or_create(
        suggestion=suggestion,
        defaults={
            "title": "关于东城社区路灯维护的建议",
            "content": "建议建立路灯巡查制度。",
            "reply": "已建立巡查制度。",
            "published_at": datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC),
        },
    )
    return {"pk": publication.pk}


def _listed_motion(w) -> Motion:
    session = Session.objects.get_or_create(
        term=w.county_term,
        number=2,
        defaults={"start_date": datetime.date(2023, 1, 5), "end_date": datetime.date(2023, 1, 8)},
    )[0]
    motion, _created = Motion.objects.get_or_create(
        title="关于制定古村落保护条例的议案",
        defaults={
            "deputy": w.east_deputy,
            "congress": w.county_congress,
            "session": session,
            "region": w.east,
            "basis": "古村落损毁严重。",
            "plan": "制定条例。",
            "status": Motion.Status.LISTED,
            "created_by": w.staff,
        },
    )
    motion.signers.get_or_create(deputy=w.east_deputy, defaults={"is_lead": True})
    return motion


def _report(w) -> dict:
    return {"pk": _listed_motion(w).pk, "kind": MotionReport.Kind.HANDLING}


def _session(w) -> dict:
    motion = _listed_motion(w)
    MotionReport.objects.get_or_create(
        motion=motion,
        kind=MotionReport.Kind.REVIEW_RESULT,
        defaults={
            "text": "审议结果。",
            "public_text": "审议结果。",
            "reported_on": datetime.date(2023, 3, 1),
            "entered_by": w.staff,
            "published_at": datetime.datetime(2023, 3, 2, tzinfo=datetime.UTC),
        },
    )
    return {"pk": motion.session_id}


CASES = {
    "suggestions_public:list": Case(public=True),
    "suggestions_public:detail": Case(public=True, kwargs=_published),
    "suggestions_public:sessions": Case(public=True),
    "suggestions_public:session": Case(public=True, kwargs=_session),
    "suggestions:publish": Case(ok=STAFF, hidden={"west_staff"}, kwargs=_draft),
    "suggestions:unpublish": Case(ok=STAFF, hidden={"west_staff"}, method="post", kwargs=_draft),
    "suggestions:motion_report": Case(ok=STAFF, hidden={"west_staff"}, kwargs=_report),
    "suggestions:motion_report_reject": Case(
        ok=STAFF, hidden={"west_staff"}, method="post", kwargs=lambda w: {"pk": _listed_motion(w).pk}
    ),
    "suggestions:motion_report_publish": Case(ok=STAFF, hidden={"west_staff"}, method="post", kwargs=_report),
    "suggestions:motion_report_unpublish": Case(
        ok=STAFF, hidden={"west_staff"}, method="post", kwargs=_report
    ),
}
