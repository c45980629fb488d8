"""Every write of the duty record: one function per state change, each with its audit event."""

import datetime

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxin import codes, uploads
from lianxin.accounts.actor import Actor
from lianxin.audit.recorder import record
from lianxin.audit.writes import create_recorded, update_recorded
from lianxin.congresses.models import Congress
from lianxin.deputies.choices import SeatStatus
from lianxin.deputies.models import Deputy
from lianxin.duty import collectors, scoring
from lianxin.duty.models import (
    Attendance,
    Evidence,
    Material,
    Meeting,
    Photo,
    PointComputation,
    PointRule,
    PointTotal,
    Publication,
    SelfReport,
    VoteCode,
    VoterReport,
)
from lianxin.privacy.crypto import lookup_digest

MAX_FILES = 9
MAX_MB = 10


def _store_files(rows, model, parent_field: str, parent, written: list[str]) -> None:
    for upload, kind in rows:
        row = model(
            **{parent_field: parent},
            name=uploads.display_name(upload),
            content_type=kind.content_type,
            size=upload.size,
        )
        row.file.save(uploads.stored_name(kind), upload, save=False)
        written.append(row.file.name)
        row.save()


def _remove_on_failure(written: list[str]) -> None:
    for name in written:
        default_storage.delete(name)


def evidence_required(deputy: Deputy, kind: str) -> bool:
    """Whether any congress the deputy serves in asks for evidence with this kind of activity."""
    congresses = deputy.seats.filter(status=SeatStatus.SERVING).values("term__congress")
    return PointRule.objects.filter(congress__in=congresses, kind=kind, requires_evidence=True).exists()


# ---------------------------------------------------------------- the public photo

PHOTO_MB = 5


def photo_set(*, actor: Actor, deputy: Deputy, upload) -> Photo:
    kind = uploads.kind_of(upload, max_mb=PHOTO_MB)
    if kind not in (uploads.JPEG, uploads.PNG):
        raise ValidationError({"photo": _("代表照片须为 JPEG 或 PNG 图片。")})
    written: list[str] = []
    try:
        with transaction.atomic():
            locked = Deputy.objects.select_for_update().get(pk=deputy.pk)
            photo = Photo.objects.filter(deputy=locked).first() or Photo(deputy=locked)
            old = photo.file.name if photo.pk else ""
            photo.file.save(uploads.stored_name(kind), upload, save=False)
            written.append(photo.file.name)
            photo.content_type = kind.content_type
            photo.uploaded_at = timezone.now()
            photo.save()
            record(actor=actor, action="duty.photo.updated", target=locked, data={"replaced": bool(old)})
            if old:
                transaction.on_commit(lambda: default_storage.delete(old))
    except Exception:
        _remove_on_failure(written)
        raise
    return photo


# ---------------------------------------------------------------- self-reports (填报 → 审核)


def submit_self_report(*, actor: Actor, deputy: Deputy, values: dict, files) -> SelfReport:
    checked = uploads.check_all(files, max_files=MAX_FILES, max_mb=MAX_MB) if files else []
    if not checked and values.get("kind") and evidence_required(deputy, values["kind"]):
        label = dict(SelfReport._meta.get_field("kind").choices).get(values["kind"], values["kind"])
        raise ValidationError(
            {
                "evidence": _("按积分规则，“%(kind)s”须附佐证材料（照片或文件），请上传后再提交。")
                % {"kind": label}
            }
        )
    occurred_on = values.get("occurred_on")
    if occurred_on and occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": _("活动日期不能晚于今天。")})
    written: list[str] = []
    try:
        with transaction.atomic():
            report = create_recorded(
                SelfReport,
                actor=actor,
                action="duty.self_report.submitted",
                values={"deputy": deputy, **values},
                data={"evidence": len(checked)},
            )
            _store_files(checked, Evidence, "report", report, written)
    except Exception:
        _remove_on_failure(written)
        raise
    return report


def _locked_report(report: SelfReport) -> SelfReport:
    return (
        SelfReport.objects.select_for_update(of=("self",)).select_related("deputy__region").get(pk=report.pk)
    )


