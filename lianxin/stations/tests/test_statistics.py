"""阵地统计: 进站率, visitors, opinions collected, share answered and on time; the duty ledger."""

import datetime

from django.urls import reverse
from django.utils import timezone

from lianxin.casework.models import Case, Reply
from lianxin.opinions.models import Opinion
from lianxin.opinions.tests.intake_fixtures import _empty_outbox  # noqa: F401
from lianxin.spreadsheets.tests.workbooks import opened, sheet_rows
from lianxin.stations import services, statistics
from lianxin.stations.models import Station
from lianxin.stations.tests.fixtures import activity, actor, day
from lianxin.stations.tests.test_receptions import matter

STATS_URL = reverse("stations:statistics")


def _opinion(world, title, *, due=None, replied_days_ago=None, station=None) -> Opinion:
    opinion = Opinion.objects.create(
        channel=Opinion.Channel.STATION_CODE,
        title=title,
        content="内容",
        region=world.east,
        submitter_phone="13912345678",
        station=station or world.east_station,
    )
    if replied_days_ago is not None:
        case = Case.objects.create(source="opinions", title=title, region=world.east, due_date=due)
        Reply.objects.create(
            case=case,
            round=1,
            text="已答复",
            replied_by=world.staff,
            replied_at=timezone.now() - datetime.timedelta(days=replied_days_ago),
        )
        opinion.case = case
        opinion.save(update_fields=["case"])
    return opinion


def test_figures_per_station(world):
    world.east_station.deputies.add(world.west_deputy)  # two deputies; one comes
    services.log_reception(actor=actor(world.liaison), **matter(world))
    today = timezone.localdate()
    _opinion(world, "按期", due=today, replied_days_ago=1)
    _opinion(world, "逾期", due=today - datetime.timedelta(days=5), replied_days_ago=0)
    _opinion(world, "未答复")
    start = today - datetime.timedelta(days=30)
    rows = dict(statistics.station_figures(Station.objects.all(), start, today))
    east = rows[world.east_station]
    assert (east.deputies, east.deputies_came, east.attendance_rate) == (2, 1, "50.0%")
    assert east.visitors == 1
    # The reception's own opinion and the three that came by the station's code.
    assert (east.opinions, east.answered, east.on_time) == (4, 2, 1)
    assert (east.answered_share, east.on_time_share) == ("50.0%", "50.0%")
    west = rows[world.west_station]
    assert (west.opinions, west.attendance_rate, west.answered_share) == (0, "0.0%", "—")


def test_days_and_activities_count_as_coming(world):
    present = day(world, days_from_today=0)
    present.present.add(world.east_deputy)
    activity(world)
    today = timezone.localdate()
    rows = dict(statistics.station_figures(Station.objects.all(), today - datetime.timedelta(days=30), today))
    assert rows[world.east_station].deputies_came == 1
    assert rows[world.east_station].days == 1
    assert rows[world.east_station].activities == 1


def test_outside_the_period_nothing_counts(world):
    activity(world)  # three days ago
    today = timezone.localdate()
    rows = dict(statistics.station_figures(Station.objects.all(), today - datetime.timedelta(days=1), today))
    assert rows[world.east_station].activities == 0
    assert rows[world.east_station].deputies_came == 0


def test_regions_roll_up_with_a_total(world):
    _opinion(world, "东城一")
    _opinion(world, "西山一", station=world.west_station)
    today = timezone.localdate()
    rows = statistics.station_figures(Station.objects.all(), today - datetime.timedelta(days=30), today)
    rolled = statistics.region_figures(rows, world.county)
    assert [(f.label, f.stations, f.opinions, f.deputies) for f in rolled] == [
        ("东城镇", 1, 1, 1),
        ("西山乡", 1, 1, 1),
        ("合计", 2, 2, 2),
    ]


def test_a_liaison_sees_the_figures_of_their_own_station_only(world, as_user):
    response = as_user(world.liaison).get(STATS_URL)
    assert [station.name for station, _row in response.context["station_rows"]] == ["东城镇人大代表联络站"]


def test_a_period_ending_before_it_starts_is_refused(world, as_user):
    response = as_user(world.staff).get(STATS_URL, {"start": "2026-05-01", "end": "2026-04-01"})
    assert "截止日期不能早于起始日期" in response.content.decode()


def test_the_statistics_and_the_duty_ledger_export(world, as_user):
    activity(world)
    client = as_user(world.staff)
    rows = sheet_rows(opened(client.get(STATS_URL, {"format": "xlsx"})).active)
    assert rows[0][:4] == ["履职阵地", "进站代表", "到站代表", "进站率"]
    assert rows[1][:4] == ["东城镇人大代表联络站", 1, 1, "100.0%"]
    duty = sheet_rows(opened(client.get(reverse("stations:duty_ledger"))).active)
    assert duty[0] == [
        "代表",
        "所在区域",
        "进驻阵地",
        "排班次数",
        "到站次数",
        "接待群众人次",
        "参加活动次数",
        "收到意见",
    ]
    assert duty[2] == ["王建国", "东城社区", "东城镇人大代表联络站", 0, 0, 0, 1, 0]


def test_the_page_rolls_up_below_the_top_of_the_users_scope(world, as_user):
    response = as_user(world.staff).get(STATS_URL)
    assert [row[0] for row in response.context["region_rows"]] == ["东城镇", "西山乡", "合计"]
