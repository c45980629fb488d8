"""The handling engine's office screens in the permission matrix.

The world's case arises in 东城镇 and is assigned to the county transport bureau, whose clerk is
the ``clerk`` persona. ``west_clerk`` keeps another unit's items: the case does not exist for
them (404), as for the other township's staff. Everyone else without the role is refused (403).
"""

import datetime

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from lianxin.accounts.actor import Actor
from lianxin.accounts.tests.matrix import STAFF, Case
from lianxin.casework import reply_checks, services, sources
from lianxin.casework.models import Assignment, Promise, ReplyAttachment
from lianxin.casework.models import Case as Item
from lianxin.casework.tests.conftest import TEST_POLICY

SOURCE = sources.Source(key="matrix", label="权限矩阵来源", policy=TEST_POLICY)
_PDF_NAME = "casework/matrix/reply.pdf"


def _actor(user) -> Actor:
    return Actor(user=user, role="", ip=None)


def _opened(w, title="东城路路灯不亮") -> Item:
    sources.register(SOURCE)
    return services.open_case(actor=_actor(w.staff), source=SOURCE.key, title=title, region=w.east)


def _lead(w) -> Assignment:
    case = _opened(w)
    (lead,) = services.assign(actor=_actor(w.staff), case=case, lead=w.unit)
    return lead


def _signed(w) -> Assignment:
    lead = _lead(w)
    services.sign(actor=_actor(w.clerk), assignment=lead)
    return lead


def _case(w) -> dict:
    return {"pk": _lead(w).case_id}


def _registered(w) -> dict:
    return {"pk": _opened(w, "待交办事项").pk}


def _assignment(w) -> dict:
    return {"pk": _lead(w).pk}


def _extension(w) -> dict:
    lead = _signed(w)
    extension = services.request_extension(
        actor=_actor(w.clerk),
        assignment=lead,
        new_date=lead.due_date + datetime.timedelta(days=7),
        reason="协调。",
    )
    return {"pk": extension.pk}


def _attachment(w) -> dict:
    lead = _signed(w)
    reply = services.reply(
        actor=_actor(w.clerk), assignment=lead, text="已修复。", category="A", signed_off_by="赵"
    )
    # One small file, written once: the matrix has no temporary upload folder.
    if not default_storage.exists(_PDF_NAME):
        default_storage.save(_PDF_NAME, ContentFile(b"%PDF-1.4\n%%EOF\n"))
    attachment = ReplyAttachment.objects.create(
        reply=reply, file=_PDF_NAME, name="答复函.pdf", content_type="application/pdf", size=15
    )
    return {"pk": attachment.pk}


def _held_reply(w) -> dict:
    """A reply a check held back from the submitter: its unit may rewrite it."""
    lead = _signed(w)
    reply_checks.register(SOURCE.key, lambda reply: "答复过短。")
    try:
        services.reply(
            actor=_actor(w.clerk), assignment=lead, text="已修复。", category="A", signed_off_by="赵"
        )
    finally:
        reply_checks.unregister(SOURCE.key)
    return {"pk": lead.pk}


def _promise(w) -> dict:
    lead = _signed(w)
    reply = services.reply(
        actor=_actor(w.clerk), assignment=lead, text="正在改造。", category="B", signed_off_by="赵"
    )
    promise = Promise.objects.create(
        case=lead.case,
        reply=reply,
        text="年底前完成改造",
        due_date=lead.due_date + datetime.timedelta(days=30),
    )
    return {"pk": promise.pk}


OVERSEERS = STAFF | {"leader"}
CLERK_ONLY = {"ok": {"clerk"}, "hidden": {"west_clerk"}}

CASES = {
    "casework:overview": Case(ok=OVERSEERS | {"west_staff"}),
    "casework:unit_items": Case(ok={"clerk", "west_clerk"}),
    "casework:pending_decisions": Case(ok=STAFF | {"west_staff"}),
    "casework:detail": Case(ok=OVERSEERS | {"clerk"}, hidden={"west_staff", "west_clerk"}, kwargs=_case),
    "casework:attachment": Case(
        ok=OVERSEERS | {"clerk"}, hidden={"west_staff", "west_clerk"}, kwargs=_attachment
    ),
    # 交办, deciding requests and closing unrated items are the offices' (casework.assign_case).
    "casework:assign": Case(ok=STAFF, hidden={"west_staff"}, kwargs=_registered),
    "casework:decide_return": Case(ok=STAFF, hidden={"west_staff"}, kwargs=_assignment),
    "casework:decide_extension": Case(ok=STAFF, hidden={"west_staff"}, kwargs=_extension),
    "casework:close_unrated": Case(ok=STAFF, hidden={"west_staff"}, method="post", kwargs=_case),
    "casework:urge": Case(ok=OVERSEERS, hidden={"west_staff"}, kwargs=_case),
    # A unit's own assignment: its clerk only.
    "casework:sign": Case(**CLERK_ONLY, method="post", kwargs=_assignment),
    "casework:request_return": Case(**CLERK_ONLY, kwargs=_assignment),
    "casework:request_extension": Case(**CLERK_ONLY, kwargs=_assignment),
    "casework:co_opinion": Case(**CLERK_ONLY, kwargs=_assignment),
    "casework:reply": Case(**CLERK_ONLY, kwargs=_assignment),
    "casework:revise_reply": Case(**CLERK_ONLY, kwargs=_held_reply),
    "casework:log_contact": Case(**CLERK_ONLY, kwargs=_assignment),
    "casework:report_promise": Case(**CLERK_ONLY, kwargs=_promise),
}
