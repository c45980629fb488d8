"""Building blocks for 云接待 tests: a session, the citizen's form, a question."""

import datetime
import uuid

import time_machine
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from lianxin.accounts.actor import Actor
from lianxin.onlinestation import services
from lianxin.onlinestation.forms import guard_initial
from lianxin.onlinestation.models import Question, Session
from lianxin.opinions import intake
from lianxin.opinions.models import SmsCode
from lianxin.opinions.tests.intake_fixtures import last_code
from lianxin.privacy.fields import digest_for
from lianxin.privacy.masking import PHONE as PHONE_KIND

PHONE = "13912345678"


def actor(user) -> Actor:
    return Actor(user=user, role=user.active_memberships()[0].role, ip="127.0.0.1")


def citizen(phone: str = PHONE) -> Actor:
    return Actor(user=None, role="citizen", ip="127.0.0.1", label=intake.citizen_label(phone))


def make_session(world, *, starts_in=-30, lasts=120, **overrides) -> Session:
    """A session at the east station starting ``starts_in`` minutes from now (open by default)."""
    now = timezone.now()
    values = {
        "station": world.east_station,
        "title": "老旧小区改造，代表在线听您说",
        "starts_at": now + datetime.timedelta(minutes=starts_in),
        "ends_at": now + datetime.timedelta(minutes=starts_in + lasts),
        "deputies": [world.east_deputy],
        **overrides,
    }
    # Scheduled ahead, then moved: the service refuses a window already over, as it should.
    starts_at, ends_at = values["starts_at"], values["ends_at"]
    values["starts_at"] = now + datetime.timedelta(minutes=1)
    values["ends_at"] = now + datetime.timedelta(minutes=2)
    session = services.session_create(actor=actor(world.liaison), **values)
    Session.objects.filter(pk=session.pk).update(starts_at=starts_at, ends_at=ends_at)
    session.refresh_from_db()
    return session


def sent_code(phone: str = PHONE) -> str:
    """Send a code through the intake's own service and read it back from the SMS outbox."""
    # A second code within a minute is refused: start each test's code afresh.
    SmsCode.objects.filter(phone_digest=digest_for(phone, PHONE_KIND)).delete()
    # The text goes out after commit; a test runs inside one transaction, so run it now.
    with TestCase.captureOnCommitCallbacks(execute=True):
        intake.send_code(actor=citizen(phone), phone=phone)
    return last_code(phone)


def make_question(
    session, *, content="小区楼道灯坏了半年，什么时候改造？", phone=PHONE, keep_private=False, **kw
):
    code = sent_code(phone)
    return services.ask(
        actor=citizen(phone),
        session=session,
        content=content,
        phone=phone,
        code=code,
        idempotency_key=uuid.uuid4(),
        keep_private=keep_private,
        **kw,
    )


def form_data(**overrides) -> dict:
    """The form as a person who took a minute to fill it in sends it."""
    with time_machine.travel(timezone.now() - datetime.timedelta(seconds=60)):
        guard = guard_initial()
    data = {
        "content": "小区楼道灯坏了半年，什么时候改造？",
        "name": "赵阿姨",
        "phone": PHONE,
        "code": "",
        "consent": "on",
        "website": "",
        "action": "submit",
        **guard,
    }
    data.update(overrides)
    return data


def page_url(session) -> str:
    return reverse("onlinestation_public:session", args=[session.pk])


def questions() -> int:
    return Question.objects.count()
