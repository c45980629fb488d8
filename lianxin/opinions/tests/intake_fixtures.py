"""Helpers for the public intake's tests: a filled-in form, SMS codes, files, opinions in each state.

Test modules import the two autouse fixtures from here (``# noqa: F401``): uploads go to a
temporary folder and the SMS outbox starts empty.
"""

import datetime
import io
import re
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from lianxin.accounts.actor import Actor
from lianxin.analysis import services as reply_reviews
from lianxin.casework import services as casework
from lianxin.notifications.sms import MemoryBackend
from lianxin.opinions.models import Opinion
from lianxin.opinions.public_forms import guard_initial

PHONE = "13912345678"
FORM_URL = "/yijian/"


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"


@pytest.fixture(autouse=True)
def _empty_outbox():
    MemoryBackend.outbox.clear()
    yield
    MemoryBackend.outbox.clear()


def outbox() -> list[tuple[str, str]]:
    """The text messages sent in this test: (phone, text)."""
    return MemoryBackend.outbox


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def guard_fields(seconds_ago: int = 60) -> dict:
    """The hidden fields of a form rendered ``seconds_ago``, as a person who took that long sends them."""
    with time_machine.travel(timezone.now() - datetime.timedelta(seconds=seconds_ago)):
        return guard_initial()


def form_data(world, **overrides) -> dict:
    data = {
        "title": "东城社区路灯不亮",
        "content": "人民路东段三盏路灯一个月没亮，晚上行人看不清路。",
        "township": world.east.code,
        "village": world.east_village.code,
        "place": "人民路东段",
        "name": "张三",
        "phone": PHONE,
        "code": "",
        "hide_name": "on",
        "consent": "on",
        "website": "",
        "action": "submit",
        **guard_fields(),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def request_code(client, capture, phone: str = PHONE, url: str = FORM_URL, headers=None, **fields):
    """Press 获取验证码 (the captcha is in test mode) with ``fields`` typed; returns the response."""
    data = {"action": "send_code", "phone": phone, "captcha_0": "x", "captcha_1": "PASSED", **fields}
    with capture(execute=True):
        return client.post(url, data, headers=headers)


def last_code(phone: str = PHONE) -> str:
    texts = [text for to, text in MemoryBackend.outbox if to == phone and "验证码" in text]
    return re.search(r"验证码 (\d{6})", texts[-1]).group(1)


def png_bytes(size=(8, 8)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "red").save(out, format="PNG")
    return out.getvalue()


def jpeg_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(out, format="JPEG")
    return out.getvalue()


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_opinion(world, **values) -> Opinion:
    defaults = {
        "channel": Opinion.Channel.WEB,
        "title": "东城社区路灯不亮",
        "content": "人民路东段路灯不亮。",
        "region": world.east,
        "submitter_phone": PHONE,
        "phone_verified": True,
    }
    return Opinion.objects.create(**{**defaults, **values})


def staff_actor(user) -> Actor:
    return Actor(user=user, role="staff", ip=None)


def accepted(world, opinion: Opinion) -> Opinion:
    """Accept the opinion the way the office does: open a case in the engine for it."""
    case = casework.open_case(
        actor=staff_actor(world.staff), source="opinions", title=opinion.title, region=opinion.region
    )
    Opinion.objects.filter(pk=opinion.pk).update(status=Opinion.Status.ACCEPTED, case=case)
    opinion.refresh_from_db()
    return opinion


# A reply that answers what make_opinion() asks, so that the reply-quality check lets it through
# to the citizen (a weak one is held for staff: lianxin.analysis).
SUBSTANTIVE_REPLY = (
    "东城社区人民路东段路灯不亮的问题，我局已到现场核查，已安排维修，三日内修复。"
    "如有问题请拨打联系电话0731-84561234。"
)


def replied(world, opinion: Opinion, text: str = SUBSTANTIVE_REPLY, *, release: bool = True):
    """Assign to the county transport bureau, which signs and replies. Unless ``release`` is
    false, the office lets through a reply the quality check held, as after reading it."""
    case = opinion.case
    lead, co = casework.assign(
        actor=staff_actor(world.staff), case=case, lead=world.unit, co=[world.other_unit]
    )
    clerk = Actor(user=world.clerk, role="unit_clerk", ip=None)
    casework.sign(actor=clerk, assignment=lead)
    casework.give_co_opinion(
        actor=Actor(user=world.west_clerk, role="unit_clerk", ip=None),
        assignment=co,
        text="内部会办意见：同意。",
    )
    reply = casework.reply(actor=clerk, assignment=lead, text=text, category="已解决", signed_off_by="赵主任")
    if reply.held and release:
        reply_reviews.release(actor=staff_actor(world.staff), review=reply.quality_review)
    case.refresh_from_db()
    return case


def track(client, opinion: Opinion):
    return client.post(reverse("opinions_public:track"), {"code": opinion.tracking_code})
