"""The 待办 panel: co-signers see their invitations, staff the suggestions waiting for review."""

from django.urls import reverse

from lianxin.conftest import client_for
from lianxin.suggestions import services
from lianxin.suggestions.tests.conftest import actor, drafted


def panel(user) -> str:
    return client_for(user).get(reverse("workbench:home")).content.decode()


def test_invitations_then_review_reach_the_right_workbench(world, people):
    suggestion = drafted(world, people)
    assert "待确认联名" not in panel(people.li.user)
    services.submit(actor=actor(world.deputy), suggestion=suggestion)
    assert "待确认联名" in panel(people.li.user)
    assert "待审核的代表建议" not in panel(world.staff)
    for deputy in (people.li, people.zhao):
        services.answer_invitation(actor=actor(deputy.user), suggestion=suggestion, agree=True)
    assert "待确认联名" not in panel(people.li.user)
    assert "待审核的代表建议" in panel(world.staff)
    assert "待审核的代表建议" not in panel(world.west_staff)
