"""建议办理台账 and 办理情况统计 on a small county year built by hand, with the figures worked out here.

The year (county congress, 2026; every date at 10:00 Beijing time):

  S1 交通运输  王建国(东城团)  transport bureau leads, education bureau co-handles; A on 2 Feb (on time),
                                rated 满意/满意 on 5 Feb → closed, solved.
  S2 交通运输  王建国(东城团)  transport bureau; B on 1 May (late: due 10 Apr) with one promise,
                                rated 基本满意/满意 on 3 May → closed; the promise is confirmed on 1 Aug:
                                not yet solved at mid-year, solved at year end.
  S3 教育文体    王建国(东城团)  education bureau; D on 1 Mar (on time), rated 不满意 result / 满意 attitude
                                on 3 Mar → being handled again.
  S4 教育文体    李秀英(西山团)  education bureau; assigned, no reply.
  S5 交通运输  王建国(东城团)  accepted, not assigned.
  S6 (2025)    raised in 2025: outside both periods.
"""

import datetime
import io

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from lianxin.casework import services as casework
from lianxin.conftest import client_for
from lianxin.congresses.models import Delegation
from lianxin.deputies.models import Seat
from lianxin.suggestions import statistics
from lianxin.suggestions.models import Suggestion
from lianxin.suggestions.tests.handled import accepted_suggestion, actor, pdf

BEIJING = datetime.timezone(datetime.timedelta(hours=8))


def at(month, day, year=2026):
    return time_machine.travel(datetime.datetime(year, month, day, 10, tzinfo=BEIJING), tick=False)


def _reply(w, suggestion, clerk, category, promises=()):
    lead = suggestion.case.assignments.get(kind="lead")
    casework.sign(actor=actor(clerk), assignment=lead)
    return casework.reply(
        actor=actor(clerk),
        assignment=lead,
        text="答复。",
        category=category,
        signed_off_by="局长",
        attachments=[pdf()],
        promises=list(promises),
    )


@pytest.fixture
def year(world):
    east = Delegation.objects.create(term=world.county_term, name="东城代表团", region=world.east)
    west = Delegation.objects.create(term=world.county_term, name="西山代表团", region=world.west)
    Seat.objects.filter(deputy=world.east_deputy, term=world.county_term).update(delegation=east)
    Seat.objects.create(deputy=world.west_deputy, term=world.county_term, delegation=west)
    raised = datetime.datetime(2026, 1, 8, 10, tzinfo=BEIJING)
    with at(1, 8):
        s1 = accepted_suggestion(world, title="S1", number=1, submitted_at=raised)
        s2 = accepted_suggestion(world, title="S2", number=2, submitted_at=raised)
        s3 = accepted_suggestion(world, title="S3", number=3, category="教育文体", submitted_at=raised)
        s4 = accepted_suggestion(
            world, title="S4", number=4, category="教育文体", deputy=world.west_deputy, submitted_at=raised
        )
        s5 = accepted_suggestion(world, title="S5", number=5, submitted_at=raised)
        accepted_suggestion(
            world, title="S6", number=9, submitted_at=datetime.datetime(2025, 6, 1, tzinfo=BEIJING)
        )
    with at(1, 10):
        staff = actor(world.staff)
        casework.assign(actor=staff, case=s1.case, lead=world.unit, co=[world.other_unit])
        casework.assign(actor=staff, case=s2.case, lead=world.unit)
        casework.assign(actor=staff, case=s3.case, lead=world.other_unit)
        casework.assign(actor=staff, case=s4.case, lead=world.other_unit)
    deputy = actor(world.deputy)
    with at(2, 1):
        _reply(world, s1, world.clerk, "A")
    with at(2, 5):
        casework.rate(actor=deputy, case=s1.case, value="satisfied", attitude="satisfied")
    with at(3, 1):
        _reply(world, s3, world.west_clerk, "D")
    with at(3, 3):
        casework.rate(
            actor=deputy, case=s3.case, value="unsatisfied", attitude="satisfied", comment="没解决。"
        )
    with at(5, 1):
        _reply(world, s2, world.clerk, "B", promises=[("施划人行横道", datetime.date(2026, 7, 31))])
    with at(5, 3):
        casework.rate(actor=deputy, case=s2.case, value="basically", attitude="satisfied")
    promise = s2.case.promises.get()
    with at(7, 20):
        casework.report_promise(actor=actor(world.clerk), promise=promise, report="已施划。")
    with at(8, 1):
        casework.confirm_promise(actor=deputy, promise=promise, done=True)
    return [Suggestion.objects.get(pk=s.pk) for s in (s1, s2, s3, s4, s5)]


