"""Permission matrix: 分流建议. The opinion's hints go to whoever may handle it (its station's
liaison, staff in scope; the west township is told it does not exist); similar suggestions to the
deputy drafting one; the models page to staff."""

from lianxin.accounts.tests.matrix import STAFF, Case
from lianxin.casework.tests.permission_cases import _registered
from lianxin.opinions.tests.permission_cases_office import HANDLERS, WEST, submitted
from lianxin.suggestions.tests.permission_cases import _draft

CASES = {
    "routing:models": Case(ok=STAFF | {"west_staff"}),  # each sees the models of their own scope
    "routing:opinion_panel": Case(ok=HANDLERS, hidden=WEST, kwargs=submitted),
    "routing:suggestion_panel": Case(ok={"deputy"}, kwargs=_draft),
    "routing:case_units": Case(ok=STAFF, hidden={"west_staff"}, kwargs=_registered),
}
