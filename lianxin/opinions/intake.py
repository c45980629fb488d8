"""Public intake (民意直通车): SMS codes that prove a phone number, and the submission itself.

Staff and liaisons enter what they receive through their own service (handling.py); this
module is the citizen's door. A submission is all or nothing: the opinion, its attachments
and its audit event are written in one transaction, and files already written are removed
if that transaction fails.
"""

import hmac
import math
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxin.accounts.actor import Actor
from lianxin.audit.recorder import record
from lianxin.notifications.sms import send_sms
from lianxin.opinions import uploads
from lianxin.opinions.models import Opinion, SmsCode
from lianxin.privacy.crypto import lookup_digest
from lianxin.privacy.fields import digest_for
from lianxin.privacy.masking import PHONE
from lianxin.privacy.normalise import normalise

CODE_PURPOSE = "opinion"
CODE_DIGITS = 6
CODE_VALID = timedelta(minutes=5)
CODE_ATTEMPTS = 5
RESEND_AFTER = timedelta(minutes=1)


class IntakeError(ValidationError):
    """A submission or a code request refused, with a Chinese message (maybe keyed by field)."""


def citizen_label(phone: str) -> str:
    """How the audit trail names a citizen without an account."""
    return _("群众（手机尾号 %(tail)s）") % {"tail": normalise(phone, PHONE)[-4:]}


def _code_digest(phone: str, code: str) -> str:
    # Keyed: a copy of the table does not give the codes away, even for a known phone number.
    return lookup_digest(f"sms-code:{CODE_PURPOSE}:{phone}:{code}")


def _latest_code(phone_digest: str, *, lock: bool = False) -> SmsCode | None:
    codes = SmsCode.objects.filter(phone_digest=phone_digest, purpose=CODE_PURPOSE)
    if lock:
        codes = codes.select_for_update()
    return codes.order_by("-created_at", "-pk").first()


@transaction.atomic
def send_code(*, actor: Actor, phone: str) -> SmsCode:
    """Text a fresh 6-digit code to ``phone``; only the latest code sent to a number is valid."""
    phone = normalise(phone, PHONE)
    phone_digest = digest_for(phone, PHONE)
    now = timezone.now()
    latest = _latest_code(phone_digest)
    if latest is not None and now - latest.created_at < RESEND_AFTER:
        wait = math.ceil((RESEND_AFTER - (now - latest.created_at)).total_seconds())
        raise IntakeError({"phone": _("验证码已发送，请 %(n)d 秒后再重新获取。") % {"n": wait}})
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    sent = SmsCode.objects.create(
        phone_digest=phone_digest,
        code_digest=_code_digest(phone, code),
        purpose=CODE_PURPOSE,
        created_at=now,
        expires_at=now + CODE_VALID,
        ip=actor.ip,
    )
    text = _(
        "您正在“民意直通车”提交意见，验证码 %(code)s，%(minutes)d 分钟内有效。如非本人操作，请忽略。"
    ) % {
        "code": code,
        "minutes": CODE_VALID.seconds // 60,
    }
    # robust: a gateway failure is logged; the citizen can ask again after a minute.
    transaction.on_commit(lambda: send_sms(phone, text), robust=True)
    return sent


def _code_problem(sent: SmsCode | None, phone: str, code: str, now) -> str:
    """Why ``code`` does not prove ``phone`` (empty when it does). A wrong guess is counted."""
    if sent is None:
        return _("请先获取短信验证码。")
    if sent.used_at is not None:
        return _("该验证码已经使用过，请重新获取。")
    if sent.expires_at <= now:
        return _("验证码已过期，请重新获取。")
    if sent.attempts >= CODE_ATTEMPTS:
        return _("验证码输入错误次数过多，请重新获取。")
    if hmac.compare_digest(sent.code_digest, _code_digest(phone, code)):
        return ""
    sent.attempts += 1
    sent.save(update_fields=["attempts"])
    left = CODE_ATTEMPTS - sent.attempts
    if left <= 0:
        return _("验证码输入错误次数过多，请重新获取。")
    return _("验证码不正确，还可以再试 %(n)d 次。") % {"n": left}


def _earlier(idempotency_key, phone_digest: str) -> Opinion | None:
    """The opinion a previous request with the same form already created (double click, retry)."""
    earlier = Opinion.objects.filter(idempotency_key=idempotency_key).first()
    if earlier is not None and earlier.submitter_phone_digest != phone_digest:
        # Not the same form filled in again: someone is replaying a key they should not have.
        raise IntakeError(_("提交未能完成，请刷新页面后重新填写。"))
    return earlier


