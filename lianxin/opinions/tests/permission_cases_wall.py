"""Permission matrix: the 回音壁 — public pages for everyone, publication for staff in scope.

Publishing needs ``opinions.publish_opinion`` (staff of any working body); the other township's
staff hold it too but are told an east opinion does not exist.
"""

from lianxin.accounts.tests.matrix import STAFF, Case
from lianxin.opinions import wall
from lianxin.opinions.models import Opinion
from lianxin.opinions.tests.intake_fixtures import accepted, make_opinion, replied, staff_actor


def _answered(w) -> Opinion:
    existing = Opinion.objects.filter(title="回音壁矩阵待公开").first()
    if existing is not None:
        return existing
    opinion = accepted(w, make_opinion(w, title="回音壁矩阵待公开"))
    replied(w, opinion)
    opinion.refresh_from_db()
    return opinion


def _published(w) -> Opinion:
    existing = Opinion.objects.filter(title="回音壁矩阵已公开").first()
    if existing is not None:
        return existing
    opinion = accepted(w, make_opinion(w, title="回音壁矩阵已公开"))
    replied(w, opinion)
    opinion.refresh_from_db()
    return wall.publish(
        actor=staff_actor(w.staff), opinion=opinion, title="路灯不亮", content="路灯不亮。", reply="已修复。"
    )


CASES = {
    "wall:list": Case(public=True),
    "wall:stats": Case(public=True),
    "wall:detail": Case(public=True, kwargs=lambda w: {"pk": _published(w).pk}),
    "wall_office:candidates": Case(ok=STAFF | {"west_staff"}),
    "wall_office:publish": Case(ok=STAFF, hidden={"west_staff"}, kwargs=lambda w: {"pk": _answered(w).pk}),
    "wall_office:unpublish": Case(
        ok=STAFF, hidden={"west_staff"}, method="post", kwargs=lambda w: {"pk": _published(w).pk}
    ),
}
