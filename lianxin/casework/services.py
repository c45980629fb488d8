"""The transitions of the handling engine: one function each.

Every function locks the case row, checks the state and the actor, writes, records an audit
event on the case (with the states it went from and to), and announces the change after
commit. A refused transition raises ``CaseworkError`` (a ValidationError with a Chinese
message) or ``PermissionDenied`` and changes nothing.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxin import uploads
from lianxin.accounts.actor import Actor
from lianxin.audit.recorder import record
from lianxin.casework import reply_checks, sources
from lianxin.casework.announcements import Announcement, announce
from lianxin.casework.models import (
    Assignment,
    Case,
    Communication,
    CoOpinion,
    Extension,
    Promise,
    Rating,
    Reply,
    ReplyAttachment,
    Urge,
)
from lianxin.casework.policy import Period


class CaseworkError(ValidationError):
    """A transition that the item's state, its deadlines or the input do not allow."""


# A reply's attachments: scanned letters and photos of the work done.
REPLY_MAX_ATTACHMENTS = 10
REPLY_MAX_MB = 10


def _today() -> datetime.date:
    return timezone.localdate()


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update(of=("self",)).select_related("region").get(pk=case.pk)


def _locked_assignment(assignment: Assignment) -> tuple[Case, Assignment]:
    # Always the case first, then the assignment: one lock order for every transition.
    case = _locked(assignment.case)
    return case, Assignment.objects.select_for_update(of=("self",)).select_related("unit").get(
        pk=assignment.pk
    )


def _policy(case: Case):
    return sources.get(case.source).effective_policy


def _require_staff(actor: Actor, case: Case) -> None:
    if actor.user is None or not actor.user.has_perm("casework.assign_case", case):
        raise PermissionDenied


def _require_clerk(actor: Actor, assignment: Assignment) -> None:
    # A unit acts only on what was assigned to it; it can never pass an item on by itself.
    if actor.user is None or not assignment.unit.clerks.filter(pk=actor.user.pk, is_active=True).exists():
        raise PermissionDenied


def _require_state(obj, *allowed, message: str) -> None:
    if obj.state not in allowed:
        raise CaseworkError(message)


def _record(actor: Actor, action: str, case: Case, before: str, data: dict | None = None) -> None:
    record(actor=actor, action=action, target=case, data={"from": before, "to": case.state, **(data or {})})


def _save_case(case: Case, *fields: str) -> None:
    case.save(update_fields=list(fields))


def _refresh_due(case: Case) -> None:
    """The case's deadline is the earliest one still running among its answering units."""
    running = case.assignments.filter(
        round=case.round, kind__in=Assignment.ANSWERING, state__in=Assignment.ACTIVE
    )
    dates = list(running.values_list("due_date", "cap_date"))
    if dates:
        case.due_date = min(due for due, _cap in dates)
        case.cap_date = min(cap for _due, cap in dates)


@transaction.atomic
def open_case(*, actor: Actor, source: str, title: str, region) -> Case:
    sources.get(source)  # refuses an unregistered source
    case = Case.objects.create(source=source, title=title, region=region)
    record(actor=actor, action="casework.case.opened", target=case, data={"from": "", "to": case.state})
    return case


