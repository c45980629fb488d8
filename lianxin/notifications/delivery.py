"""Turning the engine's announcements into messages: who is told what, once.

The engine calls ``on_announcement`` after a transition has committed. Each message is keyed
by recipient, kind, case, assignment and a token (the transition's audit event, or the day
of a reminder), so an announcement delivered twice finds its rows already there and sends
nothing again.
"""

import logging

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxin.audit.models import Event
from lianxin.casework import sources
from lianxin.casework.announcements import Announcement
from lianxin.casework.models import Assignment, Case, Extension, Rating, Reply
from lianxin.notifications import recipients
from lianxin.notifications.models import Kind, Notification, PhoneMessage
from lianxin.notifications.push import clear_text, push, text_message
from lianxin.privacy.crypto import lookup_digest
from lianxin.privacy.masking import PHONE, mask, mask_in_text
from lianxin.privacy.normalise import normalise

logger = logging.getLogger(__name__)

# The engine's own screen of a case, where a unit works on it (built with the office screens).
# Until it exists, units' messages carry no link.
UNIT_CASE_URL = "casework:detail"

# The audit event each announcement follows; its id tells two urgings of one case apart.
_EVENTS = {
    "assigned": ("casework.case.assigned",),
    "signed": ("casework.assignment.signed",),
    "return_requested": ("casework.assignment.return_requested",),
    "returned": ("casework.assignment.returned",),
    "return_refused": ("casework.assignment.return_refused",),
    "extension_requested": ("casework.assignment.extension_requested",),
    "extended": ("casework.assignment.extended",),
    "extension_refused": ("casework.assignment.extension_refused",),
    "co_opinion_given": ("casework.assignment.co_opinion_given",),
    "replied": ("casework.case.replied", "casework.case.answered"),
    "reply_shown": ("casework.reply.shown",),
    "reply_returned": ("casework.reply.returned",),
    "rated": ("casework.case.rated",),
    "reopened": ("casework.case.reopened",),
    "closed": ("casework.case.closed",),
    "urged": ("casework.case.urged",),
    "withdrawn": ("casework.case.withdrawn",),
}


def _key(recipient: str, kind: str, case: Case | None, assignment: Assignment | None, token: str) -> str:
    return "|".join(
        (recipient, kind, str(case.pk if case else ""), str(assignment.pk if assignment else ""), token)
    )


def tell(
    user, *, kind: str, title: str, body: str, url: str, case: Case | None, assignment=None, token: str = ""
) -> Notification | None:
    """One inbox row for ``user`` (and its SMS or e-mail), unless it exists already."""
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=user,
                kind=kind,
                title=title[:200],
                body=body,
                url=url,
                case=case,
                assignment=assignment,
                key=_key(f"user:{user.pk}", kind, case, assignment, token),
            )
    except IntegrityError:
        return None
    push(notification)
    return notification


def tell_phone(phone, *, kind: str, text: str, case: Case, token: str = "") -> PhoneMessage | None:
    """A text to someone without an account, unless it was sent already."""
    plain = normalise(clear_text(phone), PHONE)
    try:
        with transaction.atomic():
            message = PhoneMessage.objects.create(
                case=case,
                kind=kind,
                phone_masked=mask(plain, PHONE),
                text=text,
                key=_key(f"phone:{lookup_digest(plain)}", kind, case, None, token),
            )
    except IntegrityError:
        return None
    if text_message(plain, text):
        message.sent_at = timezone.now()
        message.save(update_fields=["sent_at"])
    return message


def unit_url(case: Case) -> str:
    try:
        return reverse(UNIT_CASE_URL, args=[case.pk])
    except NoReverseMatch:
        return ""


def staff_url(case: Case) -> str:
    try:
        url = sources.get(case.source).office_url(case)
    except NoReverseMatch:
        url = ""
    return url or unit_url(case)


def quoted(case: Case) -> str:
    # Titles are written by citizens and may carry a phone number; messages travel far.
    title = mask_in_text(case.title)
    return "“" + (title if len(title) <= 40 else title[:39] + "…") + "”"


