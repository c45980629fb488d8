import pytest

from lianxin.casework import sources
from lianxin.casework.policy import Period, Policy

TEST_POLICY = Policy(
    reply=Period(months=3),
    cap=Period(months=6),
    co_opinion=Period(months=1),
    return_window=Period(workdays=7),
    rating_window=Period(workdays=15),
    rehandle=Period(months=1),
    categories=("A", "B", "C", "D"),
    state_labels={"registered": "已立案"},
)


def _rater(actor, case):
    # In these tests the citizen persona is the submitter of every case.
    user = actor.user
    return f"user:{user.pk}" if user is not None and user.username == "citizen" else None


@pytest.fixture(autouse=True)
def test_source(world):
    source = sources.register(
        sources.Source(
            key="test",
            label="测试来源",
            policy=TEST_POLICY,
            can_answer=lambda actor, case: actor.user is not None and actor.user.username == "deputy",
            rater_for=_rater,
            raters=lambda case: {f"user:{world.citizen.pk}"},
        )
    )
    return source