@transaction.atomic
def assign(
    *,
    actor: Actor,
    case: Case,
    lead=None,
    co=(),
    separate=(),
    reply_period: Period | None = None,
) -> list[Assignment]:
    """交办: one lead unit with any co-handling units, or several units separately."""
    case = _locked(case)
    _require_staff(actor, case)
    _require_state(case, Case.State.REGISTERED, message=_("只有待交办的事项才能交办。"))
    co, separate = list(co), list(separate)
    if (lead is None) == (not separate):
        raise CaseworkError(_("请指定一个主办单位，或者两个以上分别办理的单位。"))
    if separate and (co or len(separate) < 2):
        raise CaseworkError(_("分别办理须指定两个以上单位，且不设会办单位。"))
    units = [u for u in [lead, *co, *separate] if u is not None]
    if len({u.pk for u in units}) != len(units):
        raise CaseworkError(_("同一单位不能重复交办。"))
    if any(not u.is_active for u in units):
        raise CaseworkError(_("不能交办给已停用的单位。"))
    policy = _policy(case)
    today = _today()
    due = (reply_period or policy.reply).end(today)
    cap = policy.cap.end(today)
    if due > cap:
        raise CaseworkError(_("答复期限 %(due)s 超过了最迟期限 %(cap)s。") % {"due": due, "cap": cap})
    return_end = policy.return_window.end(today)
    made = []
    planned = [(lead, Assignment.Kind.LEAD)] if lead is not None else []
    planned += [(unit, Assignment.Kind.CO) for unit in co] + [
        (unit, Assignment.Kind.SEPARATE) for unit in separate
    ]
    for unit, kind in planned:
        unit_due = min(policy.co_opinion.end(today), cap) if kind == Assignment.Kind.CO else due
        made.append(
            Assignment.objects.create(
                case=case,
                unit=unit,
                kind=kind,
                round=case.round,
                assigned_by=actor.user,
                due_date=unit_due,
                cap_date=cap,
                return_window_end=return_end,
            )
        )
    before = case.state
    case.state = Case.State.ASSIGNED
    case.due_date, case.cap_date = due, cap
    _save_case(case, "state", "due_date", "cap_date")
    _record(
        actor,
        "casework.case.assigned",
        case,
        before,
        {
            "units": [f"{a.unit.name}（{a.get_kind_display()}）" for a in made],
            "due": str(due),
            "cap": str(cap),
        },
    )
    announce(Announcement("assigned", case.pk))
    return made


@transaction.atomic
def sign(*, actor: Actor, assignment: Assignment) -> Assignment:
    case, assignment = _locked_assignment(assignment)
    _require_clerk(actor, assignment)
    _require_state(assignment, Assignment.State.PENDING, message=_("该事项已签收或不在待签收状态。"))
    assignment.state = Assignment.State.SIGNED
    assignment.signed_at = timezone.now()
    assignment.save(update_fields=["state", "signed_at"])
    before = case.state
    if assignment.kind in Assignment.ANSWERING and case.state == Case.State.ASSIGNED:
        case.state = Case.State.HANDLING
        _save_case(case, "state")
    _record(actor, "casework.assignment.signed", case, before, {"unit": assignment.unit.name})
    announce(Announcement("signed", case.pk, assignment.pk))
    return assignment


@transaction.atomic
def request_return(*, actor: Actor, assignment: Assignment, reason: str) -> Assignment:
    """申请退回: the unit thinks the item is not its business. Only staff can pass it on."""
    case, assignment = _locked_assignment(assignment)
    _require_clerk(actor, assignment)
    _require_state(
        assignment, Assignment.State.PENDING, Assignment.State.SIGNED, message=_("该事项当前不能申请退回。")
    )
    if _today() > assignment.return_window_end:
        raise CaseworkError(_("已超过申请退回的期限（%(end)s）。") % {"end": assignment.return_window_end})
    if not reason.strip():
        raise CaseworkError({"reason": _("请说明申请退回的理由。")})
    assignment.state_before_return = assignment.state
    assignment.state = Assignment.State.RETURN_REQUESTED
    assignment.return_reason = reason.strip()
    assignment.save(update_fields=["state", "state_before_return", "return_reason"])
    _record(
        actor,
        "casework.assignment.return_requested",
        case,
        case.state,
        {"unit": assignment.unit.name, "reason": reason.strip()},
    )
    announce(Announcement("return_requested", case.pk, assignment.pk))
    return assignment


def _settle_after_send_back(case: Case, successor: Assignment | None) -> None:
    """The case's state and deadline once an answering unit has been let go."""
    answering = case.assignments.filter(round=case.round, kind__in=Assignment.ANSWERING)
    if not answering.filter(state__in=Assignment.ACTIVE).exists():
        if answering.filter(state=Assignment.State.REPLIED).exists():
            # Every unit still on the item has answered (separate handling): it is ready to rate
            # once the submitter can read every reply (a held one waits for staff).
            if _all_replies_shown(case):
                _start_rating(case)
        else:
            # Nobody is left to answer: the item goes back to staff to assign again.
            case.assignments.filter(round=case.round, state__in=Assignment.ACTIVE).update(
                state=Assignment.State.RETURNED
            )
            case.state = Case.State.REGISTERED
            case.due_date = case.cap_date = None
    elif (
        successor is not None and successor.kind in Assignment.ANSWERING and case.state == Case.State.HANDLING
    ):
        signed = answering.filter(state=Assignment.State.SIGNED).exists()
        case.state = Case.State.HANDLING if signed else Case.State.ASSIGNED
    _refresh_due(case)
    _save_case(case, "state", "due_date", "cap_date", "rating_due")