class Occasion:
    """One thing worth telling people about: a case, perhaps an assignment, and its token."""

    def __init__(self, case: Case, assignment: Assignment | None, token: str, data: dict | None = None):
        self.case = case
        self.assignment = assignment
        self.token = token
        self.data = data or {}
        self.name = quoted(case)

    def to_unit(self, assignment: Assignment, kind: str, title: str, body: str, token=None) -> int:
        """Tell the unit's clerks; returns how many had not been told already."""
        told = 0
        for user in recipients.clerks(assignment.unit):
            told += (
                tell(
                    user,
                    kind=kind,
                    title=title,
                    body=body,
                    url=unit_url(self.case),
                    case=self.case,
                    assignment=assignment,
                    token=self.token if token is None else token,
                )
                is not None
            )
        return told

    def to_staff(self, users, kind: str, title: str, body: str) -> None:
        url = staff_url(self.case)
        for user in users:
            tell(
                user,
                kind=kind,
                title=title,
                body=body,
                url=url,
                case=self.case,
                assignment=self.assignment,
                token=self.token,
            )

    def to_person(self, user, kind: str, title: str, body: str) -> None:
        if user is not None and user.is_active:
            tell(user, kind=kind, title=title, body=body, url="", case=self.case, token=self.token)

    def to_submitters(self, kind: str, title: str, text: str) -> None:
        # Citizens follow their case with its tracking code; a message never carries the code.
        for contact in sources.get(self.case.source).submitters(self.case):
            if contact.user is not None:
                self.to_person(contact.user, kind, title, text)
            elif contact.phone:
                tell_phone(contact.phone, kind=kind, text=text, case=self.case, token=self.token)


def _fill(template: str, occasion: Occasion, **values) -> str:
    return template % {"case": occasion.name, **values}


# ---------------------------------------------------------------- one function per announcement


def _assigned(o: Occasion) -> None:
    # Also run when a send-back is approved: the unit the item was passed on to learns of it;
    # units told before find their rows there (an assignment is assigned once: no token).
    running = o.case.assignments.filter(round=o.case.round, state__in=Assignment.ACTIVE).select_related(
        "unit"
    )
    for assignment in running:
        if assignment.kind == Assignment.Kind.CO:
            body = _("%(unit)s收到会办事项%(case)s，请在 %(due)s 前向主办单位提交会办意见。")
        else:
            body = _(
                "%(unit)s收到%(kind)s事项%(case)s，请在 %(due)s 前答复；"
                "如不属于本单位职责，可在 %(end)s 前申请退回。"
            )
        o.to_unit(
            assignment,
            Kind.ASSIGNED,
            _fill(_("新交办：%(case)s"), o),
            _fill(
                body,
                o,
                unit=assignment.unit.name,
                kind=assignment.get_kind_display(),
                due=assignment.due_date,
                end=assignment.return_window_end,
            ),
            token="",
        )


def _signed(o: Occasion) -> None:
    a = o.assignment
    o.to_staff(
        recipients.assigners(o.case, [a]),
        Kind.SIGNED,
        _fill(_("已签收：%(case)s"), o),
        _fill(_("%(unit)s已签收%(kind)s事项%(case)s。"), o, unit=a.unit.name, kind=a.get_kind_display()),
    )


def _return_requested(o: Occasion) -> None:
    a = o.assignment
    o.to_staff(
        recipients.deciders(o.case),
        Kind.RETURN_REQUESTED,
        _fill(_("申请退回待审批：%(case)s"), o),
        _fill(
            _("%(unit)s申请退回%(case)s，理由：%(reason)s"),
            o,
            unit=a.unit.name,
            reason=mask_in_text(a.return_reason),
        ),
    )


def _returned(o: Occasion) -> None:
    a = o.assignment
    o.to_unit(
        a,
        Kind.RETURNED,
        _fill(_("同意退回：%(case)s"), o),
        _fill(_("%(unit)s申请退回的%(case)s已获同意，本单位无需继续办理。"), o, unit=a.unit.name),
    )
    _assigned(o)


def _return_refused(o: Occasion) -> None:
    a = o.assignment
    o.to_unit(
        a,
        Kind.RETURN_REFUSED,
        _fill(_("不同意退回：%(case)s"), o),
        _fill(_("%(unit)s申请退回的%(case)s未获同意，请继续办理。"), o, unit=a.unit.name),
    )


