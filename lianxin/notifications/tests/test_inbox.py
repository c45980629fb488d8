"""The inbox screens: one's own messages only, read and unread, and the header badge."""

import pytest
from django.urls import reverse
from django.utils import timezone

from lianxin.audit.models import Event
from lianxin.notifications.models import Kind, Notification, NotificationPreference
from lianxin.notifications.templatetags.inbox import unread_count


def message(user, title, *, url="", read=False, key=None) -> Notification:
    return Notification.objects.create(
        recipient=user,
        kind=Kind.URGED,
        title=title,
        body=f"{title}的内容",
        url=url,
        key=key or f"test|{user.pk}|{title}",
        read_at=timezone.now() if read else None,
    )


def test_the_inbox_lists_only_ones_own_messages_unread_first(world, as_user):
    message(world.clerk, "旧的未读")
    message(world.clerk, "新的已读", read=True)
    message(world.clerk, "新的未读")
    message(world.west_clerk, "别人的消息")
    page = as_user(world.clerk).get(reverse("notifications:inbox")).content.decode()
    positions = [page.index(title) for title in ("新的未读", "旧的未读", "新的已读")]
    assert positions == sorted(positions)
    assert "别人的消息" not in page
    assert "未读 2 条" in page


def test_opening_a_message_marks_it_read_and_follows_its_link(world, as_user):
    mine = message(world.clerk, "督办", url="/office/test/1/")
    response = as_user(world.clerk).post(reverse("notifications:open", args=[mine.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/office/test/1/"
    mine.refresh_from_db()
    assert mine.is_read


def test_a_message_never_links_off_the_site(world, as_user):
    mine = message(world.clerk, "督办", url="https://evil.example/")
    response = as_user(world.clerk).post(reverse("notifications:open", args=[mine.pk]))
    assert response["Location"] == reverse("notifications:inbox")


@pytest.mark.parametrize("name", ["notifications:open", "notifications:read"])
def test_someone_elses_message_does_not_exist_for_you(world, as_user, name):
    theirs = message(world.west_clerk, "别人的消息", url="/office/test/1/")
    response = as_user(world.clerk).post(reverse(name, args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_marking_all_read_touches_only_ones_own(world, as_user):
    message(world.clerk, "一")
    message(world.clerk, "二")
    theirs = message(world.west_clerk, "别人的消息")
    response = as_user(world.clerk).post(reverse("notifications:read_all"), follow=True)
    assert "已将 2 条消息标为已读。" in response.content.decode()
    assert not Notification.objects.filter(recipient=world.clerk, read_at=None).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_reading_needs_a_post(world, as_user):
    mine = message(world.clerk, "督办")
    assert as_user(world.clerk).get(reverse("notifications:read", args=[mine.pk])).status_code == 405
    mine.refresh_from_db()
    assert mine.read_at is None


def test_the_header_shows_the_unread_count_only_when_there_is_one(world, as_user):
    client = as_user(world.clerk)
    page = client.get(reverse("workbench:home")).content.decode()
    assert 'href="/inbox/"' in page
    assert "条未读" not in page
    message(world.clerk, "督办")
    message(world.clerk, "已读", read=True)
    page = client.get(reverse("workbench:home")).content.decode()
    assert (
        '<span class="badge rounded-pill text-bg-light">1<span class="visually-hidden">条未读</span>' in page
    )


def test_the_badge_costs_one_count_query(world, django_assert_num_queries):
    message(world.clerk, "督办")
    with django_assert_num_queries(1):
        assert unread_count(world.clerk) == 1


def test_preferences_are_saved_and_audited(world, as_user):
    client = as_user(world.clerk)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "您的账户未登记手机号，短信提醒不会发送。" in page
    response = client.post(
        reverse("notifications:preferences"), {"digest": "on", "sms": "on", "email": "zhou@example.cn"}
    )
    assert response.status_code == 302
    preference = NotificationPreference.objects.get(user=world.clerk)
    assert (preference.digest, preference.sms, preference.email.reveal()) == (True, True, "zhou@example.cn")
    event = Event.objects.get(action="notifications.preference.updated")
    assert event.actor == world.clerk
    assert "zhou@example.cn" not in str(event.changes)
    # The owner sees their own address in the form, to correct it.
    assert 'value="zhou@example.cn"' in client.get(reverse("notifications:preferences")).content.decode()

    client.post(reverse("notifications:preferences"), {"sms": "on", "email": ""})
    preference.refresh_from_db()
    assert (preference.digest, preference.email.reveal()) == (False, "")
    assert Event.objects.filter(action="notifications.preference.updated").count() == 2


def test_unticking_everything_turns_everything_off(world, as_user):
    NotificationPreference.objects.create(user=world.clerk, digest=True, sms=True)
    response = as_user(world.clerk).post(reverse("notifications:preferences"), {})
    assert response.status_code == 302
    preference = NotificationPreference.objects.get(user=world.clerk)
    assert (preference.digest, preference.sms) == (False, False)


def test_a_bad_e_mail_address_is_refused_beside_the_field_and_nothing_is_saved(world, as_user):
    response = as_user(world.clerk).post(
        reverse("notifications:preferences"), {"digest": "on", "email": "不是邮箱"}
    )
    assert response.status_code == 200
    assert "电子邮箱格式不正确。" in response.content.decode()
    assert not NotificationPreference.objects.exists()
    assert not Event.objects.filter(action="notifications.preference.updated").exists()


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("notifications:inbox"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
