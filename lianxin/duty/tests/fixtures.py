"""Invented records for the duty tests and the permission matrix."""

import datetime

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from lianxin.duty.models import Evidence, Kind, Meeting, PointRule, SelfReport, VoterReport

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
_MATRIX_FILE = "duty/permission-matrix.pdf"


def pdf_upload(name: str = "视察照片.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def make_report(world, *, deputy=None, **values) -> SelfReport:
    defaults = {
        "kind": Kind.INSPECTION,
        "occurred_on": datetime.date(2026, 3, 12),
        "title": "视察东城镇污水处理厂",
        "place": "东城镇",
        "content": "随县人大常委会视察污水处理厂运行情况。",
    }
    return SelfReport.objects.create(deputy=deputy or world.east_deputy, **{**defaults, **values})


def report(w) -> dict:
    found = SelfReport.objects.filter(deputy=w.east_deputy).first() or make_report(w)
    return {"pk": found.pk}


def report_with_evidence(w) -> dict:
    found = SelfReport.objects.filter(deputy=w.east_deputy).first() or make_report(w)
    item = found.evidence.first()
    if item is None:
        # One fixed file, written once: the matrix runs often and must not fill the uploads folder.
        if not default_storage.exists(_MATRIX_FILE):
            default_storage.save(_MATRIX_FILE, ContentFile(PDF_BYTES))
        item = Evidence.objects.create(
            report=found,
            file=_MATRIX_FILE,
            name="照片.pdf",
            content_type="application/pdf",
            size=len(PDF_BYTES),
        )
    return {"pk": found.pk, "evidence_pk": item.pk}


def make_meeting(world, **values) -> Meeting:
    defaults = {
        "congress": world.county_congress,
        "type": Meeting.Type.STANDING,
        "title": "县人大常委会第十二次会议",
        "held_on": datetime.date(2026, 4, 20),
        "place": "县人大会议室",
    }
    return Meeting.objects.create(**{**defaults, **values})


def meeting(w) -> dict:
    found = Meeting.objects.filter(congress=w.county_congress).first() or make_meeting(w)
    return {"pk": found.pk}


def attendance(w) -> dict:
    found = Meeting.objects.filter(congress=w.county_congress).first() or make_meeting(w)
    row = found.attendances.first() or found.attendances.create(deputy=w.east_deputy, role="invited")
    return {"pk": found.pk, "attendance_pk": row.pk}


def material(w) -> dict:
    found = Meeting.objects.filter(congress=w.county_congress).first() or make_meeting(w)
    item = found.materials.first()
    if item is None:
        if not default_storage.exists(_MATRIX_FILE):
            default_storage.save(_MATRIX_FILE, ContentFile(PDF_BYTES))
        item = found.materials.create(
            file=_MATRIX_FILE, name="培训讲义.pdf", content_type="application/pdf", size=len(PDF_BYTES)
        )
    return {"pk": found.pk, "material_pk": item.pk}


def rule(w) -> dict:
    found, _created = PointRule.objects.get_or_create(
        congress=w.county_congress, kind=Kind.INSPECTION, defaults={"points": 3, "yearly_cap": 30}
    )
    return {"pk": found.pk}


def make_voter_report(world, **values) -> VoterReport:
    defaults = {
        "deputy": world.east_deputy,
        "held_on": datetime.date(2026, 5, 8),
        "place": "东城社区活动室",
        "voters_present": 40,
        "content": "一年来参加视察三次，接待选民十二人次。",
    }
    return VoterReport.objects.create(**{**defaults, **values})


def voter_report(w) -> dict:
    found = VoterReport.objects.filter(deputy=w.east_deputy).first() or make_voter_report(w)
    return {"pk": found.pk}