def submit_opinion(
    *,
    actor: Actor,
    channel: str,
    title: str,
    content: str,
    region,
    phone: str,
    code: str,
    idempotency_key,
    category=None,
    place: str = "",
    name: str = "",
    hide_name: bool = True,
    attachments=(),
    deputy=None,
    station=None,
    tracking_url: str = "",
) -> Opinion:
    """Register a citizen's opinion, proved by the SMS code sent to ``phone``.

    The same ``idempotency_key`` (one per rendered form) always gives the same opinion: a
    double click or a retried request creates exactly one.
    """
    phone = normalise(phone, PHONE)
    phone_digest = digest_for(phone, PHONE)
    earlier = _earlier(idempotency_key, phone_digest)
    if earlier is not None:
        return earlier
    try:
        checked = uploads.check_all(attachments)
    except ValidationError as error:
        raise IntakeError({"attachments": error.messages}) from None
    written: list[str] = []
    try:
        with transaction.atomic():
            # Locking the code serialises two copies of one request: the second waits here,
            # then finds the opinion the first created.
            sent = _latest_code(phone_digest, lock=True)
            earlier = _earlier(idempotency_key, phone_digest)
            if earlier is not None:
                return earlier
            now = timezone.now()
            problem = _code_problem(sent, phone, code.strip(), now)
            if not problem:
                sent.used_at = now
                sent.save(update_fields=["used_at"])
                return _create(
                    actor=actor,
                    values={
                        "channel": channel,
                        "title": title.strip(),
                        "content": content.strip(),
                        "category": category,
                        "region": region,
                        "place": place.strip(),
                        "submitter_name": name.strip(),
                        "submitter_phone": phone,
                        "phone_verified": True,
                        "hide_name": hide_name,
                        "consent_version": settings.LIANXIN_OPINION_NOTICE_VERSION,
                        "consented_at": now,
                        "deputy": deputy,
                        "station": station,
                        "idempotency_key": idempotency_key,
                        "submitted_at": now,
                    },
                    checked=checked,
                    written=written,
                    tracking_url=tracking_url,
                )
        # A wrong guess is counted (committed above); nothing else was written.
        raise IntakeError({"code": problem})
    except IntegrityError:
        uploads.remove(written)
        earlier = _earlier(idempotency_key, phone_digest)
        if earlier is None:
            raise
        return earlier
    except BaseException:
        uploads.remove(written)
        raise


def _create(*, actor: Actor, values: dict, checked, written: list[str], tracking_url: str) -> Opinion:
    opinion = Opinion(**values)
    # Uniqueness is the database's to enforce: a race is decided there, not by a prior query.
    opinion.full_clean(validate_unique=False, validate_constraints=False)
    opinion.save()
    uploads.store(opinion, checked, written)
    record(
        actor=actor,
        action="opinions.opinion.submitted",
        target=opinion,
        data={
            "channel": opinion.get_channel_display(),
            "category": opinion.category.name if opinion.category else "",
            "region": opinion.region.name,
            "attachments": len(checked),
        },
    )
    phone = values["submitter_phone"]
    text = _("您的意见已提交，查询码 %(code)s，请凭查询码查询办理进度和答复。") % {
        "code": opinion.tracking_code
    }
    if tracking_url:
        # Last, with nothing after it: phones link the address only when it stands alone.
        text += _("查询网址：%(url)s") % {"url": tracking_url}
    transaction.on_commit(lambda: send_sms(phone, text), robust=True)
    return opinion


# ---------------------------------------------------------------- other public doors
#
# 云接待 (lianxin.onlinestation) proves a phone with the same SMS code and hands its
# unanswered questions to the intake; these two functions are all it uses.


def spend_code(*, phone: str, code: str) -> str:
    """Use the latest code sent to ``phone``: empty when it proves the phone, else why not.

    Call it inside a transaction that commits in both cases (a wrong guess is counted)."""
    phone = normalise(phone, PHONE)
    now = timezone.now()
    sent = _latest_code(digest_for(phone, PHONE), lock=True)
    problem = _code_problem(sent, phone, code.strip(), now)
    if not problem:
        sent.used_at = now
        sent.save(update_fields=["used_at"])
    return problem


def register_proved(
    *, actor: Actor, title: str, content: str, region, phone: str, name: str, station, consented_at
) -> Opinion:
    """An opinion whose phone another public door already proved (a 云接待 question nobody answered)."""
    return _create(
        actor=actor,
        values={
            "channel": Opinion.Channel.WEB,
            "title": title.strip()[:100],
            "content": content.strip(),
            "region": region,
            "submitter_name": name.strip(),
            "submitter_phone": normalise(phone, PHONE),
            "phone_verified": True,
            "consent_version": settings.LIANXIN_OPINION_NOTICE_VERSION,
            "consented_at": consented_at,
            "station": station,
            "submitted_at": timezone.now(),
        },
        checked=(),
        written=[],
        tracking_url="",
    )
