"""Permission matrix: 云接待's office screens and its public pages."""

from lianxin.accounts.tests.matrix import KEEPERS, Case
from lianxin.onlinestation.tests.helpers import make_question, make_session

CASES = {
    "onlinestation:list": Case(ok=KEEPERS | {"leader", "liaison", "deputy", "west_staff", "west_liaison"}),
    "onlinestation:create": Case(ok=KEEPERS | {"liaison", "west_staff", "west_liaison"}),
    # The east station's session: its liaison and the deputy on duty, the county office; not the west.
    "onlinestation:detail": Case(
        ok=KEEPERS | {"leader", "liaison", "deputy"},
        hidden={"west_staff", "west_liaison"},
        kwargs=lambda w: {"pk": make_session(w).pk},
    ),
    "onlinestation:answer": Case(
        ok={"deputy"}, method="post", kwargs=lambda w: {"pk": make_question(make_session(w)).pk}
    ),
    "onlinestation_public:schedule": Case(public=True),
    "onlinestation_public:session": Case(public=True, kwargs=lambda w: {"pk": make_session(w).pk}),
}
