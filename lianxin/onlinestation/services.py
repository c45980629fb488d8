"""Every write of 云接待: scheduling a session, a citizen's question, an answer, closing a session.

Each function takes keyword-only arguments with the ``Actor`` first, locks what it changes,
checks state and actor, writes and records an audit event. Answers and the close both lock the
session first, so a late answer and the close never both win for one question.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxin.accounts.actor import SYSTEM_ROLE, Actor
from lianxin.audit.recorder import record
from lianxin.notifications.sms import send_sms
from lianxin.onlinestation import access
from lianxin.onlinestation.models import Question, Session
from lianxin.opinions import intake
from lianxin.opinions.deidentify import deidentify
from lianxin.privacy.fields import digest_for
from lianxin.privacy.masking import PHONE
from lianxin.privacy.normalise import normalise

ANSWER_MAX = 2000


class OnlineError(ValidationError):
    """Input or a state the session does not allow, with a Chinese message (maybe keyed by field)."""


def _require(actor: Actor, permission: str, obj) -> None:
    if actor.user is None or not actor.user.has_perm(permission, obj):
        raise PermissionDenied


def _when(moment) -> str:
    return f"{timezone.localtime(moment):%Y年%-m月%-d日 %H:%M}"


# ---------------------------------------------------------------- scheduling


@transaction.atomic
def session_create(
    *, actor: Actor, station, title: str, starts_at, ends_at, deputies, note: str = ""
) -> Session:
    session = Session(
        station=station,
        title=title.strip(),
        note=note.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        created_by=actor.user,
    )
    _require(actor, access.MANAGE, session)
    errors: dict[str, list[str]] = {}
    if ends_at <= starts_at:
        errors["ends_at"] = [_("结束时间应晚于开始时间。")]
    elif ends_at <= timezone.now():
        errors["ends_at"] = [_("结束时间已经过去，请重新选择。")]
    deputies = list(deputies)
    if not deputies:
        errors["deputies"] = [_("请至少安排一名值班代表。")]
    stationed = set(station.deputies.values_list("pk", flat=True))
    outsiders = [d.name for d in deputies if d.pk not in stationed]
    if outsiders:
        errors.setdefault("deputies", []).append(
            _("%(names)s 不是%(station)s的进站代表。")
            % {"names": "、".join(outsiders), "station": station.name}
        )
    if errors:
        raise OnlineError(errors)
    session.full_clean()
    session.save()
    session.deputies.set(deputies)
    record(
        actor=actor,
        action="onlinestation.session.created",
        target=session,
        data={
            "station": station.name,
            "starts_at": _when(starts_at),
            "ends_at": _when(ends_at),
            "deputies": [d.name for d in deputies],
        },
    )
    return session


# ---------------------------------------------------------------- the citizen's question


def window_problem(session: Session, now) -> str:
    state = session.state(now)
    if state == Session.State.UPCOMING:
        return _("本场云接待尚未开始，将于 %(when)s 开始，届时再来留言。") % {
            "when": _when(session.starts_at)
        }
    if state != Session.State.OPEN:
        return _("本场云接待已经结束，不再接受留言。您可以通过“民意直通车”反映意见。")
    return ""


def _earlier(idempotency_key, phone_digest: str) -> Question | None:
    earlier = Question.objects.filter(idempotency_key=idempotency_key).first()
    if earlier is not None and earlier.asker_phone_digest != phone_digest:
        raise OnlineError(_("提交未能完成，请刷新页面后重新填写。"))
    return earlier


def ask(
    *,
    actor: Actor,
    session: Session,
    content: str,
    phone: str,
    code: str,
    idempotency_key,
    name: str = "",
    keep_private: bool = False,
) -> Question:
    """留言: a citizen's question during the window, the phone proved by the SMS code.

    The same ``idempotency_key`` (one per rendered form) always gives the same question."""
    if not content.strip():
        raise OnlineError({"content": _("请填写您的问题。")})
    phone = normalise(phone, PHONE)
    phone_digest = digest_for(phone, PHONE)
    earlier = _earlier(idempotency_key, phone_digest)
    if earlier is not None:
        return earlier
    try:
        with transaction.atomic():
            session = (
                Session.objects.select_for_update(of=("self",))
                .select_related("station__region")
                .get(pk=session.pk)
            )
            now = timezone.now()
            problem = window_problem(session, now)
            if problem:
                raise OnlineError(problem)
            earlier = _earlier(idempotency_key, phone_digest)
            if earlier is not None:
                return earlier
            problem = intake.spend_code(phone=phone, code=code)
            if not problem:
                question = Question(
                    session=session,
                    content=content.strip(),
                    asker_name=name.strip(),
                    asker_phone=phone,
                    keep_private=keep_private,
                    consent_version=settings.LIANXIN_OPINION_NOTICE_VERSION,
                    asked_at=now,
                    idempotency_key=idempotency_key,
                )
                question.full_clean(validate_unique=False, validate_constraints=False)
                question.save()
                record(
                    actor=actor,
                    action="onlinestation.question.asked",
                    target=question,
                    data={"session": session.title, "keep_private": keep_private},
                )
                return question
        # A wrong guess is counted (committed above); nothing else was written.
        raise OnlineError({"code": problem})
    except IntegrityError:
        earlier = _earlier(idempotency_key, phone_digest)
        if earlier is None:
            raise
        return earlier


# ---------------------------------------------------------------- the deputy's answer


@transaction.atomic
def answer(*, actor: Actor, question: Question, text: str, visibility: str) -> Question:
    """答复: a deputy on duty answers, publicly (shown on the session page) or to the asker only."""
    session = Session.objects.select_for_update().get(pk=question.session_id)
    question = (
        Question.objects.select_for_update(of=("self",))
        .select_related("session__station__region")
        .get(pk=question.pk)
    )
    _require(actor, access.ANSWER, question)
    if question.opinion_id is not None or session.closed_at is not None:
        raise OnlineError(_("本场云接待已结束，这条留言已转入民意直通车办理，不能再在此答复。"))
    if question.is_answered():
        raise OnlineError(_("这条留言已经答复过了。"))
    text = text.strip()
    errors = {}
    if not text:
        errors["text"] = [_("请填写答复内容。")]
    elif len(text) > ANSWER_MAX:
        errors["text"] = [_("答复内容不能超过 %(n)d 字。") % {"n": ANSWER_MAX}]
    if visibility not in (Question.Visibility.PUBLIC, Question.Visibility.PRIVATE):
        errors["visibility"] = [_("请选择公开答复或私下答复。")]
    elif visibility == Question.Visibility.PUBLIC and question.keep_private:
        errors["visibility"] = [_("留言人希望不公开留言，只能私下答复。")]
    if errors:
        raise OnlineError(errors)
    deputy = session.deputies.get(user=actor.user)
    question.answer = text
    question.visibility = visibility
    question.answered_by = deputy
    question.answered_at = timezone.now()
    fields = ["answer", "visibility", "answered_by", "answered_at"]
    if visibility == Question.Visibility.PUBLIC:
        # The public sees the question only with phones, ID numbers, addresses and names masked.
        names = [question.asker_name] if question.asker_name else []
        question.public_content = deidentify(question.content, names=names).text
        fields.append("public_content")
    question.save(update_fields=fields)
    record(
        actor=actor,
        action="onlinestation.question.answered",
        target=question,
        data={"visibility": question.get_visibility_display(), "deputy": deputy.name},
    )
    phone = question.asker_phone.reveal()
    sms = _("您在“%(session)s”的留言，%(deputy)s代表已答复：%(text)s") % {
        "session": session.title,
        "deputy": deputy.name,
        "text": text,
    }
    transaction.on_commit(lambda: send_sms(phone, sms), robust=True)
    return question


# ---------------------------------------------------------------- closing the window


def closing_actor() -> Actor:
    return Actor(user=None, role=SYSTEM_ROLE, label=_("云接待到期转办"))


@transaction.atomic
def close_session(*, actor: Actor, session: Session) -> int:
    """Hand every unanswered question of an ended session to 民意直通车, exactly once.

    Returns how many opinions were registered; a session already closed gives 0."""
    session = (
        Session.objects.select_for_update(of=("self",)).select_related("station__region").get(pk=session.pk)
    )
    now = timezone.now()
    if session.closed_at is not None:
        return 0
    if session.ends_at > now:
        raise OnlineError(_("本场云接待尚未结束，不能转办。"))
    forwarded = 0
    unanswered = session.questions.select_for_update().filter(visibility="", opinion__isnull=True)
    for question in unanswered:
        opinion = intake.register_proved(
            actor=actor,
            title=_("云接待留言：%(text)s") % {"text": question.content.strip().splitlines()[0][:40]},
            content=question.content,
            region=session.station.region,
            phone=question.asker_phone.reveal(),
            name=question.asker_name,
            station=session.station,
            consented_at=question.asked_at,
        )
        question.opinion = opinion
        question.save(update_fields=["opinion"])
        forwarded += 1
    session.closed_at = now
    session.save(update_fields=["closed_at"])
    record(
        actor=actor,
        action="onlinestation.session.closed",
        target=session,
        changes={"closed_at": [None, _when(now)]},
        data={"forwarded": forwarded},
    )
    return forwarded


def close_ended_sessions(*, actor: Actor) -> tuple[int, int]:
    """Close every ended session not closed yet; each in its own transaction. (sessions, opinions)"""
    due = Session.objects.filter(closed_at__isnull=True, ends_at__lte=timezone.now()).values_list(
        "pk", flat=True
    )
    sessions = opinions = 0
    for pk in list(due):
        count = close_session(actor=actor, session=Session(pk=pk))
        sessions += 1
        opinions += count
    return sessions, opinions
