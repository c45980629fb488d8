from django.urls import reverse

from lianxin.regions.models import Region
from lianxin.regions.scoping import filter_regions
from lianxin.stations.models import Station


def _second_county(world):
    county = Region.objects.create(name="同心县", code="990102", level=Region.Level.COUNTY, parent=world.city)
    town = Region.objects.create(name="南湖镇", code="990102001", level=Region.Level.TOWNSHIP, parent=county)
    Station.objects.create(name="南湖镇代表之家", kind=Station.Kind.HOME, region=town)
    return county


def test_one_county_offers_its_townships_directly(client, world):
    body = client.get(reverse("workbench:home")).content.decode()
    assert 'name="county"' not in body
    assert "西山乡" in body


def test_several_counties_are_chosen_first_then_their_townships(client, world):
    county = _second_county(world)
    first = client.get(reverse("workbench:home")).content.decode()
    assert 'name="county"' in first
    assert 'name="region"' not in first
    picked = client.get(reverse("workbench:home"), {"county": county.code}).content.decode()
    assert "南湖镇代表之家" in picked
    assert "东城镇人大代表联络站" not in picked
    # Picking another county drops the township chosen in the first one.
    switched = client.get(reverse("workbench:home"), {"county": county.code, "region": world.east.code})
    assert "南湖镇代表之家" in switched.content.decode()


def test_a_township_link_alone_finds_its_county(client, world):
    _second_county(world)
    body = client.get(reverse("workbench:home"), {"region": world.west.code}).content.decode()
    assert "西山乡代表之家" in body
    assert "东城镇人大代表联络站" not in body


def test_public_figures_count_each_serving_deputy_once(client, world):
    body = client.get(reverse("workbench:home")).content.decode()
    # 王建国 holds two seats and counts once.
    assert "在任各级人大代表 2 名" in body


def test_list_filters_offer_two_levels_below_the_scope(world):
    county_choices = set(filter_regions(world.staff, "deputies.view_deputy").values_list("name", flat=True))
    assert county_choices == {"连心县", "东城镇", "西山乡"}
    from lianxin.accounts.models import Membership, User
    from lianxin.accounts.roles import Role, WorkingBody

    province_staff = User.objects.create_user(username="p", password="x", name="省工委")
    Membership.objects.create(
        user=province_staff, role=Role.STAFF, region=world.province, working_body=WorkingBody.DEPUTY_AFFAIRS
    )
    province_choices = set(
        filter_regions(province_staff, "deputies.view_deputy").values_list("level", flat=True)
    )
    assert province_choices == {Region.Level.PROVINCE, Region.Level.CITY, Region.Level.COUNTY}
