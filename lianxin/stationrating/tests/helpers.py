"""Building blocks for 星级评定 tests: a template, a round, an application, scores."""

import datetime
from decimal import Decimal

from django.utils import timezone

from lianxin.accounts.actor import Actor
from lianxin.stationrating import services
from lianxin.stationrating.services import DimensionSpec, GradeSpec

# Six dimensions adding up to 100, as many congresses write them.
DIMENSIONS = [
    DimensionSpec("阵地建设", Decimal(20), "有固定场所，标识醒目，设施齐全"),
    DimensionSpec("制度建设", Decimal(15), "接待、登记、办理、反馈制度上墙"),
    DimensionSpec("活动开展", Decimal(20), "每月至少一次集中接待"),
    DimensionSpec("意见办理", Decimal(20), "群众意见及时登记、转办、反馈"),
    DimensionSpec("台账管理", Decimal(10), "台账完整规范"),
    DimensionSpec("工作成效", Decimal(15), "群众满意，有典型案例"),
]
GRADES = [
    GradeSpec("样板站", Decimal(90), Decimal(100)),
    GradeSpec("出色站", Decimal(80), Decimal(90)),
    GradeSpec("合格站", Decimal(60), Decimal(80)),
]


def actor(user) -> Actor:
    membership = user.active_memberships()[0]
    return Actor(user=user, role=membership.role, ip="127.0.0.1")


def make_template(world, **overrides):
    values = {
        "name": "联络站星级评定标准",
        "region": world.county,
        "total_points": 100,
        "dimensions": DIMENSIONS,
        "grades": GRADES,
        **overrides,
    }
    return services.template_create(actor=actor(world.staff), **values)


def make_round(world, template=None, **overrides):
    values = {
        "name": "2025—2026年度星级评定",
        "template": template or make_template(world),
        "region": world.county,
        "apply_until": timezone.localdate() + datetime.timedelta(days=30),
        "assessors": [world.office, world.leader],
        "min_assessors": 2,
        **overrides,
    }
    return services.round_create(actor=actor(world.staff), **values)


def points(round_, *values) -> dict:
    """Points by dimension id, in the template's order."""
    return {d.pk: Decimal(str(v)) for d, v in zip(round_.template.dimensions.all(), values, strict=True)}


def full_marks(round_) -> dict:
    return {d.pk: d.max_points for d in round_.template.dimensions.all()}


def make_application(world, round_, station=None, liaison=None):
    return services.apply(
        actor=actor(liaison or world.liaison),
        round=round_,
        station=station or world.east_station,
        statement="本站每月10日集中接待，全年接待群众 320 人次。",
        points=full_marks(round_),
        evidence={},
    )


def score_by(user, application, *values):
    return services.score(
        actor=actor(user), application=application, points=points(application.round, *values)
    )
