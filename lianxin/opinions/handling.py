"""登记受理 and routing of citizens' opinions: the office side of 民意直通车.

One function per state change. Each locks the opinion, checks its state and the actor,
writes, records an audit event on the opinion and tells the submitter by SMS after commit.
Answers, assignments and ratings are the handling engine's (``casework.services``); these
functions call it for the opinion's case, inside the same transaction, so nothing is
half-done when the engine refuses. A refusal raises ``HandlingError`` (a ValidationError
with a Chinese message, maybe keyed by form field) or ``PermissionDenied``.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxin.accounts.actor import Actor
from lianxin.audit.recorder import record
from lianxin.casework import services as casework
from lianxin.casework.models import Case
from lianxin.notifications.sms import send_sms
from lianxin.opinions import uploads
from lianxin.opinions.models import Opinion
from lianxin.privacy.masking import PHONE
from lianxin.privacy.normalise import normalise
from lianxin.suggestions import services as suggestions

HANDLE = "opinions.handle_opinion"
ENTER = "opinions.enter_opinion"
CONVERT = "opinions.convert_opinion"
ASSIGN = "casework.assign_case"

# Channels through which staff and liaisons enter what they received in person or on paper.
ENTRY_CHANNELS = (
    Opinion.Channel.RECEPTION,
    Opinion.Channel.GRID,
    Opinion.Channel.PHONE,
    Opinion.Channel.LETTER,
)


class HandlingError(ValidationError):
    """A transition the opinion's state or the input does not allow."""


def _locked(opinion: Opinion) -> Opinion:
    return (
        Opinion.objects.select_for_update(of=("self",))
        .select_related("region", "station", "deputy", "case")
        .get(pk=opinion.pk)
    )


def _require(actor: Actor, permission: str, obj) -> None:
    if actor.user is None or not actor.user.has_perm(permission, obj):
        raise PermissionDenied


def _require_status(opinion: Opinion, *allowed: str, message: str) -> None:
    if opinion.status not in allowed:
        raise HandlingError(message)


def _registered_case(opinion: Opinion, message: str) -> Case:
    """The opinion's case while it still waits to be routed (accepted, nobody working on it)."""
    _require_status(opinion, Opinion.Status.ACCEPTED, message=_("只有已受理的意见才能分流办理。"))
    case = opinion.case
    if case is None or case.state != Case.State.REGISTERED:
        raise HandlingError(message)
    return case


def _tell_submitter(opinion: Opinion, text: str) -> None:
    """An SMS to the citizen after commit; robust: a gateway failure does not undo the decision."""
    if not opinion.submitter_phone:
        return
    phone = opinion.submitter_phone.reveal()
    transaction.on_commit(lambda: send_sms(phone, text), robust=True)


def _set_route(opinion: Opinion, route: str, actor: Actor, action: str, data: dict | None = None) -> None:
    before = opinion.route
    opinion.route = route
    opinion.save(update_fields=["route"])
    record(
        actor=actor,
        action=action,
        target=opinion,
        changes={"route": [str(Opinion.Route(before).label), str(opinion.get_route_display())]},
        data=data,
    )


# ---------------------------------------------------------------- entry


def enter_opinion(
    *,
    actor: Actor,
    channel: str,
    title: str,
    content: str,
    region,
    phone: str = "",
    name: str = "",
    category=None,
    place: str = "",
    hide_name: bool = True,
    deputy=None,
    station=None,
    attachments=(),
) -> Opinion:
    """登记: what a liaison received at a reception, a grid worker reported, or the office
    received by phone or letter (with a scan of the letter, say). A letter may come without a
    phone number. All or nothing: files already written are removed if the transaction fails."""
    if channel not in ENTRY_CHANNELS:
        raise HandlingError({"channel": _("请选择登记渠道。")})
    errors = {}
    phone = normalise(phone or "", PHONE)
    if not phone and channel != Opinion.Channel.LETTER:
        errors["phone"] = _("请填写群众的手机号（来信没有电话的可以不填）。")
    if channel == Opinion.Channel.RECEPTION and station is None:
        errors["station"] = _("接待登记须选择接待的联络站。")
    try:
        checked = uploads.check_all(attachments)
    except ValidationError as error:
        errors["attachments"] = error.messages
    if errors:
        raise HandlingError(errors)
    opinion = Opinion(
        channel=channel,
        title=title.strip(),
        content=content.strip(),
        region=region,
        category=category,
        place=place.strip(),
        submitter_name=name.strip(),
        submitter_phone=phone,
        hide_name=hide_name,
        deputy=deputy,
        station=station,
        entered_by=actor.user,
        submitted_at=timezone.now(),
    )
    _require(actor, ENTER, opinion)
    # Whoever enters an opinion must be able to find it again: a liaison enters for their own
    # station only, not for the township at large.
    if not actor.user.has_perm("opinions.view_opinion", opinion):
        raise HandlingError({"station": _("请选择您担任联络员的联络站。")})
    opinion.full_clean(validate_unique=False, validate_constraints=False)
    written: list[str] = []
    try:
        with transaction.atomic():
            opinion.save()
            uploads.store(opinion, checked, written)
            record(
                actor=actor,
                action="opinions.opinion.entered",
                target=opinion,
                data={
                    "channel": opinion.get_channel_display(),
                    "category": category.name if category else "",
                    "region": region.name,
                    "station": station.name if station else "",
                    "attachments": len(checked),
                },
            )
            _tell_submitter(
                opinion,
                _("您反映的意见已登记，查询码 %(code)s，请凭查询码查询办理进度和答复。")
                % {"code": opinion.tracking_code},
            )
    except BaseException:
        uploads.remove(written)
        raise
    return opinion


