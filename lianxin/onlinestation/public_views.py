"""The public side of 云接待: the schedule, a session's page with its public answers and the question form.

The question form works like 民意直通车's: the phone is proved by an SMS code (the same code
service and the same rate-limit groups, so two doors do not double what one number or one
address may ask for), a captcha guards the code request, a honeypot and a minimum fill time
guard the form, and an idempotency key makes a double click one question.
"""

import datetime

from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from lianxin.accounts.actor import Actor, client_ip
from lianxin.accounts.decorators import public
from lianxin.onlinestation import services
from lianxin.onlinestation.forms import QuestionForm, guard_initial
from lianxin.onlinestation.models import Question, Session
from lianxin.opinions import intake
from lianxin.opinions.public_forms import CodeRequestForm
from lianxin.privacy.fields import digest_for
from lianxin.privacy.masking import PHONE, mask
from lianxin.workbench.rendering import style_widgets

# The questions this browser asked: their private answers are shown here and nowhere else.
ASKED_KEY = "lianxin_online_asked"
RECENT = datetime.timedelta(days=90)


def _address(group, request) -> str:
    return client_ip(request) or "unknown"


def _over_limit(request, group: str, rate: str, key=_address) -> bool:
    return is_ratelimited(request, group=group, key=key, rate=rate, increment=True)


def _too_many(request):
    return render(
        request,
        "error.html",
        {
            "status": 429,
            "title": _("操作过于频繁"),
            "message": _("您的操作过于频繁，请稍后再试。如有急事，请直接联系当地代表联络站。"),
        },
        status=429,
    )


@public
def schedule(request):
    now = timezone.now()
    sessions = (
        Session.objects.filter(ends_at__gte=now - RECENT, station__is_active=True)
        .select_related("station__region")
        .prefetch_related("deputies")
        .order_by("starts_at")
    )
    current = [s for s in sessions if s.state(now) != Session.State.UPCOMING and s.ends_at > now]
    upcoming = [s for s in sessions if s.state(now) == Session.State.UPCOMING]
    past = [s for s in sessions if s.ends_at <= now][::-1]
    return render(
        request,
        "onlinestation/public/schedule.html",
        {"current": current, "upcoming": upcoming, "past": past},
    )


def _posted(request) -> dict:
    data = request.POST
    values = {
        name: data.get(name, "")
        for name in ("content", "name", "phone", "code", "started", "idempotency_key")
    }
    values["keep_private"] = "keep_private" in data
    values["consent"] = "consent" in data
    return values


def _page(request, session: Session, form=None, code_form=None, *, code_sent_to="", status=200):
    asked = set(request.session.get(ASKED_KEY, []))
    questions = session.questions.select_related("answered_by")
    public_answers = [q for q in questions if q.visibility == Question.Visibility.PUBLIC]
    mine = [q for q in questions if q.pk in asked]
    open_now = session.is_open()
    if open_now:
        form = form or QuestionForm(initial=guard_initial())
        code_form = code_form or CodeRequestForm()
        style_widgets(form)
        style_widgets(code_form)
    return render(
        request,
        "onlinestation/public/session.html",
        {
            "session": session,
            "open_now": open_now,
            "window_problem": services.window_problem(session, timezone.now()) if not open_now else "",
            "public_answers": public_answers,
            "mine": mine,
            "deputies": session.deputies.order_by("name"),
            "form": form,
            "code_form": code_form,
            "phone_field": (
                code_form["phone"] if code_form is not None and code_form.is_bound else form["phone"]
            )
            if form is not None
            else None,
            "code_sent_to": code_sent_to,
        },
        status=status,
    )


@public
def session_page(request, pk):
    session = get_object_or_404(
        Session.objects.select_related("station__region"), pk=pk, station__is_active=True
    )
    if request.method != "POST":
        return _page(request, session)
    if not session.is_open():
        # The page says why; nothing is taken outside the window.
        return _page(request, session, status=409)
    action = request.POST.get("action", "submit")
    if action == "send_code":
        return _send_code(request, session)
    if action == "refresh":
        form = QuestionForm(initial=_posted(request))
        code_form = CodeRequestForm(initial={"phone": request.POST.get("phone", "")})
        return _page(request, session, form, code_form)
    return _submit(request, session)


def _send_code(request, session: Session):
    code_form = CodeRequestForm(request.POST)
    form = QuestionForm(initial=_posted(request))
    # The same groups as 民意直通车's form: one number, one address, one budget of texts.
    if _over_limit(request, "opinions.sms-code.address", settings.LIANXIN_RATE_SMS_CODE_PER_ADDRESS):
        return _too_many(request)
    sent_to = ""
    if code_form.is_valid():
        phone = code_form.cleaned_data["phone"]
        if _over_limit(
            request,
            "opinions.sms-code.phone",
            settings.LIANXIN_RATE_SMS_CODE_PER_PHONE,
            key=lambda group, request: digest_for(phone, PHONE),
        ):
            return _too_many(request)
        actor = Actor.citizen(request, subject="", label=intake.citizen_label(phone))
        try:
            intake.send_code(actor=actor, phone=phone)
        except intake.IntakeError as error:
            code_form.add_error(None, error)
        else:
            sent_to = mask(phone, PHONE)
    return _page(request, session, form, code_form, code_sent_to=sent_to)


def _submit(request, session: Session):
    if _over_limit(request, "onlinestation.ask.address", settings.LIANXIN_RATE_OPINION_PER_ADDRESS):
        return _too_many(request)
    form = QuestionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        phone = data["phone"]
        if _over_limit(
            request,
            "onlinestation.ask.phone",
            settings.LIANXIN_RATE_OPINION_PER_PHONE,
            key=lambda group, request: digest_for(phone, PHONE),
        ):
            return _too_many(request)
        try:
            question = services.ask(
                actor=Actor.citizen(request, subject="", label=intake.citizen_label(phone)),
                session=session,
                content=data["content"],
                phone=phone,
                code=data["code"],
                name=data["name"],
                keep_private=data["keep_private"],
                idempotency_key=data["idempotency_key"],
            )
        except services.OnlineError as error:
            form.add_error(None, error)
        else:
            asked = request.session.get(ASKED_KEY, [])
            if question.pk not in asked:
                request.session[ASKED_KEY] = [*asked, question.pk][-50:]
            return redirect(session.get_public_url() + "#mine")
    code_form = CodeRequestForm(initial={"phone": request.POST.get("phone", "")})
    return _page(request, session, form, code_form)