@transaction.atomic
def decide_return(
    *, actor: Actor, assignment: Assignment, approve: bool, note: str = "", reassign_to=None
) -> Assignment | None:
    """Staff approve a send-back (and may give the item to another unit at once) or refuse it."""
    case, assignment = _locked_assignment(assignment)
    _require_staff(actor, case)
    _require_state(assignment, Assignment.State.RETURN_REQUESTED, message=_("没有待审批的退回申请。"))
    before = case.state
    if not approve:
        assignment.state = assignment.state_before_return
        assignment.save(update_fields=["state"])
        _record(
            actor,
            "casework.assignment.return_refused",
            case,
            before,
            {"unit": assignment.unit.name, "note": note},
        )
        announce(Announcement("return_refused", case.pk, assignment.pk))
        return None
    if reassign_to is not None:
        taken = case.assignments.filter(round=case.round, state__in=Assignment.ACTIVE, unit=reassign_to)
        if reassign_to.pk == assignment.unit_id or taken.exists():
            raise CaseworkError({"reassign_to": _("请选择另一个尚未承办此事项的单位。")})
        if not reassign_to.is_active:
            raise CaseworkError({"reassign_to": _("不能交办给已停用的单位。")})
    assignment.state = Assignment.State.RETURNED
    assignment.save(update_fields=["state"])
    successor = None
    if reassign_to is not None:
        # A fresh 交办 to the new unit: its periods run from today.
        policy = _policy(case)
        today = _today()
        cap = policy.cap.end(today)
        due = (
            min(policy.co_opinion.end(today), cap)
            if assignment.kind == Assignment.Kind.CO
            else policy.reply.end(today)
        )
        successor = Assignment.objects.create(
            case=case,
            unit=reassign_to,
            kind=assignment.kind,
            round=case.round,
            assigned_by=actor.user,
            due_date=min(due, cap),
            cap_date=cap,
            return_window_end=policy.return_window.end(today),
        )
    if assignment.kind in Assignment.ANSWERING:
        # A co-handler's send-back never moves the case: the lead still answers, or already has
        # (the case may even be closed by the time staff decide).
        _settle_after_send_back(case, successor)
    _record(
        actor,
        "casework.assignment.returned",
        case,
        before,
        {
            "unit": assignment.unit.name,
            "note": note,
            "reassigned_to": reassign_to.name if reassign_to else "",
        },
    )
    announce(Announcement("returned", case.pk, assignment.pk))
    return successor


@transaction.atomic
def request_extension(
    *, actor: Actor, assignment: Assignment, new_date: datetime.date, reason: str
) -> Extension:
    case, assignment = _locked_assignment(assignment)
    _require_clerk(actor, assignment)
    if assignment.kind not in Assignment.ANSWERING:
        raise CaseworkError(_("会办单位不能申请延期。"))
    _require_state(assignment, Assignment.State.SIGNED, message=_("签收后、答复前才能申请延期。"))
    # Errors about the input name their field, so that forms show them beside it.
    if not reason.strip():
        raise CaseworkError({"reason": _("请说明延期理由。")})
    if new_date <= assignment.due_date:
        raise CaseworkError(
            {"new_date": _("申请的日期须晚于当前期限 %(due)s。") % {"due": assignment.due_date}}
        )
    if new_date > assignment.cap_date:
        raise CaseworkError({"new_date": _("延期不能超过最迟期限 %(cap)s。") % {"cap": assignment.cap_date}})
    if assignment.extensions.filter(state=Extension.State.PENDING).exists():
        raise CaseworkError(_("已有一项延期申请在等待审批。"))
    extension = Extension.objects.create(
        assignment=assignment, reason=reason.strip(), requested_date=new_date, requested_by=actor.user
    )
    _record(
        actor,
        "casework.assignment.extension_requested",
        case,
        case.state,
        {
            "unit": assignment.unit.name,
            "to": case.state,
            "requested": str(new_date),
            "reason": reason.strip(),
        },
    )
    announce(Announcement("extension_requested", case.pk, assignment.pk))
    return extension


