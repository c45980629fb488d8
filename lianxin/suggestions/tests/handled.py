"""An assigned and answered deputy's suggestion in the test world, built through the services."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from lianxin.accounts.actor import Actor
from lianxin.casework import services as casework
from lianxin.suggestions.models import Suggestion


def actor(user) -> Actor:
    return Actor(user=user, role="", ip=None)


def pdf() -> SimpleUploadedFile:
    body = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    return SimpleUploadedFile("答复函.pdf", body, content_type="application/pdf")


SUBMITTED = datetime.datetime(2026, 1, 8, 9, 0, tzinfo=datetime.UTC)


def accepted_suggestion(
    w,
    *,
    title="关于东城路增设人行横道的建议",
    number=12,
    category="交通运输",
    region=None,
    deputy=None,
    submitted_at=SUBMITTED,
):
    """An accepted (立案) suggestion of the county congress, led by the world's east deputy unless
    another is named (a lead deputy without an account cannot rate)."""
    case = casework.open_case(
        actor=actor(w.staff), source="suggestions", title=title, region=region or w.east
    )
    suggestion = Suggestion.objects.create(
        deputy=deputy or w.east_deputy,
        congress=w.county_congress,
        term=w.county_term,
        region=region or w.east,
        title=title,
        content="东城路小学门口车流量大，学生过马路危险。\n建议增设人行横道和信号灯。",
        category=category,
        status=Suggestion.Status.ACCEPTED,
        submitted_at=submitted_at,
        year=submitted_at.year,
        number=number,
        case=case,
        created_by=w.staff,
    )
    suggestion.signers.create(deputy=deputy or w.east_deputy, is_lead=True, confirmed_at=timezone.now())
    return suggestion


def assigned_suggestion(w, *, co=True, lead=None, **kwargs):
    suggestion = accepted_suggestion(w, **kwargs)
    casework.assign(
        actor=actor(w.staff), case=suggestion.case, lead=lead or w.unit, co=[w.other_unit] if co else []
    )
    return suggestion


def replied_suggestion(w, *, category="B", co=True, **kwargs):
    """Assigned to the world's unit (lead) and the other unit (co), answered by the lead."""
    suggestion = assigned_suggestion(w, co=co, **kwargs)
    lead = suggestion.case.assignments.get(kind="lead")
    clerk = w.clerk if lead.unit == w.unit else w.west_clerk
    casework.sign(actor=actor(clerk), assignment=lead)
    promises = [("施划人行横道", datetime.date(2099, 3, 31))] if category in ("B", "C") else []
    reply = casework.reply(
        actor=actor(clerk),
        assignment=lead,
        text="经研究，已列入今年道路改造计划。",
        category=category,
        signed_off_by="赵局长",
        attachments=[pdf()],
        promises=promises,
    )
    return suggestion, reply