def _extension_requested(o: Occasion) -> None:
    a = o.assignment
    extension = a.extensions.filter(state=Extension.State.PENDING).first()
    if extension is None:  # decided before this was delivered
        return
    o.to_staff(
        recipients.deciders(o.case),
        Kind.EXTENSION_REQUESTED,
        _fill(_("申请延期待审批：%(case)s"), o),
        _fill(
            _("%(unit)s申请将%(case)s的答复期限延至 %(date)s，理由：%(reason)s"),
            o,
            unit=a.unit.name,
            date=extension.requested_date,
            reason=mask_in_text(extension.reason),
        ),
    )


def _extended(o: Occasion) -> None:
    a = o.assignment
    o.to_unit(
        a,
        Kind.EXTENDED,
        _fill(_("同意延期：%(case)s"), o),
        _fill(_("%(case)s的答复期限已延至 %(due)s。"), o, due=a.due_date),
    )
    o.to_submitters(
        Kind.EXTENDED,
        _fill(_("办理延期：%(case)s"), o),
        _fill(_("您反映的%(case)s办理期限延至 %(due)s，可凭查询码查看进展。"), o, due=a.due_date),
    )


def _extension_refused(o: Occasion) -> None:
    a = o.assignment
    o.to_unit(
        a,
        Kind.EXTENSION_REFUSED,
        _fill(_("不同意延期：%(case)s"), o),
        _fill(_("%(case)s的延期申请未获同意，答复期限仍为 %(due)s。"), o, due=a.due_date),
    )


def _co_opinion_given(o: Occasion) -> None:
    a = o.assignment
    leads = o.case.assignments.filter(
        round=o.case.round, kind=Assignment.Kind.LEAD, state__in=Assignment.ACTIVE
    ).select_related("unit")
    for lead in leads:
        o.to_unit(
            lead,
            Kind.CO_OPINION_GIVEN,
            _fill(_("会办意见：%(case)s"), o),
            _fill(_("会办单位%(unit)s已就%(case)s提交会办意见，请在答复时一并考虑。"), o, unit=a.unit.name),
        )


def _replied(o: Occasion) -> None:
    a = o.assignment
    if a is not None:
        o.to_staff(
            recipients.assigners(o.case, [a]),
            Kind.REPLIED,
            _fill(_("已答复：%(case)s"), o),
            _fill(_("%(unit)s已答复%(case)s。"), o, unit=a.unit.name),
        )
        if Reply.objects.filter(assignment=a, shown_at=None).exists():
            return  # held for review: the submitter is told when it is shown (_reply_shown)
    _tell_submitters_of_reply(o)


def _reply_shown(o: Occasion) -> None:
    _tell_submitters_of_reply(o)


def _tell_submitters_of_reply(o: Occasion) -> None:
    if o.case.state == Case.State.REPLIED:
        text = _fill(_("您反映的%(case)s已有答复，请凭查询码查看并评价。"), o)
    else:
        text = _fill(_("您反映的%(case)s已有单位答复，请凭查询码查看。"), o)
    o.to_submitters(Kind.REPLIED, _fill(_("已答复：%(case)s"), o), text)


def _reply_returned(o: Occasion) -> None:
    reply = Reply.objects.filter(assignment=o.assignment).first() if o.assignment else None
    if reply is None:
        return
    o.to_unit(
        o.assignment,
        Kind.REPLY_RETURNED,
        _fill(_("答复退回补充：%(case)s"), o),
        _fill(
            _("%(case)s的答复经审核需补充或改正，尚未送达提出人：%(note)s 请修改答复后重新提交。"),
            o,
            note=mask_in_text(reply.held_note),
        ),
    )


def _rating_label(o: Occasion) -> str:
    value = o.data.get("rating")
    return str(Rating.Value(value).label) if value in Rating.Value.values else _("未评价")


def _to_answerers(o: Occasion, round_: int, kind: str, title: str, body: str) -> list[Assignment]:
    answered = recipients.answering(o.case, round_)
    for assignment in answered:
        o.to_unit(assignment, kind, title, body)
    if not answered:
        o.to_person(recipients.direct_answerer(o.case, round_), kind, title, body)
    return answered


def _rated(o: Occasion) -> None:
    title = _fill(_("收到评价：%(case)s"), o)
    body = _fill(_("%(case)s收到评价：%(rating)s。"), o, rating=_rating_label(o))
    answered = _to_answerers(o, o.case.round, Kind.RATED, title, body)
    if answered:
        o.to_staff(recipients.assigners(o.case, answered), Kind.RATED, title, body)