@transaction.atomic
def decide_extension(*, actor: Actor, extension: Extension, approve: bool, note: str = "") -> Extension:
    case, assignment = _locked_assignment(extension.assignment)
    extension = Extension.objects.select_for_update().get(pk=extension.pk)
    _require_staff(actor, case)
    _require_state(extension, Extension.State.PENDING, message=_("该延期申请已经审批过。"))
    if approve and assignment.state != Assignment.State.SIGNED:
        raise CaseworkError(_("该单位已答复或退回，不再需要延期。"))
    extension.state = Extension.State.APPROVED if approve else Extension.State.REFUSED
    extension.decided_at, extension.decided_by, extension.decision_note = timezone.now(), actor.user, note
    extension.save(update_fields=["state", "decided_at", "decided_by", "decision_note"])
    before = case.state
    if approve:
        assignment.due_date = min(extension.requested_date, assignment.cap_date)
        assignment.save(update_fields=["due_date"])
        _refresh_due(case)
        _save_case(case, "due_date", "cap_date")
    _record(
        actor,
        "casework.assignment.extended" if approve else "casework.assignment.extension_refused",
        case,
        before,
        {"unit": assignment.unit.name, "due": str(assignment.due_date), "note": note},
    )
    announce(Announcement("extended" if approve else "extension_refused", case.pk, assignment.pk))
    return extension


@transaction.atomic
def give_co_opinion(*, actor: Actor, assignment: Assignment, text: str) -> CoOpinion:
    case, assignment = _locked_assignment(assignment)
    _require_clerk(actor, assignment)
    if assignment.kind != Assignment.Kind.CO:
        raise CaseworkError(_("只有会办单位提交会办意见。"))
    _require_state(
        assignment,
        Assignment.State.PENDING,
        Assignment.State.SIGNED,
        message=_("会办意见已提交或该交办已结束。"),
    )
    if not text.strip():
        raise CaseworkError({"text": _("会办意见不能为空。")})
    opinion = CoOpinion.objects.create(assignment=assignment, text=text.strip(), given_by=actor.user)
    assignment.state = Assignment.State.OPINION_GIVEN
    assignment.signed_at = assignment.signed_at or timezone.now()
    assignment.save(update_fields=["state", "signed_at"])
    _record(actor, "casework.assignment.co_opinion_given", case, case.state, {"unit": assignment.unit.name})
    announce(Announcement("co_opinion_given", case.pk, assignment.pk))
    return opinion


def _start_rating(case: Case) -> None:
    case.state = Case.State.REPLIED
    case.rating_due = _policy(case).rating_window.end(_today())


def reply(
    *,
    actor: Actor,
    assignment: Assignment,
    text: str,
    category: str,
    signed_off_by: str,
    attachments=(),
    promises=(),
) -> Reply:
    """答复 by the lead unit (or one of the units handling separately).

    Attachments (images and PDF) are judged by their content and stored under random names;
    a refused reply leaves no file behind. ``promises`` are (text, due date) pairs: required when
    the policy says the reply's category promises future work (B and C for deputies' suggestions).
    """
    try:
        checked = uploads.check_all(attachments, max_files=REPLY_MAX_ATTACHMENTS, max_mb=REPLY_MAX_MB)
    except ValidationError as error:
        raise CaseworkError({"attachments": error.messages}) from None
    written: list[str] = []
    try:
        return _reply(
            actor=actor,
            assignment=assignment,
            text=text,
            category=category,
            signed_off_by=signed_off_by,
            checked=checked,
            written=written,
            promises=[(str(t or "").strip(), d) for t, d in promises if str(t or "").strip() or d],
        )
    except BaseException:
        for name in written:
            default_storage.delete(name)
        raise