@transaction.atomic
def approve_self_reports(*, actor: Actor, reports) -> list[SelfReport]:
    """Approve one or many reports at once (batch review); all or none."""
    approved = []
    for report in reports:
        report = _locked_report(report)
        if report.status != SelfReport.Status.SUBMITTED:
            raise ValidationError(
                _("“%(title)s”已经%(status)s，不能再审核。")
                % {"title": report.title, "status": report.get_status_display()}
            )
        report.status = SelfReport.Status.APPROVED
        report.decided_at = timezone.now()
        report.decided_by = actor.user
        report.save(update_fields=["status", "decided_at", "decided_by"])
        record(
            actor=actor,
            action="duty.self_report.approved",
            target=report,
            changes={"status": {"from": SelfReport.Status.SUBMITTED, "to": SelfReport.Status.APPROVED}},
        )
        approved.append(report)
    if not approved:
        raise ValidationError(_("请至少选择一项填报。"))
    collectors.refresh("self_reports", deputy_ids={r.deputy_id for r in approved})
    return approved


@transaction.atomic
def return_self_report(*, actor: Actor, report: SelfReport, reason: str) -> SelfReport:
    report = _locked_report(report)
    if report.status != SelfReport.Status.SUBMITTED:
        raise ValidationError(
            _("这项填报已经%(status)s，不能退回。") % {"status": report.get_status_display()}
        )
    if not reason.strip():
        raise ValidationError({"reason": _("退回时须写明理由，代表会看到这条理由。")})
    report.status = SelfReport.Status.RETURNED
    report.return_reason = reason.strip()
    report.decided_at = timezone.now()
    report.decided_by = actor.user
    report.save(update_fields=["status", "return_reason", "decided_at", "decided_by"])
    record(
        actor=actor,
        action="duty.self_report.returned",
        target=report,
        changes={"status": {"from": SelfReport.Status.SUBMITTED, "to": SelfReport.Status.RETURNED}},
        data={"reason": report.return_reason},
    )
    return report


# ---------------------------------------------------------------- points


def rule_create(*, actor: Actor, congress: Congress, values: dict) -> PointRule:
    return create_recorded(
        PointRule, actor=actor, action="duty.rule.created", values={"congress": congress, **values}
    )


def rule_update(*, actor: Actor, rule: PointRule, values: dict) -> PointRule:
    return update_recorded(rule, actor=actor, action="duty.rule.updated", values=values)


@transaction.atomic
def recompute_points(*, actor: Actor, congress: Congress, year: int) -> PointComputation:
    """Collect every source again for the congress's deputies, then score and rank them all.

    Explicit and audited: a rule change takes effect here, at a moment the audit trail names."""
    congress = Congress.objects.select_for_update(of=("self",)).select_related("region").get(pk=congress.pk)
    term = congress.current_term()
    if term is None:
        raise ValidationError(_("这个人大还没有届次，无法计算积分。"))
    deputy_ids = list(term.seats.filter(status=SeatStatus.SERVING).values_list("deputy_id", flat=True))
    collected = (
        collectors.refresh_all(deputy_ids=deputy_ids) if len(deputy_ids) < 5000 else collectors.refresh_all()
    )
    scored = scoring.score(congress=congress, year=year)
    computation = PointComputation.objects.create(
        congress=congress,
        year=year,
        computed_by=actor.user,
        rules=scoring.rule_table(congress),
        deputies=scored,
    )
    record(
        actor=actor,
        action="duty.points.recomputed",
        target=congress,
        data={"year": year, "deputies": scored, "rules": computation.rules, "collected": collected},
    )
    return computation