def report(world, start, end):
    return statistics.report(Suggestion.objects.filter(congress=world.county_congress), start, end)


def test_year_end_figures(world, year):
    result = report(world, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    total = result.total
    # 5 items; 3 replied, 2 of them on time; A, B, D one each; 3 rated, 2 satisfied (满意 + 基本满意);
    # attitude 3 of 3; closed S1 and S2, both solved by year end.
    assert total.cells() == [
        "合计",
        5,
        3,
        "66.7%",
        "33.3%",
        "33.3%",
        "0.0%",
        "33.3%",
        "66.7%",
        "100.0%",
        2,
        2,
        "100.0%",
    ]
    units = {f.label: f.cells()[1:] for f in result.by_unit}
    # Transport leads S1 and S2 (its co-handling of nothing counts); education leads S3 and S4 (its
    # co-handling of S1 does not count); S5 waits for assignment.
    assert units == {
        "连心县交通运输局": [
            2,
            2,
            "50.0%",
            "50.0%",
            "50.0%",
            "0.0%",
            "0.0%",
            "100.0%",
            "100.0%",
            2,
            2,
            "100.0%",
        ],
        "连心县教育局": [2, 1, "100.0%", "0.0%", "0.0%", "0.0%", "100.0%", "0.0%", "100.0%", 0, 0, "—"],
        "尚未交办": [1, 0, "—", "—", "—", "—", "—", "—", "—", 0, 0, "—"],
    }
    categories = {f.label: (f.count, f.replied, f.solved) for f in result.by_category}
    assert categories == {"交通运输": (3, 2, 2), "教育文体": (2, 1, 0)}
    delegations = {f.label: f.count for f in result.by_delegation}
    assert delegations == {"东城代表团": 4, "西山代表团": 1}


def test_mid_year_figures_are_as_things_stood_on_30_june(world, year):
    result = report(world, *statistics.named_period("midyear", 2026))
    # S2's promise was confirmed on 1 August: at mid-year S2 is closed but not solved.
    assert (result.total.handled, result.total.solved, result.total.solved_rate) == (2, 1, "50.0%")
    # Before S2's reply (1 May) only S1 and S3 were answered, both on time.
    early = report(world, datetime.date(2026, 1, 1), datetime.date(2026, 4, 30))
    assert (early.total.count, early.total.replied, early.total.on_time_rate) == (5, 2, "100.0%")
    assert (early.total.handled, early.total.solved) == (1, 1)
    # An item raised outside the period is not counted.
    assert report(world, datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)).total.count == 1


def test_the_statistics_read_a_fixed_number_of_queries_whatever_the_number_of_items(world, year):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            report(world, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
        return len(captured.captured_queries)

    few = queries()
    with at(1, 8):
        for n in range(20, 40):
            suggestion = accepted_suggestion(
                world, title=f"S{n}", number=n, submitted_at=datetime.datetime(2026, 1, 8, 10, tzinfo=BEIJING)
            )
            casework.assign(
                actor=actor(world.staff), case=suggestion.case, lead=world.unit, co=[world.other_unit]
            )
    assert report(world, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)).total.count == 25
    assert queries() == few


STATS = reverse("suggestions:statistics")
LEDGER = reverse("suggestions:ledger")


def test_the_statistics_page_shows_tables_charts_and_definitions_and_exports_the_same(world, year):
    query = {"congress": world.county_congress.pk, "year": 2026, "period": "yearend"}
    response = client_for(world.leader).get(STATS, query)
    page = response.content.decode()
    assert response.status_code == 200
    assert "已办成 ÷ 截至期末已办结的件数" in page
    assert 'data-chart="chart-units-data"' in page
    assert 'id="chart-units-data"' in page
    assert "<script>" not in page  # CSP: data in json_script only, drawn by app.js
    assert response.context["total"][1:3] == [5, 3]
    workbook = load_workbook(
        io.BytesIO(client_for(world.leader).get(STATS, {**query, "format": "xlsx"}).content)
    )
    assert workbook.sheetnames == ["按承办单位", "按类别", "按代表团", "指标说明"]
    rows = list(workbook["按类别"].values)
    assert rows[0][:4] == ("类别", "件数", "已答复", "按期答复率")
    assert rows[-1][:3] == ("合计", 5, 3)