@transaction.atomic
def _reply(*, actor, assignment, text, category, signed_off_by, checked, written, promises) -> Reply:
    case, assignment = _locked_assignment(assignment)
    _require_clerk(actor, assignment)
    if assignment.kind not in Assignment.ANSWERING:
        raise CaseworkError(_("会办单位不能答复，请向主办单位提交会办意见。"))
    _require_state(
        assignment, Assignment.State.SIGNED, message=_("签收后才能答复；已答复或退回的事项不能再答复。")
    )
    policy = _policy(case)
    errors = {}
    if not text.strip():
        errors["text"] = _("答复内容不能为空。")
    if policy.categories and category not in policy.categories:
        errors["category"] = _("请选择答复类别。")
    if not signed_off_by.strip():
        errors["signed_off_by"] = _("请填写签发人。")
    if policy.letter_required and not any(kind.content_type == "application/pdf" for _u, kind in checked):
        errors["attachments"] = _("请上传加盖公章的答复函（PDF）。")
    promise_errors = _promise_errors(policy, category, promises)
    if promise_errors:
        errors["promises"] = promise_errors
    if errors:
        raise CaseworkError(errors)
    answer = Reply.objects.create(
        case=case,
        assignment=assignment,
        round=case.round,
        text=text.strip(),
        category=category,
        signed_off_by=signed_off_by.strip(),
        replied_by=actor.user,
    )
    for upload, kind in checked:
        attachment = ReplyAttachment(
            reply=answer, name=uploads.display_name(upload), content_type=kind.content_type, size=upload.size
        )
        attachment.file.save(uploads.stored_name(kind), upload, save=False)
        written.append(attachment.file.name)
        attachment.save()
    Promise.objects.bulk_create(
        Promise(case=case, reply=answer, text=text_, due_date=due) for text_, due in promises
    )
    assignment.state = Assignment.State.REPLIED
    assignment.save(update_fields=["state"])
    _check_and_show(answer)
    before = case.state
    if _all_replies_shown(case):
        _start_rating(case)
        _save_case(case, "state", "rating_due")
    _record(
        actor,
        "casework.case.replied",
        case,
        before,
        {
            "unit": assignment.unit.name,
            "category": category,
            "on_time": _today() <= assignment.due_date,
            "attachments": len(checked),
            "promises": [{"text": t, "due": d.isoformat()} for t, d in promises],
            "held": answer.held,
        },
    )
    announce(Announcement("replied", case.pk, assignment.pk))
    return answer


def _check_and_show(answer: Reply) -> None:
    """Run the source's reply check: the reply is shown now, or held with the check's reason."""
    reason = reply_checks.hold_reason(answer)
    answer.shown_at, answer.held_note = (None, reason) if reason else (timezone.now(), "")
    answer.save(update_fields=["shown_at", "held_note"])


def _all_replies_shown(case: Case) -> bool:
    """Every answering unit of the round has replied and the submitter can read every reply:
    only then does the rating window start."""
    waiting = case.assignments.filter(
        round=case.round, kind__in=Assignment.ANSWERING, state__in=Assignment.ACTIVE
    )
    held = case.replies.filter(round=case.round, shown_at=None)
    return not waiting.exists() and not held.exists()


def _locked_held_reply(case: Case, reply: Reply) -> Reply:
    reply = Reply.objects.select_for_update(of=("self",)).select_related("assignment__unit").get(pk=reply.pk)
    if case.state in Case.FINISHED:
        raise CaseworkError(_("该事项已办结或撤回。"))
    if not reply.held:
        raise CaseworkError(_("这条答复已经送达提出人，不能再暂缓或修改。"))
    return reply


def _unit_name(reply: Reply) -> str:
    return reply.assignment.unit.name if reply.assignment_id else ""


def _show_held(actor: Actor, case: Case, reply: Reply) -> None:
    reply.shown_at, reply.held_note = timezone.now(), ""
    reply.save(update_fields=["shown_at", "held_note"])
    before = case.state
    if _all_replies_shown(case):
        _start_rating(case)
        _save_case(case, "state", "rating_due")
    _record(actor, "casework.reply.shown", case, before, {"unit": _unit_name(reply)})
    announce(Announcement("reply_shown", case.pk, reply.assignment_id))


@transaction.atomic
def show_reply(*, actor: Actor, reply: Reply) -> Reply:
    """送达: staff let a held reply through to the submitter."""
    case = _locked(reply.case)
    _require_staff(actor, case)
    reply = _locked_held_reply(case, reply)
    _show_held(actor, case, reply)
    return reply


@transaction.atomic
def return_reply(*, actor: Actor, reply: Reply, note: str) -> Reply:
    """退回补充: staff keep a held reply from the submitter and tell its unit what it lacks."""
    if not note.strip():
        raise CaseworkError({"note": _("请写明答复需要补充或改正的内容。")})
    case = _locked(reply.case)
    _require_staff(actor, case)
    reply = _locked_held_reply(case, reply)
    if reply.assignment_id is None:
        raise CaseworkError(_("直接答复没有承办单位，不能退回补充。"))
    reply.held_note = note.strip()
    reply.save(update_fields=["held_note"])
    _record(
        actor, "casework.reply.returned", case, case.state, {"unit": _unit_name(reply), "note": note.strip()}
    )
    announce(Announcement("reply_returned", case.pk, reply.assignment_id))
    return reply