# ---------------------------------------------------------------- 受理


@transaction.atomic
def accept(*, actor: Actor, opinion: Opinion, category=None) -> Opinion:
    """受理: the opinion becomes a case in the handling engine, waiting to be routed."""
    opinion = _locked(opinion)
    _require(actor, HANDLE, opinion)
    _require_status(opinion, Opinion.Status.SUBMITTED, message=_("只有待受理的意见才能受理。"))
    opinion.case = casework.open_case(
        actor=actor, source="opinions", title=opinion.title, region=opinion.region
    )
    opinion.status = Opinion.Status.ACCEPTED
    opinion.decided_at = timezone.now()
    fields = ["case", "status", "decided_at"]
    if category is not None:
        opinion.category = category
        fields.append("category")
    opinion.save(update_fields=fields)
    record(
        actor=actor,
        action="opinions.opinion.accepted",
        target=opinion,
        data={"category": opinion.category.name if opinion.category_id else ""},
    )
    _tell_submitter(
        opinion,
        _("您的意见（查询码 %(code)s）已受理，我们将尽快办理并答复。") % {"code": opinion.tracking_code},
    )
    return opinion


@transaction.atomic
def refuse(*, actor: Actor, opinion: Opinion, reason: str) -> Opinion:
    """不予受理, with the reason the citizen reads on the tracking page."""
    opinion = _locked(opinion)
    _require(actor, HANDLE, opinion)
    _require_status(opinion, Opinion.Status.SUBMITTED, message=_("只有待受理的意见才能决定不予受理。"))
    reason = reason.strip()
    if not reason:
        raise HandlingError({"reason": _("请填写不予受理的理由，群众查询时会看到。")})
    opinion.status = Opinion.Status.REFUSED
    opinion.status_reason = reason
    opinion.decided_at = timezone.now()
    opinion.save(update_fields=["status", "status_reason", "decided_at"])
    record(actor=actor, action="opinions.opinion.refused", target=opinion, data={"reason": reason})
    _tell_submitter(
        opinion,
        _("您的意见（查询码 %(code)s）不予受理，理由可凭查询码查看。") % {"code": opinion.tracking_code},
    )
    return opinion


@transaction.atomic
def merge(*, actor: Actor, opinion: Opinion, into: Opinion) -> Opinion:
    """并案: a duplicate joins an accepted opinion; its submitter follows and rates that case."""
    if into.pk == opinion.pk:
        raise HandlingError({"into": _("不能并入意见本身。")})
    # Both rows, always in the order of their keys: two merges the other way round cannot deadlock.
    locked = {
        o.pk: o
        for o in Opinion.objects.select_for_update(of=("self",))
        .select_related("region", "station", "deputy", "case")
        .filter(pk__in=[opinion.pk, into.pk])
        .order_by("pk")
    }
    opinion, into = locked[opinion.pk], locked[into.pk]
    _require(actor, HANDLE, opinion)
    _require_status(opinion, Opinion.Status.SUBMITTED, message=_("只有待受理的意见才能并案。"))
    if actor.user is None or not actor.user.has_perm("opinions.view_opinion", into):
        raise HandlingError({"into": _("没有找到这个查询码对应的意见。")})
    if into.status != Opinion.Status.ACCEPTED or into.case is None:
        raise HandlingError({"into": _("只能并入已受理的意见。")})
    if into.case.state in Case.FINISHED:
        raise HandlingError({"into": _("该意见已办结或已转为代表建议，不能再并入，请单独受理。")})
    opinion.status = Opinion.Status.MERGED
    opinion.merged_into = into
    opinion.decided_at = timezone.now()
    opinion.save(update_fields=["status", "merged_into", "decided_at"])
    record(
        actor=actor,
        action="opinions.opinion.merged",
        target=opinion,
        data={"into": into.tracking_code, "into_title": into.title},
    )
    _tell_submitter(
        opinion,
        _("您的意见（查询码 %(code)s）与反映同一问题的意见合并办理，可凭原查询码查询进度并评价答复。")
        % {"code": opinion.tracking_code},
    )
    return opinion


