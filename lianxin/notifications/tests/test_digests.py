"""The daily digest: one summary per user per day instead of single messages."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from lianxin.casework import services
from lianxin.notifications.digests import send_digests
from lianxin.notifications.models import Digest, Notification, NotificationPreference
from lianxin.notifications.tests.conftest import actor, at

D = datetime.date


@pytest.fixture
def digest_clerk(world):
    world.clerk.phone = "13700002222"
    world.clerk.save(update_fields=["phone", "phone_digest"])
    NotificationPreference.objects.create(user=world.clerk, digest=True)
    return world.clerk


def _assign_three(world, open_case, committed):
    for title in ("东城路路灯不亮", "西街积水", "学校门口缺少斑马线", "菜市场噪音"):
        committed(services.assign, actor=actor(world.staff), case=open_case(title), lead=world.unit)


def test_a_digest_sums_up_the_days_unread_messages_once(
    world, digest_clerk, open_case, committed, sms_outbox
):
    with at(D(2026, 3, 2)):
        _assign_three(world, open_case, committed)
    first = Notification.objects.filter(recipient=digest_clerk).order_by("pk").first()
    first.read_at = first.created_at
    first.save(update_fields=["read_at"])
    assert sms_outbox == []
    assert send_digests(D(2026, 3, 2)) == 1
    assert send_digests(D(2026, 3, 2)) == 0
    assert sms_outbox == [
        (
            "13700002222",
            "连心平台今日有 3 条新消息：新交办：“西街积水”；新交办：“学校门口缺少斑马线”；"
            "新交办：“菜市场噪音”。请登录查看。",
        )
    ]
    digest = Digest.objects.get()
    assert (digest.user, digest.count, digest.sent_at is not None) == (digest_clerk, 3, True)
    assert Notification.objects.filter(recipient=digest_clerk, pushed_at__isnull=False).count() == 3


def test_the_next_day_brings_only_what_is_new(world, digest_clerk, open_case, committed, sms_outbox):
    with at(D(2026, 3, 2)):
        committed(services.assign, actor=actor(world.staff), case=open_case(), lead=world.unit)
    send_digests(D(2026, 3, 2))
    assert send_digests(D(2026, 3, 3)) == 0
    with at(D(2026, 3, 3)):
        _assign_three(world, open_case, committed)
    assert send_digests(D(2026, 3, 3)) == 1
    assert sms_outbox[-1][1].startswith("连心平台今日有 4 条新消息：新交办：“东城路路灯不亮”；")
    assert sms_outbox[-1][1].endswith("等。请登录查看。")
    assert len(sms_outbox) == 2


def test_a_digest_no_channel_took_is_sent_on_the_next_run(
    world, digest_clerk, open_case, committed, settings, sms_outbox
):
    committed(services.assign, actor=actor(world.staff), case=open_case(), lead=world.unit)
    settings.LIANXIN_SMS_BACKEND = "lianxin.notifications.tests.conftest.BrokenGateway"
    assert send_digests(D(2026, 3, 2)) == 0
    assert Digest.objects.get().sent_at is None
    settings.LIANXIN_SMS_BACKEND = "lianxin.notifications.sms.MemoryBackend"
    assert send_digests(D(2026, 3, 2)) == 1
    assert send_digests(D(2026, 3, 2)) == 0
    assert len(sms_outbox) == 1
    assert Digest.objects.count() == 1


def test_a_digest_goes_by_e_mail_with_every_message(world, open_case, committed):
    NotificationPreference.objects.create(user=world.clerk, digest=True, sms=False, email="zhou@example.cn")
    committed(services.assign, actor=actor(world.staff), case=open_case(), lead=world.unit)
    send_digests(D(2026, 3, 2))
    (message,) = mail.outbox
    assert message.subject == "连心平台每日消息汇总（2026-03-02）"
    assert "1. 新交办：“东城路路灯不亮”\n   连心县交通运输局收到主办事项" in message.body


def test_users_without_a_digest_or_without_any_channel_get_none(world, open_case, committed, sms_outbox):
    NotificationPreference.objects.create(user=world.clerk, digest=True)  # no phone, no e-mail
    NotificationPreference.objects.create(user=world.west_clerk, digest=False, email="luo@example.cn")
    committed(
        services.assign, actor=actor(world.staff), case=open_case(), lead=world.unit, co=[world.other_unit]
    )
    mail.outbox.clear()
    assert send_digests(D(2026, 3, 2)) == 0
    assert not Digest.objects.exists()
    assert (sms_outbox, mail.outbox) == ([], [])


def test_the_daily_command_says_how_many_it_sent(world, digest_clerk, open_case, committed):
    committed(services.assign, actor=actor(world.staff), case=open_case(), lead=world.unit)
    out = StringIO()
    call_command("send_digests", stdout=out)
    call_command("send_digests", stdout=out)
    assert out.getvalue().splitlines() == ["已发送每日汇总 1 份。", "已发送每日汇总 0 份。"]