@transaction.atomic
def revise_reply(*, actor: Actor, reply: Reply, text: str) -> Reply:
    """修改答复: while its reply is held, the unit may rewrite it; the check runs again."""
    if reply.assignment_id is None:
        raise PermissionDenied
    case, assignment = _locked_assignment(reply.assignment)
    _require_clerk(actor, assignment)
    reply = _locked_held_reply(case, reply)
    if not text.strip():
        raise CaseworkError({"text": _("答复内容不能为空。")})
    before_text = reply.text
    reply.text = text.strip()
    reply.save(update_fields=["text"])
    _record(
        actor,
        "casework.reply.revised",
        case,
        case.state,
        {"unit": assignment.unit.name, "before": before_text},
    )
    reason = reply_checks.hold_reason(reply)
    if reason:
        reply.held_note = reason
        reply.save(update_fields=["held_note"])
    else:
        _show_held(Actor.system(), case, reply)
    return reply


def _promise_errors(policy, category: str, promises) -> list[str]:
    if category not in policy.promise_categories:
        if promises and policy.promise_categories:
            named = "、".join(policy.promise_categories)
            return [_("只有答复类别为 %(c)s 的答复才填写承诺事项。") % {"c": named}]
        return []
    if not promises:
        return [_("答复类别为 %(c)s 时，必须逐项填写承诺事项和承诺时限。") % {"c": category}]
    problems = []
    for number, (text, due) in enumerate(promises, start=1):
        if not text:
            problems.append(_("第 %(n)d 项承诺缺少内容。") % {"n": number})
        if due is None:
            problems.append(_("第 %(n)d 项承诺缺少承诺时限。") % {"n": number})
        elif due < _today():
            problems.append(_("第 %(n)d 项承诺的时限早于今天。") % {"n": number})
    return problems


def reply_warnings(case: Case, assignment: Assignment) -> list[str]:
    """What the unit should know before it replies; warned, not refused (the law asks for contact
    but the unit may have talked to the deputy outside the platform and not logged it yet)."""
    policy = _policy(case)
    if policy.first_contact is None:
        return []
    if case.communications.filter(assignment__unit=assignment.unit).exists():
        return []
    return [_("尚无与提出人沟通的记录。法律要求办理中与代表联系沟通，请先登记沟通情况再答复。")]


def first_contact_due(case: Case, assignment: Assignment) -> datetime.date | None:
    policy = _policy(case)
    if policy.first_contact is None:
        return None
    return policy.first_contact.end(timezone.localdate(assignment.assigned_at))


@transaction.atomic
def log_contact(
    *, actor: Actor, assignment: Assignment, way: str, happened_on: datetime.date, people: str, content: str
) -> Communication:
    """沟通记录 by a unit handling the item (lead, co-handling or separate)."""
    case, assignment = _locked_assignment(assignment)
    _require_clerk(actor, assignment)
    if case.state in Case.FINISHED or assignment.state in (
        Assignment.State.PENDING,
        Assignment.State.RETURNED,
    ):
        raise CaseworkError(_("签收后、办结前才能登记沟通情况。"))
    errors = {}
    if way not in Communication.Way.values:
        errors["way"] = _("请选择沟通方式。")
    if happened_on is None:
        errors["happened_on"] = _("请填写沟通时间。")
    elif happened_on > _today():
        errors["happened_on"] = _("沟通时间不能晚于今天。")
    elif happened_on < timezone.localdate(assignment.assigned_at):
        errors["happened_on"] = _("沟通时间不能早于交办日期。")
    if not people.strip():
        errors["people"] = _("请填写参加人员。")
    if not content.strip():
        errors["content"] = _("请填写沟通内容。")
    if errors:
        raise CaseworkError(errors)
    contact = Communication.objects.create(
        case=case,
        assignment=assignment,
        way=way,
        happened_on=happened_on,
        people=people.strip(),
        content=content.strip(),
        recorded_by=actor.user,
    )
    _record(
        actor,
        "casework.case.contact_logged",
        case,
        case.state,
        {"unit": assignment.unit.name, "way": way, "on": happened_on.isoformat()},
    )
    return contact