def test_a_custom_period_needs_both_dates_in_order(world):
    query = {"congress": world.county_congress.pk, "year": 2026, "period": "range", "start": "2026-05-01"}
    response = client_for(world.staff).get(STATS, {**query, "end": "2026-04-01"})
    assert response.status_code == 400
    assert "截止日期不能早于起始日期" in response.content.decode()
    response = client_for(world.staff).get(STATS, query)
    assert "自选期间须填写截止日期" in response.content.decode()


def test_the_ledger_has_one_row_per_suggestion_with_its_handling(world, year):
    response = client_for(world.staff).get(
        LEDGER, {"congress": world.county_congress.pk, "year": 2026, "format": "xlsx"}
    )
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0] == (
        "编号", "标题", "领衔代表", "代表团", "类别", "主办单位", "会办单位", "办理状态", "立案日期",
        "交办日期", "答复期限", "答复日期", "按期答复", "答复类别", "办理态度评价", "办理结果评价",
        "承诺事项（落实中）", "承诺事项（已落实）", "是否办成", "重点督办",
    )  # fmt: skip
    by_title = {row[1]: row for row in rows[1:]}
    assert list(by_title) == ["S1", "S2", "S3", "S4", "S5"]
    s1 = by_title["S1"]
    assert s1[:8] == (
        "2026年第1号",
        "S1",
        "王建国",
        "东城代表团",
        "交通运输",
        "连心县交通运输局",
        "连心县教育局",
        "办结",
    )
    assert (s1[8].date(), s1[9].date(), s1[11].date()) == (
        datetime.date(2026, 1, 8),
        datetime.date(2026, 1, 10),
        datetime.date(2026, 2, 1),
    )
    assert s1[12:] == ("是", "A", "满意", "满意", 0, 0, "是", "否")
    assert by_title["S2"][12:19] == ("否", "B", "满意", "基本满意", 0, 1, "是")
    assert by_title["S3"][7] == "重新办理"
    assert by_title["S3"][12:19] == ("是", "D", "满意", "不满意", 0, 0, None)
    assert by_title["S4"][3] == "西山代表团"
    assert by_title["S5"][5:8] == (None, None, "待交办")


@pytest.mark.parametrize(
    ("filters", "titles"),
    [
        ({"state": "closed"}, ["S1", "S2"]),
        ({"category": "教育文体"}, ["S3", "S4"]),
        ({"unit": "other_unit"}, ["S1", "S3", "S4"]),  # co-handling counts for a unit's own ledger
        ({"delegation": "西山代表团"}, ["S4"]),
        ({"year": 2025}, ["S6"]),
    ],
)
def test_the_ledger_filters(world, year, filters, titles):
    if "unit" in filters:
        filters = {"unit": getattr(world, filters["unit"]).pk}
    if "delegation" in filters:
        filters = {"delegation": Delegation.objects.get(name=filters["delegation"]).pk}
    query = {"congress": world.county_congress.pk, "year": 2026, **filters, "format": "xlsx"}
    response = client_for(world.staff).get(LEDGER, query)
    assert response.status_code == 200, response.content.decode()[:500]
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)[1:]
    assert [row[1] for row in rows] == titles


def test_a_congress_outside_the_users_scope_does_not_exist_and_deputies_and_units_are_refused(world, year):
    outside = {"congress": world.county_congress.pk, "year": 2026}
    assert client_for(world.west_staff).get(LEDGER, outside).status_code == 404
    assert client_for(world.west_staff).get(STATS, outside).status_code == 404
    for user in (world.deputy, world.clerk):
        assert client_for(user).get(LEDGER, outside).status_code == 403
        assert client_for(user).get(STATS, outside).status_code == 403


def test_the_ledger_marks_priority_items(world, year):
    from lianxin.accounts.roles import WorkingBody
    from lianxin.suggestions.models import Priority

    Priority.objects.create(
        suggestion=year[1],
        meeting="第12次主任会议",
        decided_on=datetime.date(2026, 2, 1),
        government_leader="副县长",
        congress_leader="副主任",
        committee=WorkingBody.DEPUTY_AFFAIRS,
        decided_by=world.staff,
    )
    response = client_for(world.staff).get(
        LEDGER, {"congress": world.county_congress.pk, "year": 2026, "format": "xlsx"}
    )
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)[1:]
    assert {row[1]: row[19] for row in rows} == {"S1": "否", "S2": "是", "S3": "否", "S4": "否", "S5": "否"}