def _reopened(o: Occasion) -> None:
    title = _fill(_("重新办理：%(case)s"), o)
    again = list(o.case.assignments.filter(round=o.case.round).select_related("unit", "assigned_by"))
    for assignment in again:
        o.to_unit(
            assignment,
            Kind.REOPENED,
            title,
            _fill(
                _("%(case)s的答复被评为不满意，需重新办理，请在 %(due)s 前再次答复。"),
                o,
                due=assignment.due_date,
            ),
        )
    if again:
        o.to_staff(
            recipients.assigners(o.case, again),
            Kind.REOPENED,
            title,
            _fill(_("%(case)s的答复被评为不满意，已转入重新办理。"), o),
        )
        return
    # Answered directly: it waits to be answered again or assigned.
    body = _fill(_("%(case)s的答复被评为不满意，需要重新答复或交办。"), o)
    o.to_person(recipients.direct_answerer(o.case, o.case.round - 1), Kind.REOPENED, title, body)
    o.to_staff(recipients.deciders(o.case), Kind.REOPENED, title, body)


def _closed(o: Occasion) -> None:
    title = _fill(_("已办结：%(case)s"), o)
    body = _fill(_("%(case)s已办结，评价：%(rating)s。"), o, rating=_rating_label(o))
    answered = _to_answerers(o, o.case.round, Kind.CLOSED, title, body)
    if answered and "rating" in o.data:
        o.to_staff(recipients.assigners(o.case, answered), Kind.CLOSED, title, body)
    o.to_submitters(Kind.CLOSED, title, _fill(_("您反映的%(case)s已办结，感谢您的参与。"), o))


def _urged(o: Occasion) -> None:
    urge = o.case.urges.order_by("-pk").first()
    message = mask_in_text(urge.message) if urge is not None else ""
    title = _fill(_("督办：%(case)s"), o)
    body = _fill(_("%(case)s收到督办意见：%(message)s"), o, message=message)
    running = o.case.assignments.filter(round=o.case.round, state__in=Assignment.ACTIVE).select_related(
        "unit"
    )
    for assignment in running:
        o.to_unit(assignment, Kind.URGED, title, body)
    if not running and o.case.state == Case.State.REGISTERED:
        o.to_staff(recipients.deciders(o.case), Kind.URGED, title, body)


def _withdrawn(o: Occasion) -> None:
    for assignment in o.case.assignments.filter(round=o.case.round).select_related("unit"):
        o.to_unit(
            assignment,
            Kind.WITHDRAWN,
            _fill(_("已撤回：%(case)s"), o),
            _fill(_("%(case)s已撤回，无需继续办理。"), o),
        )


HANDLERS = {
    "assigned": _assigned,
    "signed": _signed,
    "return_requested": _return_requested,
    "returned": _returned,
    "return_refused": _return_refused,
    "extension_requested": _extension_requested,
    "extended": _extended,
    "extension_refused": _extension_refused,
    "co_opinion_given": _co_opinion_given,
    "replied": _replied,
    "reply_shown": _reply_shown,
    "reply_returned": _reply_returned,
    "rated": _rated,
    "reopened": _reopened,
    "closed": _closed,
    "urged": _urged,
    "withdrawn": _withdrawn,
}


def token_for(announcement: Announcement) -> str:
    event = (
        Event.objects.filter(
            target_type=ContentType.objects.get_for_model(Case),
            target_id=str(announcement.case_id),
            action__in=_EVENTS.get(announcement.kind, ()),
        )
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    return f"event:{event}" if event else ""


def deliver(announcement: Announcement) -> None:
    handler = HANDLERS.get(announcement.kind)
    case = Case.objects.select_related("region").filter(pk=announcement.case_id).first()
    if handler is None or case is None:
        return
    assignment = None
    if announcement.assignment_id is not None:
        assignment = (
            Assignment.objects.select_related("unit", "assigned_by")
            .filter(pk=announcement.assignment_id)
            .first()
        )
    handler(Occasion(case, assignment, token_for(announcement), announcement.data))


def on_announcement(announcement: Announcement) -> None:
    """The engine's listener. The transition has committed: whatever goes wrong here is
    logged, never turned into an error page for the person who made the transition."""
    try:
        deliver(announcement)
    except Exception:
        logger.exception("消息投递失败：%s，办理件 %s", announcement.kind, announcement.case_id)
