"""The public side of 民意直通车: the opinion form (also bound to a deputy or a station),
the processing notice, the tracking page and the citizen's rating. No account is needed.

The form works without JavaScript: "获取验证码", "换一张" and "列出村（社区）" are ordinary
submit buttons that post the form back (with ``action``) and get it re-rendered with what was
typed; with htmx the same buttons swap just their part of the page.
"""

from dataclasses import dataclass

from captcha import views as captcha_views
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.core import is_ratelimited

from lianxin.accounts.actor import Actor, client_ip
from lianxin.accounts.decorators import public
from lianxin.casework import services as casework
from lianxin.deputies.models import Deputy
from lianxin.opinions import intake, tracking
from lianxin.opinions.models import Opinion
from lianxin.opinions.public_forms import (
    CodeRequestForm,
    OpinionForm,
    RatingForm,
    TrackForm,
    guard_initial,
)
from lianxin.privacy.fields import digest_for
from lianxin.privacy.masking import PHONE, mask
from lianxin.regions.models import Region
from lianxin.stations.models import Station
from lianxin.workbench.rendering import style_widgets

FORM_TEMPLATE = "opinions/public/form.html"
STATUS_TEMPLATE = "opinions/public/status.html"
# The session remembers which opinion this browser just submitted and which one it follows.
SUBMITTED_KEY = "lianxin_opinion_submitted"
TRACKED_KEY = "lianxin_opinion_tracked"


@dataclass(frozen=True)
class Binding:
    """Where the form was opened: the general form, a deputy's QR code or a station's."""

    channel: str
    deputy: Deputy | None = None
    station: Station | None = None

    def initial(self) -> dict:
        # The place defaults to where the deputy (or else the station) is; the citizen may change it.
        home = self.deputy.region if self.deputy else self.station.region if self.station else None
        if home is None:
            return {}
        if home.level == Region.Level.VILLAGE and home.parent is not None:
            return {"township": home.parent.code, "village": home.code}
        if home.level == Region.Level.TOWNSHIP:
            return {"township": home.code}
        return {}


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


def _posted(request) -> dict:
    """What the citizen typed, to show it again without judging it yet."""
    data = request.POST
    values = {name: data.get(name, "") for name in OpinionForm.base_fields if name not in {"attachments"}}
    # An unticked box is simply absent from the post.
    values["hide_name"] = "hide_name" in data
    values["consent"] = "consent" in data
    return values


def _render_form(request, binding: Binding, form, code_form, *, code_sent_to="", partial=""):
    style_widgets(form)
    style_widgets(code_form)
    using_code_form = code_form.is_bound
    context = {
        "binding": binding,
        "form": form,
        "code_form": code_form,
        # The phone field shows the code request's errors after "获取验证码", else the form's.
        "phone_field": code_form["phone"] if using_code_form else form["phone"],
        "code_sent_to": code_sent_to,
        "notice_url": reverse("opinions_public:notice"),
    }
    template = f"{FORM_TEMPLATE}#{partial}" if partial else FORM_TEMPLATE
    return render(request, template, context)


def _form_page(request, binding: Binding):
    if request.method != "POST":
        form = OpinionForm(initial={**binding.initial(), **guard_initial(), "hide_name": True})
        return _render_form(request, binding, form, CodeRequestForm())
    action = request.POST.get("action", "submit")
    if action == "send_code":
        return _send_code(request, binding)
    if action == "refresh":
        # 换一张 / 列出村（社区）: show the form again, as typed, with a new captcha.
        form = OpinionForm(initial=_posted(request))
        code_form = CodeRequestForm(initial={"phone": request.POST.get("phone", "")})
        return _render_form(request, binding, form, code_form, partial="code-step" if request.htmx else "")
    return _submit(request, binding)


def _send_code(request, binding: Binding):
    code_form = CodeRequestForm(request.POST)
    form = OpinionForm(initial=_posted(request))
    partial = "code-step" if request.htmx else ""
    if _over_limit(request, "opinions.sms-code.address", settings.LIANXIN_RATE_SMS_CODE_PER_ADDRESS):
        return _code_refused(request, binding, form, code_form, partial)
    sent_to = ""
    if code_form.is_valid():
        phone = code_form.cleaned_data["phone"]
        if _over_limit(
            request,
            "opinions.sms-code.phone",
            settings.LIANXIN_RATE_SMS_CODE_PER_PHONE,
            key=lambda group, request: digest_for(phone, PHONE),
        ):
            return _code_refused(request, binding, form, code_form, partial)
        actor = Actor.citizen(request, subject="", label=intake.citizen_label(phone))
        try:
            intake.send_code(actor=actor, phone=phone)
        except intake.IntakeError as error:
            code_form.add_error(None, error)
        else:
            sent_to = mask(phone, PHONE)
    return _render_form(request, binding, form, code_form, code_sent_to=sent_to, partial=partial)


def _code_refused(request, binding, form, code_form, partial):
    if not partial:
        return _too_many(request)
    # htmx swaps only successful responses: the refusal is said where the code would have been.
    code_form.is_valid()
    code_form.add_error("phone", _("获取验证码过于频繁，请稍后再试。"))
    return _render_form(request, binding, form, code_form, partial=partial)


