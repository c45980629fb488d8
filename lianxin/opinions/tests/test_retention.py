"""The processing notice's promise: personal data is erased N years after the opinion is finished."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from lianxin.accounts.actor import Actor
from lianxin.audit.models import Event
from lianxin.casework import services as casework
from lianxin.casework.models import Rating
from lianxin.opinions import handling
from lianxin.opinions.models import Attachment, Opinion
from lianxin.opinions.tests.intake_fixtures import (  # noqa: F401
    PDF_BYTES,
    PHONE,
    _empty_outbox,
    _uploads_in_a_temporary_folder,
    accepted,
    make_opinion,
    replied,
)


def at(day: datetime.date):
    return time_machine.travel(
        timezone.make_aware(datetime.datetime.combine(day, datetime.time(10))), tick=False
    )


def closed_on(world, day: datetime.date) -> Opinion:
    with at(day):
        opinion = accepted(
            world,
            make_opinion(
                world,
                submitter_name="赵小红",
                place="人民路18号",
                content="我叫赵小红，电话13912345678，路灯不亮。",
            ),
        )
        Attachment.objects.create(
            opinion=opinion,
            file=default_storage.save("opinions/scan.pdf", ContentFile(PDF_BYTES)),
            name="来信.pdf",
            content_type="application/pdf",
            size=len(PDF_BYTES),
        )
        case = replied(world, opinion)
        casework.rate(
            actor=Actor(user=None, role="citizen", subject=opinion.rater_label()),
            case=case,
            value=Rating.Value.SATISFIED,
        )
    opinion.refresh_from_db()
    return opinion


@pytest.fixture
def erase(settings, django_capture_on_commit_callbacks):
    def run(today: datetime.date) -> str:
        settings.LIANXIN_OPINION_RETENTION_YEARS = 3
        out = StringIO()
        with at(today), django_capture_on_commit_callbacks(execute=True):
            call_command("erase_expired_personal_data", stdout=out)
        return out.getvalue()

    return run


def test_three_years_after_it_closed_the_submitters_data_is_erased_and_the_record_stays(world, erase):
    opinion = closed_on(world, datetime.date(2023, 5, 10))
    stored = opinion.attachments.get().file.name

    assert "已删除 0 件" in erase(datetime.date(2026, 5, 10))  # not yet: finished 3 years ago today
    opinion.refresh_from_db()
    assert opinion.submitter_name == "赵小红"

    assert "已删除 1 件" in erase(datetime.date(2026, 5, 11))
    opinion.refresh_from_db()
    assert (opinion.submitter_name, opinion.place, opinion.submitter_phone_digest) == ("", "", "")
    assert not opinion.submitter_phone
    assert "赵小红" not in opinion.content
    assert PHONE not in opinion.content
    assert "路灯不亮" in opinion.content
    assert not opinion.attachments.exists()
    assert not default_storage.exists(stored)
    # The record itself stays: its answer, its rating, its dates.
    assert opinion.case.replies.exists()
    assert opinion.case.ratings.exists()
    assert (
        Event.objects.filter(
            action="opinions.opinion.personal_data_erased", target_id=str(opinion.pk)
        ).count()
        == 1
    )

    # Once is enough: running again erases nothing more and records nothing more.
    assert "已删除 0 件" in erase(datetime.date(2026, 6, 1))
    assert Event.objects.filter(action="opinions.opinion.personal_data_erased").count() == 1


def test_opinions_still_open_or_waiting_keep_their_data_whatever_their_age(world, erase):
    with at(datetime.date(2020, 1, 6)):
        waiting = make_opinion(world, submitter_name="钱多多")
        open_case = accepted(world, make_opinion(world, submitter_name="孙小美"))
    assert "已删除 0 件" in erase(datetime.date(2026, 11, 23))
    assert Opinion.objects.get(pk=waiting.pk).submitter_name == "钱多多"
    assert Opinion.objects.get(pk=open_case.pk).submitter_name == "孙小美"


def test_a_refused_opinion_counts_from_its_refusal(world, erase):
    with at(datetime.date(2022, 3, 1)):
        refused = handling.refuse(
            actor=Actor(user=world.staff, role="staff"),
            opinion=make_opinion(world, submitter_name="周大"),
            reason="不属于受理范围。",
        )
    assert "已删除 1 件" in erase(datetime.date(2025, 3, 2))
    refused.refresh_from_db()
    assert refused.submitter_name == ""
    assert refused.status_reason == "不属于受理范围。"
