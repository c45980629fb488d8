"""Permission matrix: 星级评定's office screens and its public results."""

from lianxin.accounts.tests.matrix import KEEPERS, Case
from lianxin.stationrating.tests.helpers import make_application, make_round, make_template

VIEW_ROUND = KEEPERS | {"committee", "leader", "liaison", "deputy", "west_staff", "west_liaison"}

CASES = {
    "stationrating:list": Case(ok=VIEW_ROUND),
    "stationrating:create": Case(ok=KEEPERS | {"west_staff"}),
    # A county round: its township liaisons see it (it covers their stations); its assessors
    # (office, leader) see it; the west township's staff do not.
    "stationrating:detail": Case(
        ok=KEEPERS | {"committee", "leader", "liaison", "west_liaison"},
        hidden={"deputy", "west_staff"},
        kwargs=lambda w: {"pk": make_round(w).pk},
    ),
    "stationrating:apply": Case(ok={"liaison", "west_liaison"}, kwargs=lambda w: {"pk": make_round(w).pk}),
    "stationrating:combine": Case(
        ok=KEEPERS, hidden={"west_staff"}, method="post", kwargs=lambda w: {"pk": make_round(w).pk}
    ),
    "stationrating:publish": Case(
        ok=KEEPERS, hidden={"west_staff"}, method="post", kwargs=lambda w: {"pk": make_round(w).pk}
    ),
    "stationrating:application": Case(
        ok=KEEPERS | {"leader", "liaison"},
        hidden={"committee", "deputy", "west_staff", "west_liaison"},
        kwargs=lambda w: {"pk": make_application(w, make_round(w)).pk},
    ),
    # Only the round's assessors (office and leader here) score.
    "stationrating:score": Case(
        ok={"office", "leader"},
        hidden={"committee", "deputy", "west_staff"},
        kwargs=lambda w: {"pk": make_application(w, make_round(w)).pk},
    ),
    "stationrating:templates": Case(ok=KEEPERS | {"leader", "west_staff"}),
    "stationrating:template_create": Case(ok=KEEPERS | {"west_staff"}),
    "stationrating:template_detail": Case(
        ok=KEEPERS | {"leader"}, hidden={"west_staff"}, kwargs=lambda w: {"pk": make_template(w).pk}
    ),
    "stationrating:template_edit": Case(
        ok=KEEPERS, hidden={"west_staff"}, kwargs=lambda w: {"pk": make_template(w).pk}
    ),
    "stationrating_public:results": Case(public=True),
}
