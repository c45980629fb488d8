"""Every write of 星级评定: templates, rounds, applications, scores, combination, publication.

Each function takes keyword-only arguments with the ``Actor`` first, locks what it changes,
validates, writes and records an audit event. Bad input raises ``RatingError`` (a
ValidationError with Chinese messages keyed by form field) and leaves nothing changed.
"""

import itertools
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxin import uploads
from lianxin.accounts.actor import Actor
from lianxin.accounts.permissions import scope_paths
from lianxin.audit.recorder import record
from lianxin.stationrating import access
from lianxin.stationrating.models import (
    Application,
    Dimension,
    EvidenceFile,
    Grade,
    Round,
    ScoreLine,
    ScoreSheet,
    SelfScore,
    Template,
)

TENTH = Decimal("0.1")
# Evidence files per application: photos of the place, scans of rules and ledgers.
MAX_FILES = 10
MAX_FILE_MB = 10


class RatingError(ValidationError):
    """Input or a state the rating rules do not allow."""


@dataclass(frozen=True)
class DimensionSpec:
    name: str
    max_points: Decimal
    criteria: str = ""


@dataclass(frozen=True)
class GradeSpec:
    name: str
    min_score: Decimal
    max_score: Decimal


def _require(actor: Actor, permission: str, obj=None) -> None:
    if actor.user is None or not actor.user.has_perm(permission, obj):
        raise PermissionDenied


def _points(value: Decimal) -> str:
    return f"{value.normalize():f}"


# ---------------------------------------------------------------- templates


def template_problems(total: int, dimensions: list[DimensionSpec], grades: list[GradeSpec]) -> dict:
    """What is wrong with a template, by form field (empty when nothing is)."""
    errors: dict[str, list[str]] = {}
    dims: list[str] = []
    if not dimensions:
        dims.append(_("请至少填写一个评定项目。"))
    names = [d.name for d in dimensions]
    for name in sorted({n for n in names if names.count(n) > 1}):
        dims.append(_("评定项目「%(name)s」重复。") % {"name": name})
    for dimension in dimensions:
        if dimension.max_points <= 0:
            dims.append(_("评定项目「%(name)s」的分值应大于 0。") % {"name": dimension.name})
    added = sum((d.max_points for d in dimensions), Decimal("0"))
    if dimensions and added != total:
        dims.append(
            _("各评定项目分值合计为 %(sum)s 分，应等于总分 %(total)s 分。")
            % {"sum": _points(added), "total": total}
        )
    if dims:
        errors["dimensions"] = dims
    bands: list[str] = []
    if not grades:
        bands.append(_("请至少填写一个评定等级。"))
    names = [g.name for g in grades]
    for name in sorted({n for n in names if names.count(n) > 1}):
        bands.append(_("评定等级「%(name)s」重复。") % {"name": name})
    valid = []
    for grade in grades:
        if not (0 <= grade.min_score < grade.max_score <= total):
            bands.append(
                _("「%(name)s」的分数段应在 0 到 %(total)s 分之间，且最低分小于最高分。")
                % {"name": grade.name, "total": total}
            )
        else:
            valid.append(grade)
    valid.sort(key=lambda g: g.min_score)
    for lower, upper in itertools.pairwise(valid):
        if lower.max_score > upper.min_score:
            bands.append(
                _("「%(a)s」（%(a_min)s–%(a_max)s 分）与「%(b)s」（%(b_min)s–%(b_max)s 分）的分数段重叠。")
                % {
                    "a": lower.name,
                    "a_min": _points(lower.min_score),
                    "a_max": _points(lower.max_score),
                    "b": upper.name,
                    "b_min": _points(upper.min_score),
                    "b_max": _points(upper.max_score),
                }
            )
    if bands:
        errors["grades"] = bands
    return errors


