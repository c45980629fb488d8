"""Sending once, surviving a broken gateway, and keeping the citizen's number out of sight."""

import datetime
import logging

import pytest
from django.core import mail

from lianxin.audit.models import Event
from lianxin.casework import services
from lianxin.casework.announcements import Announcement
from lianxin.notifications import delivery
from lianxin.notifications.models import Kind, Notification, NotificationPreference, PhoneMessage
from lianxin.notifications.tests.conftest import CITIZEN_PHONE, actor, at

D = datetime.date


@pytest.fixture
def replied(world, open_case, committed):
    case = open_case()
    with at(D(2026, 4, 1)):
        (lead,) = committed(services.assign, actor=actor(world.staff), case=case, lead=world.unit)
        committed(services.sign, actor=actor(world.clerk), assignment=lead)
        committed(
            services.reply,
            actor=actor(world.clerk),
            assignment=lead,
            text="已修复。",
            category="A",
            signed_off_by="赵局长",
        )
    return case, lead


def test_the_same_announcement_delivered_twice_is_told_once(world, replied, sms_outbox):
    case, lead = replied
    rows, texts = Notification.objects.count(), len(sms_outbox)
    delivery.deliver(Announcement("replied", case.pk, lead.pk))
    delivery.deliver(Announcement("assigned", case.pk))
    assert (Notification.objects.count(), len(sms_outbox)) == (rows, texts)
    assert PhoneMessage.objects.count() == 1


def test_a_broken_sms_gateway_keeps_the_messages_and_logs_only_a_masked_number(
    world, open_case, committed, settings, caplog
):
    settings.LIANXIN_SMS_BACKEND = "lianxin.notifications.tests.conftest.BrokenGateway"
    world.clerk.phone = "13700002222"
    world.clerk.save(update_fields=["phone", "phone_digest"])
    case = open_case()
    with caplog.at_level(logging.WARNING, logger="lianxin.notifications"), at(D(2026, 4, 1)):
        (lead,) = committed(services.assign, actor=actor(world.staff), case=case, lead=world.unit)
        committed(services.sign, actor=actor(world.clerk), assignment=lead)
        committed(
            services.reply,
            actor=actor(world.clerk),
            assignment=lead,
            text="已修复。",
            category="A",
            signed_off_by="赵局长",
        )
    assigned = Notification.objects.get(kind=Kind.ASSIGNED, recipient=world.clerk)
    assert assigned.pushed_at is None
    to_phone = PhoneMessage.objects.get(kind=Kind.REPLIED)
    assert (to_phone.sent_at, to_phone.phone_masked) == (None, "139****5678")
    assert "短信发送失败（137****2222）：ConnectionError gateway refused 137****2222" in caplog.text
    assert "短信发送失败（139****5678）" in caplog.text
    assert "13700002222" not in caplog.text
    assert CITIZEN_PHONE not in caplog.text


def test_a_failing_listener_never_fails_the_transition(world, open_case, committed, monkeypatch, caplog):
    def broken(announcement):
        raise RuntimeError("database went away")

    monkeypatch.setattr(delivery, "deliver", broken)
    case = open_case()
    with caplog.at_level(logging.ERROR, logger="lianxin.notifications"):
        committed(services.assign, actor=actor(world.staff), case=case, lead=world.unit)
    case.refresh_from_db()
    assert case.state == "assigned"
    assert "消息投递失败：assigned" in caplog.text


def test_the_citizens_number_reaches_the_sms_backend_and_nothing_else(
    world, open_case, committed, sms_outbox, caplog
):
    case = open_case()
    with caplog.at_level(logging.DEBUG), at(D(2026, 3, 2)):
        (lead,) = committed(services.assign, actor=actor(world.staff), case=case, lead=world.unit)
        committed(services.sign, actor=actor(world.clerk), assignment=lead)
        extension = committed(
            services.request_extension,
            actor=actor(world.clerk),
            assignment=lead,
            new_date=D(2026, 7, 1),
            reason="需协调",
        )
        committed(services.decide_extension, actor=actor(world.staff), extension=extension, approve=True)
        committed(
            services.reply,
            actor=actor(world.clerk),
            assignment=lead,
            text="已修复。",
            category="A",
            signed_off_by="赵局长",
        )
        committed(services.rate, actor=actor(world.citizen), case=case, value="satisfied")
    assert [phone for phone, _text in sms_outbox] == [CITIZEN_PHONE] * 3
    stored = [
        *Notification.objects.values_list("title", "body", "url", "key"),
        *PhoneMessage.objects.values_list("phone_masked", "text", "key"),
        *Event.objects.values_list("data", "changes"),
    ]
    assert CITIZEN_PHONE not in str(stored)
    assert CITIZEN_PHONE not in caplog.text


def test_account_holders_get_sms_and_e_mail_as_they_chose(world, open_case, committed, sms_outbox):
    world.clerk.phone = "13700002222"
    world.clerk.save(update_fields=["phone", "phone_digest"])
    world.west_clerk.phone = "13700003333"
    world.west_clerk.save(update_fields=["phone", "phone_digest"])
    NotificationPreference.objects.create(user=world.west_clerk, sms=False, email="luo@example.cn")
    case = open_case()
    with at(D(2026, 3, 2)):
        committed(
            services.assign, actor=actor(world.staff), case=case, lead=world.unit, co=[world.other_unit]
        )
    to_clerk = Notification.objects.get(recipient=world.clerk)
    assert sms_outbox == [("13700002222", to_clerk.body + " 请登录连心平台查看。")]
    assert [(m.to, m.subject) for m in mail.outbox] == [(["luo@example.cn"], "新交办：“东城路路灯不亮”")]
    assert Notification.objects.filter(pushed_at__isnull=False).count() == 2


def test_e_mails_link_to_the_case_when_the_site_address_is_known(world, open_case, committed, settings):
    settings.LIANXIN_SITE_URL = "https://rd.example.gov.cn/"
    NotificationPreference.objects.create(user=world.staff, sms=False, email="liu@example.cn")
    case = open_case()
    with at(D(2026, 3, 2)):
        (lead,) = committed(services.assign, actor=actor(world.staff), case=case, lead=world.unit)
        committed(services.sign, actor=actor(world.clerk), assignment=lead)
    assert mail.outbox[0].body.endswith(f"\n\nhttps://rd.example.gov.cn/office/test/{case.pk}/")


def test_digest_readers_get_no_single_messages(world, open_case, committed, sms_outbox):
    world.clerk.phone = "13700002222"
    world.clerk.save(update_fields=["phone", "phone_digest"])
    NotificationPreference.objects.create(user=world.clerk, digest=True, email="zhou@example.cn")
    committed(services.assign, actor=actor(world.staff), case=open_case(), lead=world.unit)
    assert Notification.objects.filter(recipient=world.clerk, pushed_at=None).count() == 1
    assert (sms_outbox, mail.outbox) == ([], [])


def test_sms_can_be_turned_off(world, open_case, committed, sms_outbox):
    world.clerk.phone = "13700002222"
    world.clerk.save(update_fields=["phone", "phone_digest"])
    NotificationPreference.objects.create(user=world.clerk, sms=False)
    committed(services.assign, actor=actor(world.staff), case=open_case(), lead=world.unit)
    assert Notification.objects.filter(recipient=world.clerk).exists()
    assert sms_outbox == []
