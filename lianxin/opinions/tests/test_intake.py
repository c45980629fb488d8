"""The intake services: SMS codes, the submission, idempotency and attachments."""

import datetime
import uuid

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from lianxin.accounts.actor import Actor
from lianxin.audit.models import Event
from lianxin.opinions import intake, uploads
from lianxin.opinions.models import Attachment, Opinion, SmsCode
from lianxin.opinions.tests.intake_fixtures import (  # noqa: F401
    PDF_BYTES,
    PHONE,
    _empty_outbox,
    _uploads_in_a_temporary_folder,
    jpeg_bytes,
    last_code,
    outbox,
    png_bytes,
    stored_files,
)
from lianxin.privacy.crypto import lookup_digest


def citizen() -> Actor:
    return Actor(user=None, role="citizen", ip="10.0.0.8", label=intake.citizen_label(PHONE))


def later(**delta):
    return time_machine.travel(timezone.now() + datetime.timedelta(**delta))


def send(capture, phone=PHONE) -> str:
    with capture(execute=True):
        intake.send_code(actor=citizen(), phone=phone)
    return last_code(phone)


def submit(world, code, key=None, **values):
    return intake.submit_opinion(
        actor=citizen(),
        channel=Opinion.Channel.WEB,
        title=values.pop("title", "路灯不亮"),
        content=values.pop("content", "人民路东段路灯不亮。"),
        region=values.pop("region", world.east),
        phone=values.pop("phone", PHONE),
        code=code,
        idempotency_key=key or uuid.uuid4(),
        **values,
    )


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


# ---------------------------------------------------------------- codes


def test_a_code_is_texted_and_kept_only_as_a_keyed_hash(world, django_capture_on_commit_callbacks):
    code = send(django_capture_on_commit_callbacks)
    assert len(code) == 6
    stored = SmsCode.objects.get()
    assert code not in stored.code_digest
    assert PHONE not in stored.phone_digest
    assert stored.phone_digest == lookup_digest(PHONE)
    assert stored.expires_at - stored.created_at == datetime.timedelta(minutes=5)
    assert stored.ip == "10.0.0.8"
    assert outbox()[0][0] == PHONE
    assert "5 分钟内有效" in outbox()[0][1]


def test_a_code_is_sent_again_only_after_a_minute(world, django_capture_on_commit_callbacks):
    send(django_capture_on_commit_callbacks)
    with pytest.raises(intake.IntakeError) as refused:
        intake.send_code(actor=citizen(), phone=PHONE)
    assert "秒后再重新获取" in refused.value.message_dict["phone"][0]
    assert SmsCode.objects.count() == 1
    assert len(outbox()) == 1
    with later(seconds=61):
        send(django_capture_on_commit_callbacks)
    assert SmsCode.objects.count() == 2


