"""Drafts of deputies' suggestions made from citizens' opinions: who sees them, and the link back."""

import pytest
from django.urls import reverse

from lianxin.accounts.actor import Actor
from lianxin.audit.models import Event
from lianxin.conftest import client_for
from lianxin.deputies.models import Deputy, Seat
from lianxin.opinions.tests.intake_fixtures import make_opinion
from lianxin.suggestions import services
from lianxin.suggestions.models import Suggestion

LIST_URL = reverse("suggestions:list")


def staff(world) -> Actor:
    return Actor(user=world.staff, role="staff")


@pytest.fixture
def draft(world):
    opinion = make_opinion(world, deputy=world.east_deputy)
    return services.create_draft_from_opinion(actor=staff(world), opinion=opinion, deputy=world.east_deputy)


def titles(response) -> list[str]:
    return [row["cells"][0] for row in response.context["rows"]]


def test_a_draft_carries_the_opinion_and_is_recorded(world, draft):
    assert (draft.status, draft.region, draft.content) == (
        Suggestion.Status.DRAFT,
        world.east,
        draft.source_opinion.content,
    )
    event = Event.objects.get(action="suggestions.suggestion.drafted_from_opinion")
    assert event.data["opinion"] == draft.source_opinion.tracking_code


def test_an_opinion_becomes_a_suggestion_only_once(world, draft):
    count = Suggestion.objects.count()
    with pytest.raises(services.SuggestionError) as raised:
        services.create_draft_from_opinion(
            actor=staff(world), opinion=draft.source_opinion, deputy=world.east_deputy
        )
    assert raised.value.messages == ["这件意见已经转为代表建议。"]
    assert Suggestion.objects.count() == count


def test_the_closest_congress_the_deputy_serves_in_is_chosen(world):
    # A county deputy only: the county's congress covers the township's opinion.
    county_only = Deputy.objects.create(name="县代表", gender="male", region=world.east)
    Seat.objects.create(deputy=county_only, term=world.county_term)
    assert services.congress_for(county_only, world.east_village) == world.county_congress
    # Serving only in the west township: no congress covers an east opinion; theirs is used.
    assert services.congress_for(world.west_deputy, world.east).region == world.west


def test_a_deputy_sees_only_their_own_drafts(world, draft):
    other = make_opinion(world, title="西山村道路", region=world.west)
    services.create_draft_from_opinion(actor=staff(world), opinion=other, deputy=world.west_deputy)
    assert titles(client_for(world.deputy).get(LIST_URL)) == [draft.title]
    assert set(titles(client_for(world.staff).get(LIST_URL))) == {draft.title, "西山村道路"}
    assert titles(client_for(world.west_staff).get(LIST_URL)) == ["西山村道路"]


def test_the_detail_links_back_to_the_opinion_for_those_who_may_open_it(world, draft):
    url = reverse("suggestions:detail", args=[draft.pk])
    back = reverse("opinions:office_detail", args=[draft.source_opinion.pk])
    body = client_for(world.deputy).get(url).content.decode()
    assert draft.source_opinion.tracking_code in body
    assert back in body
    assert client_for(world.west_staff).get(url).status_code == 404
