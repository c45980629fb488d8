"""The duty record: self-reports with evidence and their review, and what the collectors gather."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lianxin.accounts.actor import Actor
from lianxin.audit.models import Event
from lianxin.duty import collectors, services
from lianxin.duty.models import Attendance, DutyActivity, Evidence, Kind, PointRule, SelfReport
from lianxin.duty.tests.fixtures import make_meeting, make_report, pdf_upload
from lianxin.opinions import handling
from lianxin.opinions.tests.intake_fixtures import make_opinion

pytestmark = pytest.mark.django_db

VALUES = {
    "kind": Kind.INSPECTION,
    "occurred_on": datetime.date(2026, 3, 12),
    "title": "视察东城镇污水处理厂",
    "place": "东城镇",
    "content": "随县人大常委会视察污水处理厂运行情况。",
}


def actor(user) -> Actor:
    return Actor(user=user, role=user.active_memberships()[0].role, ip="127.0.0.1")


def state():
    return (
        SelfReport.objects.count(),
        list(SelfReport.objects.values_list("status", "return_reason")),
        Evidence.objects.count(),
        DutyActivity.objects.count(),
        Event.objects.count(),
    )


def refused(call) -> list[str]:
    before = state()
    with pytest.raises(ValidationError) as raised:
        call()
    assert state() == before
    return raised.value.messages


# ---------------------------------------------------------------- self-reports


def test_a_deputy_reports_an_inspection_with_evidence(world):
    report = services.submit_self_report(
        actor=actor(world.deputy), deputy=world.east_deputy, values=VALUES, files=[pdf_upload()]
    )
    assert report.status == SelfReport.Status.SUBMITTED
    assert report.evidence.get().name == "视察照片.pdf"
    assert Event.objects.filter(action="duty.self_report.submitted", target_id=str(report.pk)).exists()
    # Nothing counts until staff approve it.
    assert not DutyActivity.objects.exists()


def test_without_evidence_where_a_rule_asks_for_it_nothing_is_saved(world):
    PointRule.objects.create(
        congress=world.county_congress, kind=Kind.INSPECTION, points=3, requires_evidence=True
    )
    messages = refused(
        lambda: services.submit_self_report(
            actor=actor(world.deputy), deputy=world.east_deputy, values=VALUES, files=[]
        )
    )
    assert messages == ["按积分规则，“视察”须附佐证材料（照片或文件），请上传后再提交。"]


def test_without_evidence_where_no_rule_asks_for_it_the_report_is_taken(world):
    PointRule.objects.create(
        congress=world.county_congress, kind=Kind.INSPECTION, points=3, requires_evidence=False
    )
    report = services.submit_self_report(
        actor=actor(world.deputy), deputy=world.east_deputy, values=VALUES, files=[]
    )
    assert report.evidence.count() == 0


def test_a_file_that_is_not_an_image_or_pdf_is_refused(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("照片.jpg", b"MZ not a picture", content_type="image/jpeg")
    messages = refused(
        lambda: services.submit_self_report(
            actor=actor(world.deputy), deputy=world.east_deputy, values=VALUES, files=[fake]
        )
    )
    assert messages == ["“照片.jpg”不是 JPEG、PNG 图片或 PDF 文件。"]


def test_an_activity_in_the_future_is_refused(world):
    future = {**VALUES, "occurred_on": timezone.localdate() + datetime.timedelta(days=3)}
    messages = refused(
        lambda: services.submit_self_report(
            actor=actor(world.deputy), deputy=world.east_deputy, values=future, files=[pdf_upload()]
        )
    )
    assert messages == ["活动日期不能晚于今天。"]


def test_batch_approval_puts_every_report_in_the_record(world):
    first = make_report(world)
    second = make_report(
        world, kind=Kind.SURVEY, title="调研农村养老服务", occurred_on=datetime.date(2026, 4, 2)
    )
    services.approve_self_reports(actor=actor(world.staff), reports=[first, second])
    assert set(SelfReport.objects.values_list("status", flat=True)) == {SelfReport.Status.APPROVED}
    assert sorted(DutyActivity.objects.values_list("kind", "title", "source")) == [
        (Kind.INSPECTION, "视察东城镇污水处理厂", "self_reports"),
        (Kind.SURVEY, "调研农村养老服务", "self_reports"),
    ]
    assert Event.objects.filter(action="duty.self_report.approved").count() == 2


def test_a_batch_with_one_decided_report_approves_none(world):
    fresh = make_report(world)
    returned = make_report(
        world, title="已退回的", status=SelfReport.Status.RETURNED, return_reason="材料不清"
    )
    messages = refused(
        lambda: services.approve_self_reports(actor=actor(world.staff), reports=[fresh, returned])
    )
    assert messages == ["“已退回的”已经已退回，不能再审核。"]


def test_returning_needs_a_reason_the_deputy_then_sees(world, as_user):
    report = make_report(world)
    messages = refused(
        lambda: services.return_self_report(actor=actor(world.staff), report=report, reason="  ")
    )
    assert messages == ["退回时须写明理由，代表会看到这条理由。"]
    services.return_self_report(actor=actor(world.staff), report=report, reason="照片看不清，请补充。")
    page = as_user(world.deputy).get("/office/duty/mine/")
    assert "照片看不清，请补充。" in page.content.decode()
    assert not DutyActivity.objects.exists()


# ---------------------------------------------------------------- collectors


def test_opinions_brought_to_a_deputy_and_answered_by_them_are_collected(world):
    opinion = make_opinion(world, deputy=world.east_deputy, title="东城社区路灯不亮")
    make_opinion(world, title="没有带给代表的意见")
    accepted = handling.accept(actor=actor(world.staff), opinion=opinion)
    handling.answer_directly(actor=actor(world.deputy), opinion=accepted, text="已与社区沟通，本周修复。")
    counts = collectors.refresh("opinions")
    assert counts == {"added": 2, "changed": 0, "removed": 0}
    assert sorted(DutyActivity.objects.values_list("deputy_id", "kind")) == [
        (world.east_deputy.pk, Kind.OPINION_ANSWERED),
        (world.east_deputy.pk, Kind.OPINION_RECEIVED),
    ]
    # Collecting again changes nothing: rows are kept, not rewritten.
    pks = set(DutyActivity.objects.values_list("pk", flat=True))
    assert collectors.refresh("opinions") == {"added": 0, "changed": 0, "removed": 0}
    assert set(DutyActivity.objects.values_list("pk", flat=True)) == pks


def test_a_collector_removes_what_its_source_no_longer_has(world):
    report = make_report(world, status=SelfReport.Status.APPROVED)
    collectors.refresh("self_reports")
    assert DutyActivity.objects.count() == 1
    SelfReport.objects.filter(pk=report.pk).update(title="视察污水处理厂（更正）")
    assert collectors.refresh("self_reports") == {"added": 0, "changed": 1, "removed": 0}
    assert DutyActivity.objects.get().title == "视察污水处理厂（更正）"
    SelfReport.objects.filter(pk=report.pk).update(status=SelfReport.Status.RETURNED)
    assert collectors.refresh("self_reports") == {"added": 0, "changed": 0, "removed": 1}


def test_attendance_feeds_the_record_and_closing_marks_the_rest_absent(world):
    meeting = make_meeting(
        world, type="plenary", title="县十八届人大六次会议", held_on=datetime.date(2026, 1, 10)
    )
    services.invite(actor=actor(world.staff), meeting=meeting, deputies=[world.east_deputy])
    services.invite(actor=actor(world.staff), meeting=meeting, deputies=[world.west_deputy], role="invited")
    present = meeting.attendances.get(deputy=world.east_deputy)
    services.record_attendance(actor=actor(world.staff), attendance=present, status=Attendance.Status.PRESENT)
    assert services.close_sign_in(actor=actor(world.staff), meeting=meeting) == 1
    assert sorted(DutyActivity.objects.values_list("deputy__name", "kind")) == [
        ("李秀英", Kind.MEETING_ABSENT),
        ("王建国", Kind.MEETING_ATTENDED),
    ]


def test_leave_needs_a_reason_and_a_deputy_of_another_congress_may_only_sit_in(world):
    meeting = make_meeting(world, type="plenary", held_on=datetime.date(2026, 1, 10))
    before = Attendance.objects.count()
    with pytest.raises(ValidationError) as raised:
        services.invite(
            actor=actor(world.staff), meeting=meeting, deputies=[world.west_deputy], role="member"
        )
    assert raised.value.messages == ["李秀英不是本届代表，只能列席。"]
    assert Attendance.objects.count() == before
    services.invite(actor=actor(world.staff), meeting=meeting, deputies=[world.east_deputy])
    row = meeting.attendances.get()
    with pytest.raises(ValidationError) as raised:
        services.record_attendance(actor=actor(world.staff), attendance=row, status=Attendance.Status.LEAVE)
    assert raised.value.messages == ["请假须写明事由。"]
    row.refresh_from_db()
    assert row.status == Attendance.Status.EXPECTED


def test_a_training_attended_counts_as_training(world):
    training = make_meeting(
        world, type="training", title="代表履职能力培训班", held_on=datetime.date(2026, 6, 3)
    )
    services.invite(actor=actor(world.staff), meeting=training, deputies=[world.east_deputy])
    row = training.attendances.get()
    assert row.role == Attendance.Role.TRAINEE
    services.record_attendance(actor=actor(world.staff), attendance=row, status=Attendance.Status.PRESENT)
    assert list(DutyActivity.objects.values_list("kind", "title")) == [(Kind.TRAINING, "代表履职能力培训班")]
