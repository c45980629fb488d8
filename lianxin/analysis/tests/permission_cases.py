"""Permission matrix: 民意热点 for staff and leaders, 答复质量审核 for staff in scope."""

from lianxin.accounts.tests.matrix import STAFF, Case
from lianxin.analysis.tests.fixtures import weak_review

CASES = {
    "analysis:hot_topics": Case(ok=STAFF | {"leader", "west_staff"}),
    "analysis:reply_queue": Case(ok=STAFF | {"west_staff"}),
    "analysis:release": Case(
        ok=STAFF, hidden={"west_staff"}, method="post", kwargs=lambda w: {"pk": weak_review(w).pk}
    ),
    "analysis:send_back": Case(
        ok=STAFF, hidden={"west_staff"}, method="post", kwargs=lambda w: {"pk": weak_review(w).pk}
    ),
}
