"""A round from application to published grade, and everything it refuses on the way."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from lianxin.audit.models import Event
from lianxin.conftest import client_for
from lianxin.stationrating import grades, services
from lianxin.stationrating.models import Application, Round, ScoreLine, ScoreSheet, SelfScore
from lianxin.stationrating.services import RatingError
from lianxin.stationrating.tests.helpers import (
    actor,
    full_marks,
    make_application,
    make_round,
    make_template,
    points,
    score_by,
)


def test_a_round_needs_as_many_assessors_as_each_application_needs(world):
    with pytest.raises(RatingError) as refused:
        make_round(world, assessors=[world.office], min_assessors=2)
    assert refused.value.message_dict["assessors"] == ["已选 1 名评审人，少于每份申报至少评分人数 2。"]
    assert Round.objects.count() == 0


def test_an_assessor_must_be_able_to_see_the_whole_round(world):
    with pytest.raises(RatingError) as refused:
        make_round(world, assessors=[world.office, world.west_staff])
    assert refused.value.message_dict["assessors"] == [
        "「钱乡干」的工作范围不包括连心县，不能担任本轮评审人。"
    ]
    assert Round.objects.count() == 0


def test_a_liaison_applies_for_their_own_station_with_self_scores_and_evidence(world):
    round_ = make_round(world)
    marks = points(round_, 18, 14, 19, 18, 9, 13)
    application = services.apply(
        actor=actor(world.liaison),
        round=round_,
        station=world.east_station,
        statement="全年接待 320 人次。",
        points=marks,
        evidence={next(iter(marks)): "场所照片见台账第 3 册"},
    )
    assert application.self_total() == Decimal(91)
    assert SelfScore.objects.filter(application=application).count() == 6
    assert application.self_scores.first().evidence == "场所照片见台账第 3 册"
    assert Event.objects.filter(
        action="stationrating.application.submitted", target_id=str(application.pk)
    ).exists()


def test_a_self_score_outside_the_dimensions_range_is_refused(world):
    round_ = make_round(world)
    marks = full_marks(round_)
    first = next(iter(marks))
    marks[first] = Decimal(21)
    with pytest.raises(RatingError) as refused:
        services.apply(
            actor=actor(world.liaison),
            round=round_,
            station=world.east_station,
            statement="说明",
            points=marks,
            evidence={},
        )
    assert refused.value.message_dict[f"points_{first}"] == ["「阵地建设」的自评分应在 0 到 20 分之间。"]
    assert Application.objects.count() == 0
    assert SelfScore.objects.count() == 0


def test_a_station_applies_once_per_round_and_only_its_liaison_applies(world):
    round_ = make_round(world)
    make_application(world, round_)
    with pytest.raises(RatingError, match="已经申报过本轮评定"):
        make_application(world, round_)
    with pytest.raises(PermissionDenied):
        make_application(world, round_, station=world.east_station, liaison=world.west_liaison)
    assert Application.objects.count() == 1


def test_applications_close_after_the_deadline(world):
    round_ = make_round(world, apply_until=datetime.date(2026, 9, 30))
    day_after = datetime.datetime(2026, 10, 1, 9, tzinfo=timezone.get_current_timezone())
    with time_machine.travel(day_after), pytest.raises(RatingError, match="本轮申报已于 2026年9月30日 截止"):
        make_application(world, round_)
    assert Application.objects.count() == 0


def test_an_assessors_score_outside_the_range_is_refused_and_nothing_is_kept(world):
    round_ = make_round(world)
    application = make_application(world, round_)
    with pytest.raises(RatingError) as refused:
        score_by(world.office, application, 20, 15, 20, 20, -1, 15)
    assert list(refused.value.message_dict.values()) == [["「台账管理」的得分应在 0 到 10 分之间。"]]
    assert ScoreSheet.objects.count() == 0
    assert ScoreLine.objects.count() == 0


def test_only_the_rounds_assessors_score(world):
    round_ = make_round(world)
    application = make_application(world, round_)
    for outsider in (world.staff, world.deputy, world.liaison):
        with pytest.raises(PermissionDenied):
            score_by(outsider, application, 20, 15, 20, 20, 10, 15)
    assert ScoreSheet.objects.count() == 0


def test_an_assessor_may_correct_their_scores_before_combination(world):
    round_ = make_round(world)
    application = make_application(world, round_)
    score_by(world.office, application, 20, 15, 20, 20, 10, 15)
    sheet = score_by(world.office, application, 18, 15, 20, 20, 10, 15)
    assert ScoreSheet.objects.count() == 1
    assert sheet.total() == Decimal(98)


def _scored(world, first, second):
    round_ = make_round(world)
    application = make_application(world, round_)
    score_by(world.office, application, *first)
    score_by(world.leader, application, *second)
    return round_, application


def test_combination_needs_enough_assessors_and_changes_nothing_until_then(world):
    round_ = make_round(world)
    application = make_application(world, round_)
    score_by(world.office, application, 20, 15, 20, 20, 10, 15)
    with pytest.raises(RatingError, match="以下阵地的评分不足 2 人，暂不能合成得分：东城镇人大代表联络站"):
        services.combine(actor=actor(world.staff), round=round_)
    application.refresh_from_db()
    round_.refresh_from_db()
    assert application.combined_score is None
    assert round_.status == Round.Status.OPEN


def test_the_combined_score_is_the_mean_of_the_assessors_and_gives_the_grade(world):
    # 90 and 89 → 89.5: 出色站, not 样板站.
    round_, application = _scored(world, (20, 15, 20, 20, 5, 10), (19, 15, 20, 20, 5, 10))
    services.combine(actor=actor(world.staff), round=round_)
    application.refresh_from_db()
    assert application.combined_score == Decimal("89.5")
    assert application.grade.name == "出色站"
    with pytest.raises(RatingError, match="已合成得分，不能再修改评分"):
        score_by(world.office, application, 20, 15, 20, 20, 10, 15)


def test_nothing_is_public_before_publication(world):
    round_, _application = _scored(world, (20, 15, 20, 20, 10, 15), (20, 15, 20, 20, 10, 15))
    services.combine(actor=actor(world.staff), round=round_)
    assert grades.current_grade(world.east_station) is None
    services.publish(actor=actor(world.staff), round=round_)
    current = grades.current_grade(world.east_station)
    assert (current.grade, current.score, current.change) == ("样板站", Decimal(100), grades.FIRST)


def test_publication_follows_combination(world):
    round_, _application = _scored(world, (20, 15, 20, 20, 10, 15), (20, 15, 20, 20, 10, 15))
    with pytest.raises(RatingError, match="请先合成得分"):
        services.publish(actor=actor(world.staff), round=round_)
    round_.refresh_from_db()
    assert round_.status == Round.Status.OPEN


def test_a_lower_grade_on_reassessment_is_a_downgrade_and_history_is_kept(world):
    template = make_template(world)
    first = make_round(world, template=template, name="2023—2024年度")
    application = make_application(world, first)
    score_by(world.office, application, 20, 15, 20, 20, 10, 15)
    score_by(world.leader, application, 20, 15, 20, 20, 10, 15)
    services.combine(actor=actor(world.staff), round=first)
    services.publish(actor=actor(world.staff), round=first)

    second = make_round(world, template=template, name="2025—2026年度")
    application = make_application(world, second)
    score_by(world.office, application, 15, 10, 15, 15, 5, 10)
    score_by(world.leader, application, 15, 10, 15, 15, 5, 10)
    services.combine(actor=actor(world.staff), round=second)
    services.publish(actor=actor(world.staff), round=second)

    current = grades.current_grade(world.east_station)
    assert (current.grade, current.change_label) == ("合格站", "降级")
    assert [(r.round_name, r.grade) for r in grades.history(world.east_station)] == [
        ("2025—2026年度", "合格站"),
        ("2023—2024年度", "样板站"),
    ]


def test_a_grade_lapses_after_its_validity(world):
    round_ = make_round(world, valid_until=timezone.localdate() + datetime.timedelta(days=400))
    application = make_application(world, round_)
    score_by(world.office, application, 20, 15, 20, 20, 10, 15)
    score_by(world.leader, application, 20, 15, 20, 20, 10, 15)
    services.combine(actor=actor(world.staff), round=round_)
    services.publish(actor=actor(world.staff), round=round_)
    assert grades.current_grade(world.east_station).grade == "样板站"
    later = round_.valid_until + datetime.timedelta(days=1)
    assert grades.current_grade(world.east_station, on=later) is None


def test_a_score_below_every_band_is_published_as_not_graded(world):
    round_, _application = _scored(world, (10, 5, 10, 10, 5, 5), (10, 5, 10, 10, 5, 5))
    services.combine(actor=actor(world.staff), round=round_)
    services.publish(actor=actor(world.staff), round=round_)
    current = grades.current_grade(world.east_station)
    assert (current.grade, current.label, current.score) == ("", "未达等级", Decimal(45))


def test_the_public_listing_shows_each_grade_and_its_change_in_few_queries(
    world, client, django_assert_max_num_queries
):
    template = make_template(world)
    for name, marks in (
        ("2023—2024年度", (20, 15, 20, 20, 10, 15)),
        ("2025—2026年度", (15, 10, 15, 15, 5, 10)),
    ):
        round_ = make_round(world, template=template, name=name)
        application = make_application(world, round_)
        score_by(world.office, application, *marks)
        score_by(world.leader, application, *marks)
        services.combine(actor=actor(world.staff), round=round_)
        services.publish(actor=actor(world.staff), round=round_)
    with django_assert_max_num_queries(6):
        body = client.get("/xingji/").content.decode()
    assert "2025—2026年度" in body
    assert "合格站" in body
    assert "降级" in body
    older = Round.objects.get(name="2023—2024年度")
    body = client.get(f"/xingji/?round={older.pk}").content.decode()
    assert "样板站" in body
    assert "首次评定" in body


def test_a_round_stays_within_its_templates_region(world):
    template = make_template(world, region=world.west)
    with pytest.raises(RatingError) as refused:
        make_round(world, template=template, region=world.county)
    assert refused.value.message_dict["region"] == ["评定范围应在评定标准的适用区域（西山乡）之内。"]
    assert Round.objects.count() == 0


def test_the_application_page_shows_the_stations_history(world):
    template = make_template(world)
    first = make_round(world, template=template, name="2023—2024年度")
    application = make_application(world, first)
    score_by(world.office, application, 20, 15, 20, 20, 10, 15)
    score_by(world.leader, application, 20, 15, 20, 20, 10, 15)
    services.combine(actor=actor(world.staff), round=first)
    services.publish(actor=actor(world.staff), round=first)
    second = make_application(world, make_round(world, template=template, name="2025—2026年度"))
    body = client_for(world.liaison).get(second.get_absolute_url()).content.decode()
    assert "该阵地历次评定" in body
    assert "2023—2024年度" in body
    assert "首次评定" in body
