"""找站点 and the station's public page: next 接待日 within the announced window, no personal data."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lianxin.opinions.models import Opinion
from lianxin.stations.models import Station
from lianxin.stations.tests.fixtures import day

FINDER = reverse("stations_public:finder")


def station_page(world, client):
    return client.get(reverse("stations_public:station", args=[world.east_station.public_code]))


def test_the_finder_shows_each_station_with_its_next_reception_day(world, client):
    coming = day(world, days_from_today=4)
    response = client.get(FINDER)
    by_name = {s.name: s for s in response.context["page"].object_list}
    assert by_name["东城镇人大代表联络站"].next_day == coming.date
    assert by_name["西山乡代表之家"].next_day is None
    assert coming.date.strftime("%Y年%-m月%-d日") in response.content.decode()


def test_a_day_further_ahead_than_announced_is_not_shown(world, client):
    world.east_station.announce_days = 3
    world.east_station.save()
    day(world, days_from_today=10)
    response = client.get(FINDER)
    by_name = {s.name: s for s in response.context["page"].object_list}
    assert by_name["东城镇人大代表联络站"].next_day is None
    assert (
        "王建国"
        not in station_page(world, client).content.decode().split("接待选民日")[1].split("进站代表")[0]
    )


def test_the_finder_filters_by_township_and_by_name(world, client):
    def found(**query):
        return [s.name for s in client.get(FINDER, query).context["page"].object_list]

    assert found(county=world.county.code, region=world.west.code) == ["西山乡代表之家"]
    assert found(county=world.county.code) == ["东城镇人大代表联络站", "西山乡代表之家"]
    # A township without its county, or of another county, is left aside; the words still count.
    assert found(region=world.west.code, q="联络站") == ["东城镇人大代表联络站"]
    assert found(q="代表之家") == ["西山乡代表之家"]


def test_closed_stations_are_not_found(world, client):
    world.west_station.is_active = False
    world.west_station.save()
    names = [s.name for s in client.get(FINDER).context["page"].object_list]
    assert names == ["东城镇人大代表联络站"]
    code = world.west_station.public_code
    assert client.get(reverse("stations_public:station", args=[code])).status_code == 404


def test_the_finder_reads_a_fixed_number_of_queries(world, client):
    client.get(FINDER)  # warm the region choices' cache
    with CaptureQueriesContext(connection) as first:
        client.get(FINDER)
    for number in range(30):
        Station.objects.create(name=f"东城第{number}联络点", kind=Station.Kind.POINT, region=world.east)
    with CaptureQueriesContext(connection) as more:
        client.get(FINDER)
    assert len(more) == len(first)


def test_the_station_page_shows_the_duty_deputies_and_never_a_phone(world, client):
    coming = day(world, days_from_today=2)
    world.east_station.public_phone = "0571-88886666"
    world.east_station.save()
    page = station_page(world, client).content.decode()
    assert coming.date.strftime("%Y年%-m月%-d日") in page
    assert "值班代表：王建国" in page
    assert "0571-88886666" in page  # the station's own public line
    assert "13812345678" not in page  # the deputy's phone, in no form
    assert "138****5678" not in page


def test_the_notice_board_lists_published_answers_of_this_station_only(world, client):
    common = {
        "channel": "reception",
        "content": "内容",
        "region": world.east,
        "submitter_phone": "13912345678",
    }
    Opinion.objects.create(
        title="原始标题",
        station=world.east_station,
        public_title="东城路灯已修复",
        published_at=timezone.now(),
        **common,
    )
    Opinion.objects.create(title="未公开", station=world.east_station, **common)
    Opinion.objects.create(
        title="西山",
        station=world.west_station,
        public_title="西山的事",
        published_at=timezone.now(),
        **common,
    )
    page = station_page(world, client).content.decode()
    assert "东城路灯已修复" in page
    assert "未公开" not in page
    assert "西山的事" not in page
    assert "原始标题" not in page


def test_the_station_code_is_a_qr_code_of_the_stations_opinion_form(world, client):
    response = client.get(reverse("stations_public:qr_svg", args=[world.east_station.public_code]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert b"<svg" in response.content
    png = client.get(reverse("stations_public:qr_png", args=[world.east_station.public_code]))
    assert png.content.startswith(b"\x89PNG")


def test_a_rule_without_planned_days_is_described(world, client):
    world.east_station.reception_day_of_month = 10
    world.east_station.save()
    assert "每月10日为接待选民日" in station_page(world, client).content.decode()


def test_the_township_select_offers_the_chosen_countys_townships_with_stations(world, client):
    assert client.get(FINDER).context["form"].fields["region"].choices == [("", "全部")]
    form = client.get(FINDER, {"county": world.county.code}).context["form"]
    assert form.fields["region"].choices == [("", "全部"), ("990101001", "东城镇"), ("990101002", "西山乡")]
    assert form.fields["county"].choices == [("", "全部"), ("990101", "连心县")]