# ---------------------------------------------------------------- routes after acceptance


@transaction.atomic
def answer_directly(*, actor: Actor, opinion: Opinion, text: str) -> Opinion:
    """The deputy the opinion was brought to (or the station's liaison, or staff) answers it
    without units; the engine checks who may (``casework_source.can_answer``)."""
    opinion = _locked(opinion)
    case = _registered_case(opinion, _("已交办或已答复的意见不能再直接答复。"))
    casework.answer(actor=actor, case=case, text=text)
    by_deputy = opinion.deputy is not None and opinion.deputy.user_id == actor.user.pk
    if by_deputy:
        _set_route(opinion, Opinion.Route.DEPUTY, actor, "opinions.opinion.answered_by_deputy")
    else:
        _set_route(opinion, Opinion.Route.ON_THE_SPOT, actor, "opinions.opinion.answered_on_the_spot")
    return opinion


@transaction.atomic
def assign_units(*, actor: Actor, opinion: Opinion, lead=None, co=(), separate=()) -> Opinion:
    """交办: to a lead unit with co-handlers, or to several units separately, in the staff's scope."""
    opinion = _locked(opinion)
    case = _registered_case(opinion, _("只有待交办的意见才能交办。"))
    _require(actor, ASSIGN, case)
    units = [u for u in [lead, *co, *separate] if u is not None]
    outside = [u.name for u in units if not actor.user.has_perm("units.view_unit", u)]
    if outside:
        raise HandlingError(_("不能交办给您管辖范围以外的单位：%(units)s。") % {"units": "、".join(outside)})
    try:
        made = casework.assign(actor=actor, case=case, lead=lead, co=co, separate=separate)
    except casework.CaseworkError as error:
        raise HandlingError(error.messages) from None
    _set_route(
        opinion,
        Opinion.Route.UNITS,
        actor,
        "opinions.opinion.assigned",
        {"units": [f"{a.unit.name}（{a.get_kind_display()}）" for a in made]},
    )
    return opinion


@transaction.atomic
def escalate(*, actor: Actor, opinion: Opinion, note: str = "") -> Opinion:
    """提交常委会: a liaison hands up what the station cannot settle; staff then assign it."""
    opinion = _locked(opinion)
    _require(actor, HANDLE, opinion)
    _registered_case(opinion, _("已交办或已答复的意见不能再提交常委会。"))
    if opinion.route == Opinion.Route.ESCALATED:
        raise HandlingError(_("这件意见已经提交常委会。"))
    _set_route(opinion, Opinion.Route.ESCALATED, actor, "opinions.opinion.escalated", {"note": note.strip()})
    return opinion


@transaction.atomic
def convert_to_suggestion(*, actor: Actor, opinion: Opinion, deputy, title: str = "", content: str = ""):
    """转为代表建议: a draft for the chosen deputy, linked both ways. The opinion's own case is
    withdrawn: the suggestion, once the deputy submits it, is handled as a suggestion."""
    opinion = _locked(opinion)
    _require(actor, CONVERT, opinion)
    case = _registered_case(opinion, _("已交办或已答复的意见不能再转为代表建议。"))
    if deputy is not None and not actor.user.has_perm("deputies.view_deputy", deputy):
        raise HandlingError({"deputy": _("请选择您管辖范围内的代表。")})
    suggestion = suggestions.create_draft_from_opinion(
        actor=actor, opinion=opinion, deputy=deputy, title=title, content=content
    )
    casework.withdraw(actor=actor, case=case, reason=_("转为代表建议"))
    _set_route(
        opinion,
        Opinion.Route.SUGGESTION,
        actor,
        "opinions.opinion.converted",
        {"deputy": deputy.name, "suggestion": suggestion.pk},
    )
    return suggestion