def _locked_promise(promise: Promise) -> tuple[Case, Promise]:
    case = _locked(promise.case)
    return case, Promise.objects.select_for_update(of=("self",)).select_related(
        "reply__assignment__unit"
    ).get(pk=promise.pk)


@transaction.atomic
def report_promise(*, actor: Actor, promise: Promise, report: str) -> Promise:
    """二次答复: the unit that promised reports the promise kept."""
    case, promise = _locked_promise(promise)
    assignment = promise.reply.assignment
    if assignment is None:
        raise PermissionDenied
    _require_clerk(actor, assignment)
    _require_state(promise, Promise.State.OPEN, message=_("这项承诺已经报告落实。"))
    if not report.strip():
        raise CaseworkError({"report": _("请写明落实情况。")})
    promise.state, promise.report = Promise.State.REPORTED, report.strip()
    promise.reported_at, promise.reported_by = timezone.now(), actor.user
    promise.save(update_fields=["state", "report", "reported_at", "reported_by"])
    _record(actor, "casework.promise.reported", case, case.state, {"promise": promise.text})
    announce(Announcement("promise_reported", case.pk, data={"promise": promise.text}))
    return promise


@transaction.atomic
def confirm_promise(*, actor: Actor, promise: Promise, done: bool, comment: str = "") -> Promise:
    """Whoever rates the item confirms a reported promise, or sends it back as not yet done."""
    case, promise = _locked_promise(promise)
    if sources.get(case.source).rater_for(actor, case) is None:
        raise PermissionDenied
    _require_state(promise, Promise.State.REPORTED, message=_("这项承诺尚未报告落实，或已经确认。"))
    if not done and not comment.strip():
        raise CaseworkError({"comment": _("认为尚未落实的，请写明意见。")})
    if done:
        promise.state, promise.confirmed_at = Promise.State.CONFIRMED, timezone.now()
    else:
        promise.state = Promise.State.OPEN
    promise.save(update_fields=["state", "confirmed_at"])
    action = "casework.promise.confirmed" if done else "casework.promise.disputed"
    _record(actor, action, case, case.state, {"promise": promise.text, "comment": comment.strip()})
    return promise


@transaction.atomic
def answer(*, actor: Actor, case: Case, text: str) -> Reply:
    """A direct answer by whoever the source allows (a deputy to a constituent, say), without units."""
    case = _locked(case)
    if not sources.get(case.source).can_answer(actor, case):
        raise PermissionDenied
    _require_state(case, Case.State.REGISTERED, message=_("已交办的事项由承办单位答复。"))
    if not text.strip():
        raise CaseworkError({"text": _("答复内容不能为空。")})
    answer_ = Reply.objects.create(
        case=case, round=case.round, text=text.strip(), replied_by=actor.user, shown_at=timezone.now()
    )
    before = case.state
    _start_rating(case)
    _save_case(case, "state", "rating_due")
    _record(actor, "casework.case.answered", case, before)
    announce(Announcement("replied", case.pk))
    return answer_


@transaction.atomic
def rate(*, actor: Actor, case: Case, value: str, comment: str = "", attitude: str = "") -> Rating:
    """The submitter's rating (办理结果, and 办理态度 where the policy asks for it).
    不满意 on either reopens the case for another round of handling."""
    case = _locked(case)
    source = sources.get(case.source)
    rater = source.rater_for(actor, case)
    if rater is None:
        raise PermissionDenied
    if case.ratings.filter(round=case.round, rater=rater).exists():
        raise CaseworkError(_("您已经评价过这一轮答复。"))
    _require_state(case, Case.State.REPLIED, message=_("该事项目前不在待评价状态。"))
    if _today() > case.rating_due:
        raise CaseworkError(_("评价期限已过（%(end)s）。") % {"end": case.rating_due})
    errors = {}
    if value not in Rating.Value.values:
        errors["value"] = _("请选择满意、基本满意或不满意。")
    if source.effective_policy.rate_attitude:
        if attitude not in Rating.Value.values:
            errors["attitude"] = _("请评价办理态度：满意、基本满意或不满意。")
    else:
        attitude = ""
    unsatisfied = Rating.Value.UNSATISFIED in (value, attitude)
    if unsatisfied and not comment.strip():
        errors["comment"] = _("选择“不满意”时，请写明具体意见。")
    if errors:
        raise CaseworkError(errors)
    rating = Rating.objects.create(
        case=case, round=case.round, rater=rater, value=value, attitude=attitude, comment=comment.strip()
    )
    before = case.state
    if unsatisfied:
        _reopen(case)
        action, kind = "casework.case.reopened", "reopened"
    elif source.raters(case) <= set(case.ratings.filter(round=case.round).values_list("rater", flat=True)):
        case.state, case.closed_at = Case.State.CLOSED, timezone.now()
        _save_case(case, "state", "closed_at")
        action, kind = "casework.case.closed", "closed"
    else:
        action, kind = "casework.case.rated", "rated"
    _record(
        actor,
        action,
        case,
        before,
        {"rating": value, "attitude": attitude, "round": rating.round, "comment": comment.strip()},
    )
    announce(Announcement(kind, case.pk, data={"rating": value}))
    return rating


