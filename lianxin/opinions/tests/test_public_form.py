"""The public opinion form over HTTP: with and without JavaScript, bound to deputies and stations,
and the checks that keep scripts out."""

import datetime

import pytest
import time_machine
from captcha.models import CaptchaStore
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lianxin.deputies.choices import SeatStatus
from lianxin.notifications.sms import MemoryBackend
from lianxin.opinions.models import Attachment, Opinion, SmsCode
from lianxin.opinions.public_forms import GUARD_MESSAGE
from lianxin.opinions.public_views import SUBMITTED_KEY, TRACKED_KEY
from lianxin.opinions.tests.intake_fixtures import (  # noqa: F401
    FORM_URL,
    PHONE,
    _empty_outbox,
    _uploads_in_a_temporary_folder,
    form_data,
    guard_fields,
    last_code,
    outbox,
    png_bytes,
    request_code,
    stored_files,
)
from lianxin.stations.models import Station


def submit_with_code(client, world, capture, url=FORM_URL, headers=None, **overrides):
    request_code(client, capture, url=url, headers=headers)
    with capture(execute=True):
        return client.post(url, form_data(world, code=last_code(), **overrides), headers=headers)


def test_the_form_offers_the_townships_a_captcha_and_the_notice(client, world):
    body = client.get(FORM_URL).content.decode()
    assert "民意直通车" in body
    assert f'value="{world.east.code}"' in body
    assert f'value="{world.west.code}"' in body
    assert 'src="/yijian/captcha/' in body
    assert reverse("opinions_public:notice") in body
    assert 'name="idempotency_key"' in body
    assert 'name="started"' in body
    assert CaptchaStore.objects.count() == 1