def _submit(request, binding: Binding):
    if _over_limit(request, "opinions.submit.address", settings.LIANXIN_RATE_OPINION_PER_ADDRESS):
        return _too_many(request)
    form = OpinionForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        phone = data["phone"]
        if _over_limit(
            request,
            "opinions.submit.phone",
            settings.LIANXIN_RATE_OPINION_PER_PHONE,
            key=lambda group, request: digest_for(phone, PHONE),
        ):
            return _too_many(request)
        try:
            opinion = intake.submit_opinion(
                actor=Actor.citizen(request, subject="", label=intake.citizen_label(phone)),
                channel=binding.channel,
                title=data["title"],
                content=data["content"],
                category=data["category"],
                region=data["region"],
                place=data["place"],
                name=data["name"],
                phone=phone,
                code=data["code"],
                hide_name=data["hide_name"],
                idempotency_key=data["idempotency_key"],
                attachments=[upload for upload, _kind in data["attachments"]],
                deputy=binding.deputy,
                station=binding.station,
                tracking_url=request.build_absolute_uri(reverse("opinions_public:track")),
            )
        except intake.IntakeError as error:
            form.add_error(None, error)
        else:
            request.session[SUBMITTED_KEY] = opinion.pk
            # The submitter has just proved the phone: they follow the case without typing the code.
            request.session[TRACKED_KEY] = opinion.pk
            return redirect("opinions_public:done")
    code_form = CodeRequestForm(initial={"phone": request.POST.get("phone", "")})
    return _render_form(request, binding, form, code_form)


@public
def opinion_form(request):
    return _form_page(request, Binding(channel=Opinion.Channel.WEB))


@public
def deputy_form(request, code):
    # A former deputy's poster must not keep collecting opinions in their name.
    deputy = get_object_or_404(Deputy.objects.serving().select_related("region__parent"), public_code=code)
    station = deputy.stations.filter(is_active=True).select_related("region__parent").first()
    return _form_page(request, Binding(channel=Opinion.Channel.DEPUTY_CODE, deputy=deputy, station=station))


@public
def station_form(request, code):
    station = get_object_or_404(
        Station.objects.select_related("region__parent"), public_code=code, is_active=True
    )
    return _form_page(request, Binding(channel=Opinion.Channel.STATION_CODE, station=station))


@public
def villages(request):
    """The village select for the chosen township (htmx swaps it in when the township changes)."""
    form = OpinionForm(initial={"township": request.GET.get("township", "")})
    style_widgets(form)
    return render(request, f"{FORM_TEMPLATE}#village", {"form": form})


@public
def captcha_image(request, key):
    return captcha_views.captcha_image(request, key, scale=1)


@public
def notice(request):
    return render(
        request,
        "opinions/public/notice.html",
        {
            "version": settings.LIANXIN_OPINION_NOTICE_VERSION,
            "retention_years": settings.LIANXIN_OPINION_RETENTION_YEARS,
        },
    )


@public
def done(request):
    pk = request.session.get(SUBMITTED_KEY)
    opinion = Opinion.objects.filter(pk=pk).first() if pk else None
    if opinion is None:
        return redirect("opinions_public:form")
    return render(request, "opinions/public/done.html", {"opinion": opinion})


@public
def track(request):
    form = TrackForm()
    if request.method == "POST":
        if request.POST.get("action") == "end":
            request.session.pop(TRACKED_KEY, None)
            messages.info(request, _("已结束查询。"))
            return redirect("opinions_public:track")
        if _over_limit(request, "opinions.track.address", settings.LIANXIN_RATE_TRACKING_PER_ADDRESS):
            return _too_many(request)
        form = TrackForm(request.POST)
        if form.is_valid():
            code = form.cleaned_data["code"]
            pk = Opinion.objects.filter(tracking_code=code).values_list("pk", flat=True).first()
            if pk is not None:
                request.session[TRACKED_KEY] = pk
                return redirect("opinions_public:track_status")
            # One message for every miss: nothing tells a guesser how close they came.
            form.add_error("code", _("没有找到这个查询码，请核对后重新输入。"))
    style_widgets(form)
    return render(request, "opinions/public/track.html", {"form": form})


def _tracked(request) -> Opinion | None:
    pk = request.session.get(TRACKED_KEY)
    if not pk:
        return None
    return Opinion.objects.select_related("case", "region").filter(pk=pk).first()


def _render_status(request, opinion: Opinion, rating_form=None):
    progress = tracking.progress_of(opinion)
    can_rate = progress.can_rate()
    if rating_form is None and can_rate:
        rating_form = RatingForm(opinion=opinion, case=progress.case)
    if rating_form is not None:
        style_widgets(rating_form)
    return render(
        request,
        STATUS_TEMPLATE,
        {
            "progress": progress,
            "opinion": opinion,
            "merged_into": tracking.masked_code(progress.followed.tracking_code)
            if progress.followed.pk != opinion.pk
            else "",
            "can_rate": can_rate,
            "rating_form": rating_form,
        },
    )


@public
def track_status(request):
    opinion = _tracked(request)
    if opinion is None:
        return redirect("opinions_public:track")
    return _render_status(request, opinion)


@public
@require_POST
def track_rate(request):
    opinion = _tracked(request)
    if opinion is None:
        return redirect("opinions_public:track")
    case = tracking.progress_of(opinion).case
    if case is None:
        messages.error(request, _("这件意见还没有答复，暂时不能评价。"))
        return redirect("opinions_public:track_status")
    form = RatingForm(request.POST, opinion=opinion, case=case)
    if form.is_valid():
        actor = Actor.citizen(
            request,
            subject=opinion.rater_label(),
            label=_("群众（查询码 %(code)s）") % {"code": tracking.masked_code(opinion.tracking_code)},
        )
        try:
            casework.rate(
                actor=actor, case=case, value=form.cleaned_data["value"], comment=form.cleaned_data["comment"]
            )
        except casework.CaseworkError as error:
            form.add_error(None, error)
        except PermissionDenied:
            form.add_error(None, _("您不能评价这件事项。"))
        else:
            messages.success(request, _("感谢您的评价，已记录。"))
            return redirect("opinions_public:track_status")
    return _render_status(request, opinion, rating_form=form)
