"""Office screens: the deputy's form, batch review, the rule form's messages, meetings, 述职."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from lianxin.audit.models import Event
from lianxin.duty.models import Attendance, DutyActivity, Evidence, Kind, Meeting, PointRule, SelfReport
from lianxin.duty.tests.fixtures import make_meeting, make_report, make_voter_report, pdf_upload

pytestmark = pytest.mark.django_db


def test_a_deputy_submits_a_report_with_a_photo_through_the_form(world, as_user):
    client = as_user(world.deputy)
    response = client.post(
        reverse("duty:mine_new"),
        {
            "kind": Kind.INSPECTION,
            "occurred_on": "2026-03-12",
            "title": "视察东城镇污水处理厂",
            "place": "东城镇",
            "content": "随县人大常委会视察。",
            "evidence": [pdf_upload()],
        },
    )
    assert response.status_code == 302
    report = SelfReport.objects.get()
    assert (report.deputy, report.status) == (world.east_deputy, SelfReport.Status.SUBMITTED)
    assert Evidence.objects.count() == 1
    # The deputy may download their own evidence; the other township's staff are told it does not exist.
    evidence = report.evidence.get()
    own = client.get(reverse("duty:mine_evidence", args=[report.pk, evidence.pk]))
    assert own.status_code == 200
    other = as_user(world.west_staff).get(reverse("duty:evidence", args=[report.pk, evidence.pk]))
    assert other.status_code == 404


def test_the_form_shows_the_evidence_message_beside_the_field(world, as_user):
    PointRule.objects.create(
        congress=world.county_congress, kind=Kind.INSPECTION, points=3, requires_evidence=True
    )
    response = as_user(world.deputy).post(
        reverse("duty:mine_new"),
        {"kind": Kind.INSPECTION, "occurred_on": "2026-03-12", "title": "视察", "content": "视察。"},
    )
    page = response.content.decode()
    assert "按积分规则，“视察”须附佐证材料（照片或文件），请上传后再提交。" in page
    assert "未保存任何内容" in page
    assert not SelfReport.objects.exists()


def test_staff_approve_a_batch_and_another_townships_report_is_not_found(world, as_user):
    ours = [make_report(world), make_report(world, title="调研养老服务", kind=Kind.SURVEY)]
    theirs = make_report(world, deputy=world.west_deputy, title="西山乡视察")
    client = as_user(world.west_staff)
    response = client.post(reverse("duty:reports_batch"), {"report": [theirs.pk, ours[0].pk]})
    assert response.status_code == 404
    assert set(SelfReport.objects.values_list("status", flat=True)) == {SelfReport.Status.SUBMITTED}
    listing = as_user(world.staff).get(reverse("duty:reports")).content.decode()
    assert "视察东城镇污水处理厂" in listing
    assert "批量审核通过" in listing
    response = as_user(world.staff).post(reverse("duty:reports_batch"), {"report": [r.pk for r in ours]})
    assert response.status_code == 302
    assert SelfReport.objects.filter(status=SelfReport.Status.APPROVED).count() == 2
    assert DutyActivity.objects.count() == 2


def test_a_leader_sees_the_queue_but_cannot_approve(world, as_user):
    report = make_report(world)
    page = as_user(world.leader).get(reverse("duty:report_detail", args=[report.pk])).content.decode()
    assert "审核通过" not in page
    response = as_user(world.leader).post(reverse("duty:report_approve", args=[report.pk]))
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.status == SelfReport.Status.SUBMITTED


def test_the_rule_form_shows_contradictions_beside_the_fields(world, as_user):
    url = reverse("duty:rule_create", args=[world.county_congress.pk])
    response = as_user(world.staff).post(url, {"kind": Kind.INSPECTION, "points": "3", "yearly_cap": "-1"})
    assert "年度上限不能为负数" in response.content.decode()
    assert not PointRule.objects.exists()
    response = as_user(world.staff).post(url, {"kind": Kind.INSPECTION, "points": "3", "yearly_cap": "30"})
    assert response.status_code == 302
    assert PointRule.objects.get().yearly_cap == 30


def test_recompute_and_publish_through_the_points_screen(world, as_user):
    year = datetime.date.today().year  # noqa: DTZ011 - the screen works on the current year.
    PointRule.objects.create(congress=world.county_congress, kind=Kind.INSPECTION, points=3)
    report = make_report(world, occurred_on=datetime.date(year, 1, 5))
    client = as_user(world.staff)
    client.post(reverse("duty:report_approve", args=[report.pk]))
    page = client.get(reverse("duty:points") + f"?congress={world.county_congress.pk}&year={year}")
    assert (
        "上次计算后有新的履职记录" in page.content.decode() or "本年度积分尚未计算" in page.content.decode()
    )
    client.post(reverse("duty:recompute", args=[world.county_congress.pk]), {"year": year})
    page = client.get(
        reverse("duty:points") + f"?congress={world.county_congress.pk}&year={year}"
    ).content.decode()
    assert 'id="points-stale"' not in page
    assert "王建国" in page
    client.post(reverse("duty:publish", args=[world.county_congress.pk]), {"year": year, "quarter": 1})
    assert Event.objects.filter(action="duty.points.published").count() == 1


def test_meeting_screens_invite_sign_in_and_close(world, as_user):
    client = as_user(world.staff)
    response = client.post(
        reverse("duty:meeting_create"),
        {
            "congress": world.county_congress.pk,
            "type": Meeting.Type.PLENARY,
            "title": "县十八届人大六次会议",
            "held_on": "2026-01-10",
            "place": "县会议中心",
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    client.post(reverse("duty:meeting_invite", args=[meeting.pk]), {"everyone": "on", "role": "member"})
    row = meeting.attendances.get()
    assert row.deputy == world.east_deputy
    client.post(reverse("duty:attendance", args=[meeting.pk, row.pk]), {"status": "leave", "note": "出差"})
    row.refresh_from_db()
    assert (row.status, row.note) == (Attendance.Status.LEAVE, "出差")
    client.post(reverse("duty:meeting_close", args=[meeting.pk]))
    row.refresh_from_db()
    assert row.status == Attendance.Status.LEAVE
    assert list(DutyActivity.objects.values_list("kind", flat=True)) == [Kind.MEETING_LEAVE]
    page = client.get(reverse("duty:meeting_detail", args=[meeting.pk])).content.decode()
    assert "请假 1" in page


def test_meeting_materials_refuse_what_is_not_a_pdf_or_image(world, as_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    meeting = make_meeting(world)
    client = as_user(world.staff)
    bad = SimpleUploadedFile("讲义.pdf", b"not a pdf", content_type="application/pdf")
    page = client.post(reverse("duty:material_upload", args=[meeting.pk]), {"files": [bad]}).content.decode()
    assert "“讲义.pdf”不是 JPEG、PNG 图片或 PDF 文件。" in page
    assert meeting.materials.count() == 0
    client.post(reverse("duty:material_upload", args=[meeting.pk]), {"files": [pdf_upload("讲义.pdf")]})
    assert meeting.materials.get().name == "讲义.pdf"


def test_the_record_shows_a_calendar_and_codes_are_shown_once(world, as_user):
    report = make_voter_report(world)
    client = as_user(world.staff)
    page = client.post(reverse("duty:voter_report_codes", args=[report.pk]), {"count": 3}).content.decode()
    assert page.count('class="col-6 col-md-3 font-monospace"') == 3
    again = client.get(reverse("duty:voter_report_detail", args=[report.pk])).content.decode()
    assert "font-monospace" not in again
    assert "已生成 3 个，已使用 0 个" in again
    record = client.get(reverse("duty:record", args=[world.east_deputy.pk]) + "?year=2026").content.decode()
    assert "履职日历" in record
    assert "12月" in record


def test_the_record_counts_each_term_from_its_start(world, as_user):
    from lianxin.duty.tests.test_points import activity

    activity(world.east_deputy, Kind.SURVEY, datetime.date(2021, 9, 30))  # before the 18th term
    activity(world.east_deputy, Kind.SURVEY, datetime.date(2022, 3, 1), n=2)
    page = as_user(world.staff).get(reverse("duty:record", args=[world.east_deputy.pk])).content.decode()
    assert "连心县人民代表大会第十八届</strong>：调研 2" in page
    assert "东城镇人民代表大会第十八届</strong>：调研 2" in page


def test_the_voter_report_ledger_lists_the_verdicts_and_exports_them_within_scope(world, as_user):
    make_voter_report(world, satisfied=30, basically=6, unsatisfied=4)
    make_voter_report(world, deputy=world.west_deputy, place="西山村委会", held_on=datetime.date(2026, 6, 1))
    page = as_user(world.staff).get(reverse("duty:voter_reports")).content.decode()
    assert "东城社区活动室" in page
    assert "西山村委会" in page
    assert "90.0%" in page  # (30 + 6) / 40 votes
    west = as_user(world.west_staff).get(reverse("duty:voter_reports")).content.decode()
    assert "西山村委会" in west
    assert "东城社区活动室" not in west

    export = as_user(world.staff).get(reverse("duty:voter_reports"), {"format": "xlsx", "q": "东城"})
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    header = [cell for cell in rows[0] if cell]
    assert header[:3] == ["述职日期", "代表", "地点"]
    assert header[-1] == "满意率"
    assert len([row for row in rows[1:] if any(row)]) == 1
    assert "东城社区活动室" in rows[-1]