def test_the_right_code_creates_the_opinion_with_its_consent_and_audit_event(
    world, django_capture_on_commit_callbacks, settings
):
    settings.LIANXIN_OPINION_NOTICE_VERSION = "2026-9"
    code = send(django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        opinion = submit(world, code, name="张三", place="人民路")
    assert opinion.status == Opinion.Status.SUBMITTED
    assert len(opinion.tracking_code) == 10
    assert opinion.phone_verified
    assert opinion.submitter_phone == PHONE
    assert opinion.consent_version == "2026-9"
    assert opinion.consented_at is not None
    assert SmsCode.objects.get().used_at is not None
    event = Event.objects.get(action="opinions.opinion.submitted")
    assert event.target_id == str(opinion.pk)
    assert event.actor is None
    assert event.actor_name == "群众（手机尾号 5678）"
    assert event.scope_path == world.east.path
    assert PHONE not in str(event.data)
    assert "张三" not in str(event.data)
    assert outbox()[-1][0] == PHONE
    assert opinion.tracking_code in outbox()[-1][1]


def test_a_wrong_code_is_counted_and_nothing_is_created(world, django_capture_on_commit_callbacks):
    code = send(django_capture_on_commit_callbacks)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    with pytest.raises(intake.IntakeError) as refused:
        submit(world, wrong)
    assert refused.value.message_dict["code"] == ["验证码不正确，还可以再试 4 次。"]
    assert SmsCode.objects.get().attempts == 1
    assert not Opinion.objects.exists()
    assert not Event.objects.filter(action="opinions.opinion.submitted").exists()


def test_after_five_wrong_codes_even_the_right_one_is_refused(world, django_capture_on_commit_callbacks):
    code = send(django_capture_on_commit_callbacks)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _attempt in range(5):
        with pytest.raises(intake.IntakeError):
            submit(world, wrong)
    with pytest.raises(intake.IntakeError) as refused:
        submit(world, code)
    assert refused.value.message_dict["code"] == ["验证码输入错误次数过多，请重新获取。"]
    assert not Opinion.objects.exists()


def test_an_expired_code_is_refused_and_nothing_changes(world, django_capture_on_commit_callbacks):
    code = send(django_capture_on_commit_callbacks)
    with later(minutes=5, seconds=1), pytest.raises(intake.IntakeError) as refused:
        submit(world, code)
    assert refused.value.message_dict["code"] == ["验证码已过期，请重新获取。"]
    stored = SmsCode.objects.get()
    assert (stored.used_at, stored.attempts) == (None, 0)
    assert not Opinion.objects.exists()


def test_a_used_code_cannot_make_a_second_opinion(world, django_capture_on_commit_callbacks):
    code = send(django_capture_on_commit_callbacks)
    submit(world, code)
    with pytest.raises(intake.IntakeError) as refused:
        submit(world, code, title="另一条意见")
    assert refused.value.message_dict["code"] == ["该验证码已经使用过，请重新获取。"]
    assert Opinion.objects.count() == 1


def test_only_the_latest_code_sent_to_a_number_counts(world, django_capture_on_commit_callbacks, monkeypatch):
    codes = iter([111111, 222222])
    monkeypatch.setattr(intake.secrets, "randbelow", lambda limit: next(codes))
    send(django_capture_on_commit_callbacks)
    with later(seconds=61):
        send(django_capture_on_commit_callbacks)
        with pytest.raises(intake.IntakeError):
            submit(world, "111111")
        assert submit(world, "222222").pk


def test_a_code_proves_only_the_number_it_was_sent_to(world, django_capture_on_commit_callbacks):
    code = send(django_capture_on_commit_callbacks)
    with pytest.raises(intake.IntakeError) as refused:
        submit(world, code, phone="13700009999")
    assert refused.value.message_dict["code"] == ["请先获取短信验证码。"]
    assert not Opinion.objects.exists()


# ---------------------------------------------------------------- idempotency


def test_the_same_form_sent_twice_gives_one_opinion(world, django_capture_on_commit_callbacks):
    code = send(django_capture_on_commit_callbacks)
    key = uuid.uuid4()
    first = submit(world, code, key=key)
    # The retry carries the same (now used) code: it is answered with the first opinion.
    again = submit(world, code, key=key)
    assert again.pk == first.pk
    assert Opinion.objects.count() == 1
    assert Event.objects.filter(action="opinions.opinion.submitted").count() == 1


def test_a_key_replayed_with_another_phone_is_refused(world, django_capture_on_commit_callbacks):
    code = send(django_capture_on_commit_callbacks)
    key = uuid.uuid4()
    submit(world, code, key=key)
    other = send(django_capture_on_commit_callbacks, phone="13700009999")
    with pytest.raises(intake.IntakeError):
        submit(world, other, key=key, phone="13700009999")
    assert Opinion.objects.count() == 1
    assert SmsCode.objects.get(phone_digest=lookup_digest("13700009999")).used_at is None


# ---------------------------------------------------------------- attachments


def test_attachments_are_stored_under_random_names_with_the_type_their_content_shows(
    world, django_capture_on_commit_callbacks
):
    code = send(django_capture_on_commit_callbacks)
    files = [
        upload("现场照片.jpg", jpeg_bytes(), "image/jpeg"),
        # A PNG whose name claims PDF is stored as what it is.
        upload("说明.pdf", png_bytes(), "application/pdf"),
        upload("../../etc/材料.pdf", PDF_BYTES, "application/pdf"),
    ]
    opinion = submit(world, code, attachments=files)
    stored = {a.name: a for a in Attachment.objects.filter(opinion=opinion)}
    assert set(stored) == {"现场照片.jpg", "说明.pdf", "材料.pdf"}
    assert stored["说明.pdf"].content_type == "image/png"
    assert stored["说明.pdf"].file.name.endswith(".png")
    assert stored["材料.pdf"].content_type == "application/pdf"
    for attachment in stored.values():
        assert attachment.file.name.startswith("opinions/")
        assert "现场" not in attachment.file.name
        assert ".." not in attachment.file.name
    assert len(stored_files()) == 3


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("照片.jpg", b"MZ\x90\x00 an executable", "不是 JPEG、PNG 图片或 PDF 文件"),
        ("脚本.png", b"<?php system($_GET['c']); ?>", "不是 JPEG、PNG 图片或 PDF 文件"),
        ("残缺.png", png_bytes()[:40], "已损坏或不完整"),
        ("残缺.pdf", b"%PDF-1.4\n1 0 obj<<>>", "已损坏或不完整"),
    ],
)
def test_files_are_judged_by_their_content(world, name, content, message):
    with pytest.raises(ValidationError) as refused:
        uploads.check_all([upload(name, content, "image/png")])
    assert message in refused.value.messages[0]
    assert name in refused.value.messages[0]


def test_a_file_over_the_size_limit_and_a_sixth_file_are_refused(world, settings):
    settings.LIANXIN_OPINION_MAX_ATTACHMENT_MB = 1
    big = upload("大图.png", png_bytes() + b"\0" * (1024 * 1024), "image/png")
    with pytest.raises(ValidationError, match="超过 1 MB"):
        uploads.check_all([big])
    six = [upload(f"{n}.png", png_bytes(), "image/png") for n in range(6)]
    with pytest.raises(ValidationError, match="最多上传 5 个附件"):
        uploads.check_all(six)


def test_files_already_written_are_removed_when_the_submission_fails(
    world, django_capture_on_commit_callbacks, monkeypatch
):
    code = send(django_capture_on_commit_callbacks)

    def broken_record(**kwargs):
        raise RuntimeError("audit database unavailable")

    monkeypatch.setattr(intake, "record", broken_record)
    with pytest.raises(RuntimeError):
        submit(world, code, attachments=[upload("a.png", png_bytes(), "image/png")])
    assert stored_files() == []
    assert not Opinion.objects.exists()
    assert not Attachment.objects.exists()
    # The code was not spent on a submission that did not happen.
    assert SmsCode.objects.get().used_at is None


def test_the_service_itself_refuses_a_bad_file_and_keeps_the_code(world, django_capture_on_commit_callbacks):
    code = send(django_capture_on_commit_callbacks)
    with pytest.raises(intake.IntakeError) as refused:
        submit(world, code, attachments=[upload("a.jpg", b"GIF89a not allowed", "image/jpeg")])
    assert "不是 JPEG、PNG 图片或 PDF 文件" in refused.value.message_dict["attachments"][0]
    assert not Opinion.objects.exists()
    assert stored_files() == []
    assert SmsCode.objects.get().used_at is None