def _write_parts(template: Template, dimensions, grades) -> None:
    template.dimensions.all().delete()
    template.grades.all().delete()
    Dimension.objects.bulk_create(
        Dimension(template=template, order=i, name=d.name, max_points=d.max_points, criteria=d.criteria)
        for i, d in enumerate(dimensions, start=1)
    )
    ranked = sorted(grades, key=lambda g: g.min_score, reverse=True)
    Grade.objects.bulk_create(
        Grade(template=template, rank=i, name=g.name, min_score=g.min_score, max_score=g.max_score)
        for i, g in enumerate(ranked, start=1)
    )


def _parts_summary(dimensions, grades) -> dict:
    return {
        "dimensions": [f"{d.name} {_points(d.max_points)}" for d in dimensions],
        "grades": [f"{g.name} {_points(g.min_score)}–{_points(g.max_score)}" for g in grades],
    }


@transaction.atomic
def template_create(
    *, actor: Actor, name: str, region, total_points: int, description: str = "", dimensions, grades
) -> Template:
    template = Template(name=name.strip(), region=region, total_points=total_points, description=description)
    _require(actor, access.MANAGE_TEMPLATE, template)
    errors = template_problems(total_points, dimensions, grades)
    if errors:
        raise RatingError(errors)
    template.full_clean()
    template.save()
    _write_parts(template, dimensions, grades)
    record(
        actor=actor,
        action="stationrating.template.created",
        target=template,
        data={"total_points": total_points, **_parts_summary(dimensions, grades)},
    )
    return template


@transaction.atomic
def template_update(
    *,
    actor: Actor,
    template: Template,
    name: str,
    total_points: int,
    description: str = "",
    dimensions,
    grades,
) -> Template:
    template = Template.objects.select_for_update(of=("self",)).select_related("region").get(pk=template.pk)
    _require(actor, access.MANAGE_TEMPLATE, template)
    if template.in_use():
        # A published result must keep reading against the template it was scored on.
        raise RatingError(_("该评定标准已被评定轮次使用，不能再修改；如需调整，请新建一套评定标准。"))
    errors = template_problems(total_points, dimensions, grades)
    if errors:
        raise RatingError(errors)
    template.name, template.total_points, template.description = name.strip(), total_points, description
    template.full_clean()
    template.save(update_fields=["name", "total_points", "description", "updated_at"])
    _write_parts(template, dimensions, grades)
    record(
        actor=actor,
        action="stationrating.template.updated",
        target=template,
        data={"total_points": total_points, **_parts_summary(dimensions, grades)},
    )
    return template


# ---------------------------------------------------------------- rounds


@transaction.atomic
def round_create(
    *,
    actor: Actor,
    name: str,
    template: Template,
    region,
    apply_until,
    assessors,
    min_assessors: int = 2,
    valid_until=None,
) -> Round:
    round_ = Round(
        name=name.strip(),
        template=template,
        region=region,
        apply_until=apply_until,
        valid_until=valid_until,
        min_assessors=min_assessors,
    )
    _require(actor, access.MANAGE_ROUND, round_)
    errors: dict[str, list[str]] = {}
    assessors = list(assessors)
    if min_assessors < 1:
        errors["min_assessors"] = [_("每份申报至少要有 1 名评审人评分。")]
    elif len(assessors) < min_assessors:
        errors["assessors"] = [
            _("已选 %(n)d 名评审人，少于每份申报至少评分人数 %(m)d。")
            % {"n": len(assessors), "m": min_assessors}
        ]
    for assessor in assessors:
        # An assessor must be able to open every application of the round.
        if not any(region.path.startswith(path) for path in scope_paths(assessor, access.SCORE)):
            errors.setdefault("assessors", []).append(
                _("「%(name)s」的工作范围不包括%(region)s，不能担任本轮评审人。")
                % {"name": assessor.name, "region": region.name}
            )
    if not region.path.startswith(template.region.path):
        errors["region"] = [
            _("评定范围应在评定标准的适用区域（%(region)s）之内。") % {"region": template.region.name}
        ]
    if valid_until is not None and valid_until <= apply_until:
        errors["valid_until"] = [_("结果有效期应晚于申报截止日期。")]
    if errors:
        raise RatingError(errors)
    round_.full_clean()
    round_.save()
    round_.assessors.set(assessors)
    record(
        actor=actor,
        action="stationrating.round.created",
        target=round_,
        data={
            "template": template.name,
            "apply_until": apply_until.isoformat(),
            "assessors": [a.name for a in assessors],
        },
    )
    return round_


