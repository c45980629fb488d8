"""Assessment templates: dimensions must add up to the total, grade bands must not overlap."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from lianxin.conftest import client_for
from lianxin.stationrating import forms, services
from lianxin.stationrating.models import Dimension, Grade, Template
from lianxin.stationrating.services import DimensionSpec, GradeSpec, RatingError
from lianxin.stationrating.tests.helpers import DIMENSIONS, GRADES, actor, make_round, make_template


def _nothing_saved():
    assert Template.objects.count() == 0
    assert Dimension.objects.count() == 0
    assert Grade.objects.count() == 0


def test_a_template_keeps_its_dimensions_and_ranks_its_grades_by_score(world):
    template = make_template(world)
    assert [d.name for d in template.dimensions.all()] == [d.name for d in DIMENSIONS]
    assert [(g.rank, g.name) for g in template.grades.all()] == [(1, "样板站"), (2, "出色站"), (3, "合格站")]


def test_one_to_five_stars_work_as_well(world):
    stars = [GradeSpec("★" * n, Decimal(50 + 10 * (n - 1)), Decimal(60 + 10 * (n - 1))) for n in range(1, 6)]
    template = make_template(world, grades=stars)
    assert template.grade_for(Decimal("100")).name == "★★★★★"
    assert template.grade_for(Decimal("59.9")).name == "★"
    assert template.grade_for(Decimal("49.9")) is None


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        ("100", "样板站"),
        ("90", "样板站"),
        ("89.9", "出色站"),
        ("80", "出色站"),
        ("60", "合格站"),
        ("59.9", None),
    ],
)
def test_a_band_includes_its_lower_bound_and_the_top_band_the_total(world, score, grade):
    found = make_template(world).grade_for(Decimal(score))
    assert (found.name if found else None) == grade


def test_dimensions_that_do_not_add_up_to_the_total_are_refused(world):
    short = [*DIMENSIONS[:-1], DimensionSpec("工作成效", Decimal(10))]
    with pytest.raises(RatingError) as refused:
        make_template(world, dimensions=short)
    assert refused.value.message_dict["dimensions"] == ["各评定项目分值合计为 95 分，应等于总分 100 分。"]
    _nothing_saved()


def test_overlapping_grade_bands_are_refused(world):
    overlapping = [GradeSpec("样板站", Decimal(85), Decimal(100)), *GRADES[1:]]
    with pytest.raises(RatingError) as refused:
        make_template(world, grades=overlapping)
    assert refused.value.message_dict["grades"] == [
        "「出色站」（80–90 分）与「样板站」（85–100 分）的分数段重叠。"
    ]
    _nothing_saved()


@pytest.mark.parametrize(
    ("band", "message"),
    [
        (
            GradeSpec("样板站", Decimal(90), Decimal(110)),
            "「样板站」的分数段应在 0 到 100 分之间，且最低分小于最高分。",
        ),
        (
            GradeSpec("样板站", Decimal(95), Decimal(90)),
            "「样板站」的分数段应在 0 到 100 分之间，且最低分小于最高分。",
        ),
        (GradeSpec("出色站", Decimal(90), Decimal(100)), "评定等级「出色站」重复。"),
    ],
)
def test_bands_out_of_range_or_repeated_are_refused(world, band, message):
    with pytest.raises(RatingError) as refused:
        make_template(world, grades=[band, *GRADES[1:]])
    assert message in refused.value.message_dict["grades"]
    _nothing_saved()


def test_a_template_in_use_cannot_be_changed(world):
    round_ = make_round(world)
    template = round_.template
    with pytest.raises(RatingError, match="已被评定轮次使用"):
        services.template_update(
            actor=actor(world.staff),
            template=template,
            name="改过的标准",
            total_points=100,
            dimensions=DIMENSIONS,
            grades=GRADES[:1],
        )
    template.refresh_from_db()
    assert template.name == "联络站星级评定标准"
    assert template.grades.count() == 3


def test_only_the_deputy_affairs_and_office_staff_keep_templates(world):
    with pytest.raises(PermissionDenied):
        services.template_create(
            actor=actor(world.committee),
            name="越权标准",
            region=world.county,
            total_points=100,
            dimensions=DIMENSIONS,
            grades=GRADES,
        )
    _nothing_saved()


def test_lines_that_cannot_be_read_are_refused_with_their_line_numbers():
    with pytest.raises(forms.forms.ValidationError) as refused:
        forms.parse_dimensions("阵地建设｜20｜有场所\n制度建设 十五分\n活动开展|二十")
    assert refused.value.messages == [
        "第 2 行应写成“项目｜分值｜评分标准”，分值为数字（最多一位小数）。",
        "第 3 行应写成“项目｜分值｜评分标准”，分值为数字（最多一位小数）。",
    ]
    assert forms.parse_grades("样板站 | 90 | 100\n\n合格站｜60｜90") == [
        GradeSpec("样板站", Decimal(90), Decimal(100)),
        GradeSpec("合格站", Decimal(60), Decimal(90)),
    ]


def _form_data(dimensions: str, grades: str, world) -> dict:
    return {
        "name": "联络站星级评定标准",
        "region": world.county.pk,
        "total_points": "100",
        "dimensions": dimensions,
        "grades": grades,
    }


DIMENSION_LINES = "\n".join(f"{d.name}｜{d.max_points}｜{d.criteria}" for d in DIMENSIONS)
GRADE_LINES = "样板站｜90｜100\n出色站｜80｜90\n合格站｜60｜80"


def test_the_screen_saves_a_template_typed_line_by_line(world):
    response = client_for(world.staff).post(
        reverse("stationrating:template_create"), _form_data(DIMENSION_LINES, GRADE_LINES, world)
    )
    template = Template.objects.get()
    assert response.status_code == 302
    assert response["Location"] == template.get_absolute_url()
    assert template.dimensions.count() == 6


def test_the_screen_says_why_a_template_is_refused_and_saves_nothing(world):
    response = client_for(world.staff).post(
        reverse("stationrating:template_create"),
        _form_data(DIMENSION_LINES, "样板站｜85｜100\n出色站｜80｜90", world),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "「出色站」（80–90 分）与「样板站」（85–100 分）的分数段重叠。" in body
    assert "未保存任何内容" in body
    _nothing_saved()
