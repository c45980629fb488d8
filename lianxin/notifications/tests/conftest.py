"""A casework source whose submitters are one account (the citizen persona) and one person
known only by a phone number, and the helpers the notification tests share."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from lianxin.accounts.actor import Actor
from lianxin.casework import services, sources
from lianxin.casework.tests.conftest import TEST_POLICY
from lianxin.notifications.sms import MemoryBackend
from lianxin.privacy.masking import PHONE
from lianxin.privacy.values import PersonalValue

SOURCE = "notify-test"
# Only the SMS backend may ever see this number in clear.
CITIZEN_PHONE = "13912345678"


def at(day: datetime.date):
    return time_machine.travel(
        timezone.make_aware(datetime.datetime.combine(day, datetime.time(10))), tick=False
    )


def actor(user) -> Actor:
    return Actor(user=user, role="", ip=None)


class BrokenGateway:
    """An SMS gateway that is down, and says so quoting the number."""

    def send(self, phone: str, text: str) -> None:
        raise ConnectionError(f"gateway refused {phone}")


@pytest.fixture(autouse=True)
def notify_source(world):
    return sources.register(
        sources.Source(
            key=SOURCE,
            label="通知测试来源",
            policy=TEST_POLICY,
            can_answer=lambda actor, case: actor.user is not None and actor.user.username == "deputy",
            rater_for=lambda actor, case: "citizen" if actor.user == world.citizen else None,
            raters=lambda case: {"citizen"},
            submitters=lambda case: [
                sources.Contact(user=world.citizen, name="张群众"),
                sources.Contact(phone=PersonalValue(CITIZEN_PHONE, PHONE), name="李四"),
            ],
            office_url=lambda case: f"/office/test/{case.pk}/",
        )
    )


@pytest.fixture(autouse=True)
def sms_outbox():
    MemoryBackend.outbox.clear()
    yield MemoryBackend.outbox
    MemoryBackend.outbox.clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run an engine transition and deliver what it announces, as after a real commit."""

    def run(transition, **arguments):
        with django_capture_on_commit_callbacks(execute=True):
            return transition(**arguments)

    return run


@pytest.fixture
def open_case(world):
    def make(title="东城路路灯不亮", region=None):
        return services.open_case(
            actor=actor(world.staff), source=SOURCE, title=title, region=region or world.east
        )

    return make