def _locked_round(round_: Round) -> Round:
    return (
        Round.objects.select_for_update(of=("self",)).select_related("region", "template").get(pk=round_.pk)
    )


# ---------------------------------------------------------------- applications


def _check_points(dimension: Dimension, points, label: str) -> str:
    if points is None or not (0 <= points <= dimension.max_points):
        return _("「%(name)s」的%(label)s应在 0 到 %(max)s 分之间。") % {
            "name": dimension.name,
            "label": label,
            "max": _points(dimension.max_points),
        }
    return ""


def _points_problems(dimensions, points: dict, label: str, field_prefix: str) -> dict:
    errors = {}
    for dimension in dimensions:
        problem = _check_points(dimension, points.get(dimension.pk), label)
        if problem:
            errors[f"{field_prefix}{dimension.pk}"] = [problem]
    return errors


def check_files(files) -> list:
    """Each evidence file's kind (JPEG, PNG or PDF, judged by content), or a RatingError."""
    try:
        return uploads.check_all(files, max_files=MAX_FILES, max_mb=MAX_FILE_MB)
    except ValidationError as error:
        raise RatingError({"files": error.messages}) from None


def apply(
    *, actor: Actor, round: Round, station, statement: str, points: dict, evidence: dict, files=()
) -> Application:
    """申报: a station's liaison applies with self-scores (by dimension id), evidence in words
    and evidence files. All or nothing: files already written are removed if it fails."""
    checked = check_files(files)
    written: list[str] = []
    try:
        with transaction.atomic():
            application = _apply(
                actor=actor,
                round_=round,
                station=station,
                statement=statement,
                points=points,
                evidence=evidence,
                file_names=[uploads.display_name(upload) for upload, _kind in checked],
            )
            for upload, kind in checked:
                item = EvidenceFile(
                    application=application,
                    name=uploads.display_name(upload),
                    content_type=kind.content_type,
                    size=upload.size,
                )
                item.file.save(uploads.stored_name(kind), upload, save=False)
                written.append(item.file.name)
                item.save()
    except BaseException:
        for name in written:
            default_storage.delete(name)
        raise
    return application


def _apply(
    *, actor: Actor, round_: Round, station, statement: str, points: dict, evidence: dict, file_names: list
) -> Application:
    round_ = _locked_round(round_)
    _require(actor, access.APPLY, station)
    if round_.status != Round.Status.OPEN:
        raise RatingError(_("本轮评定已结束申报。"))
    if timezone.localdate() > round_.apply_until:
        raise RatingError(
            _("本轮申报已于 %(date)s 截止。") % {"date": f"{round_.apply_until:%Y年%-m月%-d日}"}
        )
    if not station.region.path.startswith(round_.region.path):
        raise RatingError({"station": [_("该阵地不在本轮评定范围内。")]})
    if Application.objects.filter(round=round_, station=station).exists():
        raise RatingError({"station": [_("%(name)s 已经申报过本轮评定。") % {"name": station.name}]})
    dimensions = list(round_.template.dimensions.all())
    errors = _points_problems(dimensions, points, _("自评分"), "points_")
    if not statement.strip():
        errors["statement"] = [_("请填写申报说明。")]
    if errors:
        raise RatingError(errors)
    application = Application.objects.create(
        round=round_, station=station, statement=statement.strip(), submitted_by=actor.user
    )
    SelfScore.objects.bulk_create(
        SelfScore(
            application=application,
            dimension=d,
            points=points[d.pk],
            evidence=(evidence.get(d.pk) or "").strip(),
        )
        for d in dimensions
    )
    record(
        actor=actor,
        action="stationrating.application.submitted",
        target=application,
        data={"self_scores": {d.name: _points(points[d.pk]) for d in dimensions}, "files": file_names},
    )
    return application