def _reopen(case: Case) -> None:
    """重新办理: the same answering units take the item again, with a new, shorter deadline."""
    answered = list(
        case.assignments.filter(
            round=case.round, kind__in=Assignment.ANSWERING, state=Assignment.State.REPLIED
        )
    )
    case.round += 1
    case.rating_due = None
    if not answered:
        # Answered directly: it goes back to be routed again.
        case.state, case.due_date, case.cap_date = Case.State.REGISTERED, None, None
    else:
        today = _today()
        due = _policy(case).rehandle.end(today)
        for previous in answered:
            Assignment.objects.create(
                case=case,
                unit=previous.unit,
                kind=previous.kind,
                round=case.round,
                state=Assignment.State.SIGNED,
                signed_at=timezone.now(),
                assigned_by=previous.assigned_by,
                due_date=due,
                cap_date=due,
                return_window_end=today,
            )
        case.state, case.due_date, case.cap_date = Case.State.REHANDLING, due, due
    _save_case(case, "state", "round", "rating_due", "due_date", "cap_date")


@transaction.atomic
def close_unrated(*, actor: Actor, case: Case) -> Case:
    """Close an item whose rating window passed without a rating (未评价)."""
    case = _locked(case)
    _require_staff(actor, case)
    _require_state(case, Case.State.REPLIED, message=_("该事项目前不在待评价状态。"))
    if not case.rating_lapsed():
        raise CaseworkError(_("评价期限（%(end)s）尚未届满。") % {"end": case.rating_due})
    before = case.state
    case.state, case.closed_at = Case.State.CLOSED, timezone.now()
    _save_case(case, "state", "closed_at")
    _record(actor, "casework.case.closed", case, before, {"unrated": True})
    announce(Announcement("closed", case.pk, data={"unrated": True}))
    return case


@transaction.atomic
def urge(*, actor: Actor, case: Case, message: str) -> Urge:
    """督办/催办 by staff or leaders: counted and shown, sent to the units handling the item."""
    case = _locked(case)
    if actor.user is None or not actor.user.has_perm("casework.urge_case", case):
        raise PermissionDenied
    if case.state in Case.FINISHED:
        raise CaseworkError(_("已办结或撤回的事项不能督办。"))
    if not message.strip():
        raise CaseworkError({"message": _("请填写督办意见。")})
    urge_ = Urge.objects.create(case=case, message=message.strip(), urged_by=actor.user)
    Case.objects.filter(pk=case.pk).update(urge_count=F("urge_count") + 1)
    _record(actor, "casework.case.urged", case, case.state, {"message": message.strip()})
    announce(Announcement("urged", case.pk))
    return urge_


@transaction.atomic
def withdraw(*, actor: Actor, case: Case, reason: str) -> Case:
    """Staff withdraw an item; so may whoever its source allows (all of a suggestion's signers)."""
    case = _locked(case)
    if not sources.get(case.source).can_withdraw(actor, case):
        _require_staff(actor, case)
    if case.state in Case.FINISHED:
        raise CaseworkError(_("该事项已经办结或撤回。"))
    if not reason.strip():
        raise CaseworkError({"reason": _("请说明撤回理由。")})
    case.assignments.filter(state__in=Assignment.ACTIVE).update(state=Assignment.State.RETURNED)
    before = case.state
    case.state, case.closed_at = Case.State.WITHDRAWN, timezone.now()
    _save_case(case, "state", "closed_at")
    _record(actor, "casework.case.withdrawn", case, before, {"reason": reason.strip()})
    announce(Announcement("withdrawn", case.pk))
    return case