def test_the_captcha_image_is_served_from_our_own_address(client, world):
    key = CaptchaStore.generate_key()
    response = client.get(reverse("opinions_public:captcha_image", args=[key]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG")


def test_getting_a_code_without_javascript_keeps_what_was_typed(
    client, world, django_capture_on_commit_callbacks
):
    response = request_code(
        client, django_capture_on_commit_callbacks, title="东城社区路灯不亮", township=world.east.code
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "验证码已发送至 139****5678" in body
    assert 'value="东城社区路灯不亮"' in body
    assert "<html" in body  # the whole page, re-rendered
    assert len(outbox()) == 1
    assert SmsCode.objects.count() == 1


def test_getting_a_code_with_htmx_swaps_only_the_code_step(client, world, django_capture_on_commit_callbacks):
    response = request_code(client, django_capture_on_commit_callbacks, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="code-step">')
    assert "<html" not in body
    assert "验证码已发送至 139****5678" in body
    # A fresh captcha for the next request: the one just answered is spent.
    assert 'src="/yijian/captcha/' in body


def test_a_wrong_captcha_sends_no_code(client, world):
    response = client.post(
        FORM_URL, {"action": "send_code", "phone": PHONE, "captcha_0": "nokey", "captcha_1": "42"}
    )
    assert "图形验证码不正确或已过期" in response.content.decode()
    assert outbox() == []
    assert not SmsCode.objects.exists()


def test_a_bad_phone_number_is_said_beside_the_phone_field(client, world):
    response = client.post(
        FORM_URL, {"action": "send_code", "phone": "12345", "captcha_0": "x", "captcha_1": "PASSED"}
    )
    assert "手机号格式不正确" in response.content.decode()
    assert response.context["phone_field"].errors
    assert outbox() == []


def test_a_submission_with_the_texted_code_registers_the_opinion_and_shows_its_tracking_code(
    client, world, django_capture_on_commit_callbacks
):
    response = submit_with_code(client, world, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == reverse("opinions_public:done")
    opinion = Opinion.objects.get()
    assert opinion.channel == Opinion.Channel.WEB
    assert opinion.region == world.east_village
    assert opinion.place == "人民路东段"
    assert (opinion.submitter_name, opinion.hide_name) == ("张三", True)
    assert client.session[SUBMITTED_KEY] == client.session[TRACKED_KEY] == opinion.pk
    done = client.get(response["Location"]).content.decode()
    assert opinion.tracking_code in done
    assert outbox()[-1][0] == PHONE
    assert opinion.tracking_code in outbox()[-1][1]
    assert "http://testserver/yijian/track/" in outbox()[-1][1]


def test_the_same_form_posted_twice_makes_one_opinion(client, world, django_capture_on_commit_callbacks):
    request_code(client, django_capture_on_commit_callbacks)
    data = form_data(world, code=last_code())
    first = client.post(FORM_URL, data)
    second = client.post(FORM_URL, data)
    assert first.status_code == second.status_code == 302
    assert Opinion.objects.count() == 1


def test_a_township_alone_is_enough(client, world, django_capture_on_commit_callbacks):
    submit_with_code(client, world, django_capture_on_commit_callbacks, township=world.west.code, village="")
    assert Opinion.objects.get().region == world.west


def test_a_village_of_another_township_is_refused(client, world, django_capture_on_commit_callbacks):
    response = submit_with_code(
        client,
        world,
        django_capture_on_commit_callbacks,
        township=world.west.code,
        village=world.east_village.code,
    )
    assert response.status_code == 200
    assert response.context["form"].errors["village"]
    assert not Opinion.objects.exists()


def test_without_consent_nothing_is_submitted_and_the_code_stays_unused(
    client, world, django_capture_on_commit_callbacks
):
    response = submit_with_code(client, world, django_capture_on_commit_callbacks, consent=None)
    assert response.context["form"].errors["consent"] == ["请阅读并同意个人信息处理告知书后再提交。"]
    assert not Opinion.objects.exists()
    assert SmsCode.objects.get().used_at is None


def test_a_wrong_sms_code_is_said_beside_the_code_field(client, world, django_capture_on_commit_callbacks):
    request_code(client, django_capture_on_commit_callbacks)
    wrong = f"{(int(last_code()) + 1) % 1_000_000:06d}"
    response = client.post(FORM_URL, form_data(world, code=wrong))
    assert response.context["form"].errors["code"] == ["验证码不正确，还可以再试 4 次。"]
    assert not Opinion.objects.exists()


@pytest.mark.parametrize(
    "trap",
    [
        lambda: {"website": "http://spam.example"},  # the honeypot filled in
        lambda: guard_fields(seconds_ago=1),  # sent a second after the page was drawn
        lambda: {"started": "forged"},  # a start time we never signed
        lambda: {"idempotency_key": "not-a-uuid"},
    ],
    ids=["honeypot", "too-fast", "forged-start", "no-key"],
)
def test_a_script_gets_the_same_plain_error_whichever_check_it_failed(
    client, world, django_capture_on_commit_callbacks, trap
):
    request_code(client, django_capture_on_commit_callbacks)
    response = client.post(FORM_URL, {**form_data(world, code=last_code()), **trap()})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [GUARD_MESSAGE]
    assert not Opinion.objects.exists()
    assert SmsCode.objects.get().used_at is None


def test_a_stale_form_gets_a_new_start_time_so_the_next_try_can_pass(
    client, world, django_capture_on_commit_callbacks
):
    request_code(client, django_capture_on_commit_callbacks)
    response = client.post(FORM_URL, {**form_data(world, code=last_code()), "started": "forged"})
    assert 'value="forged"' not in response.content.decode()


def test_a_file_that_is_not_what_it_claims_is_refused_beside_the_field(
    client, world, django_capture_on_commit_callbacks
):
    fake = SimpleUploadedFile("照片.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")
    response = submit_with_code(client, world, django_capture_on_commit_callbacks, attachments=fake)
    assert "“照片.jpg”不是 JPEG、PNG 图片或 PDF 文件。" in response.context["form"].errors["attachments"]
    assert not Opinion.objects.exists()
    assert stored_files() == []


def test_pictures_arrive_with_the_opinion(client, world, django_capture_on_commit_callbacks):
    pictures = [SimpleUploadedFile(f"现场{n}.png", png_bytes(), content_type="image/png") for n in range(2)]
    submit_with_code(client, world, django_capture_on_commit_callbacks, attachments=pictures)
    assert Attachment.objects.filter(opinion=Opinion.objects.get()).count() == 2
    assert len(stored_files()) == 2


def test_the_village_list_follows_the_township(client, world):
    body = client.get(reverse("opinions_public:villages"), {"township": world.west.code}).content.decode()
    assert body.lstrip().startswith('<div id="village-field">')
    assert "西山村" in body
    assert "东城社区" not in body


def test_without_javascript_the_form_comes_back_with_the_villages_of_the_chosen_township(client, world):
    response = client.post(FORM_URL, {"action": "refresh", "township": world.east.code, "title": "路灯"})
    body = response.content.decode()
    assert "东城社区" in body
    assert 'value="路灯"' in body
    assert not response.context["form"].errors


# ---------------------------------------------------------------- 代表码 and 站点码


def test_a_deputy_code_opens_the_form_bound_to_that_deputy_and_station(
    client, world, django_capture_on_commit_callbacks
):
    url = reverse("opinions_public:deputy_form", args=[world.east_deputy.public_code])
    body = client.get(url).content.decode()
    assert "王建国" in body
    assert "东城镇人大代表联络站" in body
    # The deputy lives in 东城社区: that is where the form starts.
    assert f'<option value="{world.east_village.code}" selected>' in body
    response = submit_with_code(client, world, django_capture_on_commit_callbacks, url=url)
    assert response.status_code == 302
    opinion = Opinion.objects.get()
    assert opinion.channel == Opinion.Channel.DEPUTY_CODE
    assert (opinion.deputy, opinion.station) == (world.east_deputy, world.east_station)


def test_a_station_code_opens_the_form_bound_to_that_station(
    client, world, django_capture_on_commit_callbacks
):
    url = reverse("opinions_public:station_form", args=[world.west_station.public_code])
    assert "西山乡代表之家" in client.get(url).content.decode()
    submit_with_code(
        client, world, django_capture_on_commit_callbacks, url=url, township=world.west.code, village=""
    )
    opinion = Opinion.objects.get()
    assert opinion.channel == Opinion.Channel.STATION_CODE
    assert (opinion.station, opinion.deputy) == (world.west_station, None)


def test_unknown_and_retired_codes_get_a_chinese_not_found_page(client, world):
    world.west_deputy.seats.update(status=SeatStatus.TERMINATED, status_changed_on=datetime.date(2025, 6, 1))
    Station.objects.filter(pk=world.east_station.pk).update(is_active=False)
    for url in (
        reverse("opinions_public:deputy_form", args=["NOSUCHCODE"]),
        reverse("opinions_public:station_form", args=["NOSUCHCODE"]),
        reverse("opinions_public:deputy_form", args=[world.west_deputy.public_code]),
        reverse("opinions_public:station_form", args=[world.east_station.public_code]),
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "页面不存在" in response.content.decode()


# ---------------------------------------------------------------- rate limits


def test_too_many_submissions_from_one_address_get_a_chinese_429(client, world, settings):
    settings.LIANXIN_RATE_OPINION_PER_ADDRESS = "2/h"
    for _try in range(2):
        assert client.post(FORM_URL, form_data(world, code="000000")).status_code == 200
    response = client.post(FORM_URL, form_data(world, code="000000"))
    assert response.status_code == 429
    assert "操作过于频繁" in response.content.decode()


def test_too_many_submissions_for_one_phone_get_a_429_and_nothing_is_created(
    client, world, django_capture_on_commit_callbacks, settings
):
    settings.LIANXIN_RATE_OPINION_PER_PHONE = "1/d"
    submit_with_code(client, world, django_capture_on_commit_callbacks)
    MemoryBackend.outbox.clear()
    # Another address, the same phone.
    other = Client(REMOTE_ADDR="10.9.9.9")
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
        response = submit_with_code(other, world, django_capture_on_commit_callbacks)
    assert response.status_code == 429
    assert Opinion.objects.count() == 1


def test_too_many_code_requests_get_a_429_without_javascript_and_a_message_with_it(
    client, world, django_capture_on_commit_callbacks, settings
):
    settings.LIANXIN_RATE_SMS_CODE_PER_ADDRESS = "1/h"
    request_code(client, django_capture_on_commit_callbacks)
    assert request_code(client, django_capture_on_commit_callbacks, phone="13700009999").status_code == 429
    htmx = request_code(
        client, django_capture_on_commit_callbacks, phone="13700009999", headers={"HX-Request": "true"}
    )
    assert htmx.status_code == 200
    assert "获取验证码过于频繁" in htmx.content.decode()
    assert len(outbox()) == 1


# ---------------------------------------------------------------- the notice


def test_the_notice_says_what_why_how_long_and_which_rights(client, world, settings):
    settings.LIANXIN_OPINION_RETENTION_YEARS = 5
    settings.LIANXIN_OPINION_NOTICE_VERSION = "2026-9"
    body = client.get(reverse("opinions_public:notice")).content.decode()
    for words in (
        "手机号",
        "第十三条第一款第三项",
        "第三十五条",
        "办结后保存 5 年",
        "查阅、复制",
        "版本：2026-9",
    ):
        assert words in body, words