@transaction.atomic
def score(*, actor: Actor, application: Application, points: dict, comment: str = "") -> ScoreSheet:
    """评分: one assessor's scores (by dimension id); an assessor may correct them until combination."""
    round_ = _locked_round(application.round)
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("station__region")
        .get(pk=application.pk)
    )
    application.round = round_
    _require(actor, access.SCORE, application)
    if round_.status != Round.Status.OPEN or application.combined_score is not None:
        raise RatingError(_("本轮已合成得分，不能再修改评分。"))
    dimensions = list(round_.template.dimensions.all())
    errors = _points_problems(dimensions, points, _("得分"), "points_")
    if errors:
        raise RatingError(errors)
    sheet, created = ScoreSheet.objects.get_or_create(application=application, assessor=actor.user)
    before = {line.dimension.name: _points(line.points) for line in sheet.lines.select_related("dimension")}
    sheet.lines.all().delete()
    ScoreLine.objects.bulk_create(
        ScoreLine(sheet=sheet, dimension=d, points=points[d.pk]) for d in dimensions
    )
    sheet.comment = comment.strip()
    sheet.submitted_at = timezone.now()
    sheet.save(update_fields=["comment", "submitted_at"])
    after = {d.name: _points(points[d.pk]) for d in dimensions}
    record(
        actor=actor,
        action="stationrating.application.scored",
        target=application,
        changes={
            name: [before.get(name), value] for name, value in after.items() if before.get(name) != value
        },
        data={"total": _points(sum(points[d.pk] for d in dimensions)), "first": created},
    )
    return sheet


# ---------------------------------------------------------------- combination and publication


def combined_score(application: Application) -> Decimal:
    """The mean of the assessors' totals, to one decimal place (half up)."""
    totals = [sheet.total() for sheet in application.sheets.prefetch_related("lines")]
    return (sum(totals, Decimal("0")) / len(totals)).quantize(TENTH, rounding=ROUND_HALF_UP)


@transaction.atomic
def combine(*, actor: Actor, round: Round) -> Round:
    """合分定级: every application gets the mean of its assessors' totals and the grade of that band."""
    round_ = _locked_round(round)
    _require(actor, access.MANAGE_ROUND, round_)
    if round_.status != Round.Status.OPEN:
        raise RatingError(_("本轮已经合成过得分。"))
    applications = list(
        Application.objects.select_for_update().filter(round=round_).select_related("station")
    )
    if not applications:
        raise RatingError(_("本轮还没有阵地申报，无法合成得分。"))
    short = [a.station.name for a in applications if a.sheets.count() < round_.min_assessors]
    if short:
        raise RatingError(
            _("以下阵地的评分不足 %(n)d 人，暂不能合成得分：%(names)s。")
            % {"n": round_.min_assessors, "names": "、".join(short)}
        )
    template = round_.template
    results = {}
    for application in applications:
        application.combined_score = combined_score(application)
        application.grade = template.grade_for(application.combined_score)
        application.save(update_fields=["combined_score", "grade"])
        grade = application.grade.name if application.grade else _("未达等级")
        results[application.station.name] = f"{_points(application.combined_score)} {grade}"
    round_.status = Round.Status.COMBINED
    round_.combined_at = timezone.now()
    round_.save(update_fields=["status", "combined_at"])
    record(
        actor=actor,
        action="stationrating.round.combined",
        target=round_,
        changes={"status": [str(Round.Status.OPEN.label), str(round_.get_status_display())]},
        data={"results": results},
    )
    return round_


@transaction.atomic
def publish(*, actor: Actor, round: Round) -> Round:
    """公布: the round's grades become the stations' current grades, shown on public pages."""
    round_ = _locked_round(round)
    _require(actor, access.MANAGE_ROUND, round_)
    if round_.status != Round.Status.COMBINED:
        raise RatingError(_("请先合成得分、评定等级，再公布结果。"))
    round_.status = Round.Status.PUBLISHED
    round_.published_at = timezone.now()
    round_.save(update_fields=["status", "published_at"])
    record(
        actor=actor,
        action="stationrating.round.published",
        target=round_,
        changes={"status": [str(Round.Status.COMBINED.label), str(round_.get_status_display())]},
    )
    return round_