@transaction.atomic
def recompute_region(*, actor: Actor, region, year: int) -> dict:
    """Every congress in a region at once (a province's nightly run): collect every source once,
    then score each congress in SQL. One computation row per congress, one audit event in all."""
    congresses = list(
        Congress.objects.select_for_update(of=("self",))
        .filter(region__path__startswith=region.path)
        .select_related("region")
        .order_by("region__path")
    )
    collected = collectors.refresh_all()
    rules = {}
    for rule in PointRule.objects.filter(congress__in=congresses).order_by("kind"):
        rules.setdefault(rule.congress_id, []).append(rule)
    scored = scoring.score_many(congresses=congresses, year=year)
    counts = dict(
        PointTotal.objects.filter(congress__in=congresses, year=year)
        .values_list("congress_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    computations = [
        PointComputation(
            congress=congress,
            year=year,
            computed_by=actor.user,
            rules=[scoring.rule_row(rule) for rule in rules.get(congress.pk, [])],
            deputies=counts.get(congress.pk, 0),
        )
        for congress in congresses
    ]
    PointComputation.objects.bulk_create(computations)
    summary = {"year": year, "congresses": len(congresses), "seats": scored, "collected": collected}
    record(actor=actor, action="duty.points.recomputed", target=region, data=summary)
    return summary


def quarter_of(day: datetime.date) -> int:
    return (day.month - 1) // 3 + 1


@transaction.atomic
def publish_points(*, actor: Actor, congress: Congress, year: int, quarter: int) -> Publication:
    congress = Congress.objects.select_for_update().get(pk=congress.pk)
    if quarter not in (1, 2, 3, 4):
        raise ValidationError({"quarter": _("季度应为 1 至 4。")})
    today = timezone.localdate()
    if (year, quarter) > (today.year, quarter_of(today)):
        raise ValidationError({"quarter": _("不能公布尚未开始的季度。")})
    computation = PointComputation.objects.filter(congress=congress, year=year).first()
    reason = scoring.stale_reason(congress=congress, year=year, computation=computation)
    if reason:
        raise ValidationError(_("%(reason)s请先重新计算积分，再公布。") % {"reason": reason})
    if Publication.objects.filter(congress=congress, year=year, quarter=quarter).exists():
        raise ValidationError({"quarter": _("这个季度的积分已经公布过。")})
    publication = Publication.objects.create(
        congress=congress, year=year, quarter=quarter, published_by=actor.user, rules=computation.rules
    )
    count = scoring.copy_to_publication(publication=publication)
    record(
        actor=actor,
        action="duty.points.published",
        target=publication,
        data={"year": year, "quarter": quarter, "deputies": count, "computation": computation.pk},
    )
    return publication


# ---------------------------------------------------------------- meetings and trainings


def meeting_create(*, actor: Actor, values: dict) -> Meeting:
    return create_recorded(Meeting, actor=actor, action="duty.meeting.created", values=values)


_DEFAULT_ROLE = {
    Meeting.Type.PLENARY: Attendance.Role.MEMBER,
    Meeting.Type.STANDING: Attendance.Role.INVITED,
    Meeting.Type.TRAINING: Attendance.Role.TRAINEE,
}


@transaction.atomic
def invite(*, actor: Actor, meeting: Meeting, deputies, role: str = "") -> int:
    """Add deputies to a meeting's list (出席 for a plenary, 列席 for a standing committee, 参训)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    role = role or _DEFAULT_ROLE[meeting.type]
    if role not in Attendance.Role.values:
        raise ValidationError({"role": _("请选择出席、列席或参训。")})
    term = meeting.congress.current_term()
    members = (
        set(term.seats.filter(status=SeatStatus.SERVING).values_list("deputy_id", flat=True))
        if term
        else set()
    )
    deputies = list(deputies)
    strangers = [d.name for d in deputies if d.pk not in members and role != Attendance.Role.INVITED]
    if strangers:
        raise ValidationError(
            {"deputies": _("%(names)s不是本届代表，只能列席。") % {"names": "、".join(strangers)}}
        )
    already = set(meeting.attendances.values_list("deputy_id", flat=True))
    new = [Attendance(meeting=meeting, deputy=d, role=role) for d in deputies if d.pk not in already]
    if not new:
        raise ValidationError({"deputies": _("所选代表都已在名单中。")})
    Attendance.objects.bulk_create(new)
    record(
        actor=actor,
        action="duty.meeting.invited",
        target=meeting,
        data={"role": role, "deputies": [a.deputy_id for a in new]},
    )
    return len(new)


@transaction.atomic
def record_attendance(*, actor: Actor, attendance: Attendance, status: str, note: str = "") -> Attendance:
    attendance = (
        Attendance.objects.select_for_update(of=("self",))
        .select_related("meeting__congress__region")
        .get(pk=attendance.pk)
    )
    if status not in (Attendance.Status.PRESENT, Attendance.Status.LEAVE, Attendance.Status.ABSENT):
        raise ValidationError({"status": _("请选择签到、请假或缺席。")})
    if status == Attendance.Status.LEAVE and not note.strip():
        raise ValidationError({"note": _("请假须写明事由。")})
    if attendance.meeting.held_on > timezone.localdate() and status != Attendance.Status.LEAVE:
        raise ValidationError({"status": _("会议尚未举行，只能登记请假。")})
    before = attendance.status
    attendance.status = status
    attendance.note = note.strip()
    attendance.signed_at = timezone.now() if status == Attendance.Status.PRESENT else None
    attendance.save(update_fields=["status", "note", "signed_at"])
    record(
        actor=actor,
        action="duty.attendance.recorded",
        target=attendance.meeting,
        changes={"status": {"from": before, "to": status}},
        data={"deputy": attendance.deputy_id, "note": attendance.note},
    )
    collectors.refresh("attendance", deputy_ids=[attendance.deputy_id])
    return attendance


@transaction.atomic
def close_sign_in(*, actor: Actor, meeting: Meeting) -> int:
    """After the meeting: whoever neither signed in nor asked for leave was absent."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.held_on > timezone.localdate():
        raise ValidationError(_("会议尚未举行，不能结束签到。"))
    missing = meeting.attendances.filter(status=Attendance.Status.EXPECTED)
    deputy_ids = list(missing.values_list("deputy_id", flat=True))
    count = missing.update(status=Attendance.Status.ABSENT)
    record(actor=actor, action="duty.attendance.closed", target=meeting, data={"absent": deputy_ids})
    collectors.refresh("attendance", deputy_ids=deputy_ids)
    return count


def material_add(*, actor: Actor, meeting: Meeting, files) -> int:
    checked = uploads.check_all(files, max_files=MAX_FILES, max_mb=MAX_MB)
    if not checked:
        raise ValidationError({"files": _("请选择要上传的材料。")})
    written: list[str] = []
    try:
        with transaction.atomic():
            _store_files(checked, Material, "meeting", meeting, written)
            record(
                actor=actor,
                action="duty.material.added",
                target=meeting,
                data={"files": [uploads.display_name(u) for u, _kind in checked]},
            )
    except Exception:
        _remove_on_failure(written)
        raise
    return len(checked)


# ---------------------------------------------------------------- 述职 (reports to voters)


def voter_report_create(*, actor: Actor, deputy: Deputy, values: dict) -> VoterReport:
    if values.get("held_on") and values["held_on"] > timezone.localdate():
        raise ValidationError({"held_on": _("述职日期不能晚于今天。")})
    with transaction.atomic():
        report = create_recorded(
            VoterReport, actor=actor, action="duty.voter_report.created", values={"deputy": deputy, **values}
        )
        collectors.refresh("voter_reports", deputy_ids=[deputy.pk])
    return report


@transaction.atomic
def voter_report_rate(*, actor: Actor, report: VoterReport, values: dict) -> VoterReport:
    """Counts of 满意 / 基本满意 / 不满意 entered by staff from the paper ballots."""
    total = sum(values.values())
    locked = VoterReport.objects.select_for_update().get(pk=report.pk)
    if total > locked.voters_present:
        raise ValidationError(
            _("评议票数合计 %(total)d 超过参加选民人数 %(present)d。")
            % {"total": total, "present": locked.voters_present}
        )
    return update_recorded(locked, actor=actor, action="duty.voter_report.rated", values=values)


def _vote_digest(code: str) -> str:
    return lookup_digest(f"duty-vote:{code.strip().upper()}")


@transaction.atomic
def issue_vote_codes(*, actor: Actor, report: VoterReport, count: int) -> list[str]:
    """One-time codes for the voters present; shown once to be printed, kept only as keyed hashes."""
    report = VoterReport.objects.select_for_update().get(pk=report.pk)
    issued = report.codes.count()
    if count < 1 or issued + count > report.voters_present:
        raise ValidationError(
            {
                "count": _("评议码总数不能超过参加选民人数（%(n)d 人，已生成 %(issued)d 个）。")
                % {"n": report.voters_present, "issued": issued}
            }
        )
    fresh = [codes.new_code(8) for _i in range(count)]
    VoteCode.objects.bulk_create([VoteCode(report=report, digest=_vote_digest(c)) for c in fresh])
    record(actor=actor, action="duty.voter_report.codes_issued", target=report, data={"count": count})
    return fresh


_VOTE_FIELDS = {"satisfied": "satisfied", "basically": "basically", "unsatisfied": "unsatisfied"}


@transaction.atomic
def cast_vote(*, actor: Actor, code: str, value: str) -> VoterReport:
    if value not in _VOTE_FIELDS:
        raise ValidationError({"value": _("请选择满意、基本满意或不满意。")})
    vote = VoteCode.objects.select_for_update().filter(digest=_vote_digest(code)).first()
    if vote is None:
        raise ValidationError({"code": _("评议码不正确，请核对后重新输入。")})
    if vote.used_at is not None:
        raise ValidationError({"code": _("这个评议码已经用过，每个评议码只能评议一次。")})
    report = VoterReport.objects.select_for_update().get(pk=vote.report_id)
    vote.used_at = timezone.now()
    vote.save(update_fields=["used_at"])
    setattr(report, value, getattr(report, value) + 1)
    report.save(update_fields=[value])
    record(actor=actor, action="duty.voter_report.voted", target=report, data={"value": value})
    return report
