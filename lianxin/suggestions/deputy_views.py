"""The deputy's own screens, made for a phone: my suggestions and motions, what waits for me
(co-signing, rating, confirming promises), drafting, and the handling story of each item."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lianxin.accounts.actor import Actor
from lianxin.accounts.decorators import permission
from lianxin.backoffice.forms_views import attach_errors
from lianxin.casework import services as casework
from lianxin.casework.models import Case, Promise
from lianxin.suggestions import access, motions, outcomes, services, signing
from lianxin.suggestions.casework_source import CATEGORY_MEANINGS
from lianxin.suggestions.forms import (
    MotionForm,
    MotionWithdrawalForm,
    PromiseCheckForm,
    RatingForm,
    ReasonForm,
    SuggestionForm,
)
from lianxin.suggestions.models import Motion, Suggestion

ADD = services.ADD


def _deputy(request):
    deputy = signing.deputy_of(Actor.from_request(request))
    if deputy is None:
        raise Http404
    return deputy


def _mine(request, pk) -> Suggestion:
    suggestion = access.mine(request.user).select_related("deputy", "case", "region").filter(pk=pk).first()
    if suggestion is None:
        raise Http404
    return suggestion


def _my_motion(request, pk) -> Motion:
    motion = (
        Motion.objects.filter(signers__deputy__user=request.user, pk=pk)
        .select_related("deputy", "session", "congress__region")
        .first()
    )
    if motion is None:
        raise Http404
    return motion


@permission(ADD)
def workbench(request):
    deputy = _deputy(request)
    today = timezone.localdate()
    mine = access.mine(request.user).select_related("case", "deputy").order_by("-created_at")
    led = [s for s in mine if s.deputy_id == deputy.pk]
    to_sign = [
        s
        for s in mine.filter(status=Suggestion.Status.SIGNING)
        if s.signers.filter(
            deputy=deputy, is_lead=False, confirmed_at__isnull=True, declined_at__isnull=True
        ).exists()
    ]
    motions_to_sign = Motion.objects.filter(
        status=Motion.Status.SIGNING,
        signers__deputy=deputy,
        signers__is_lead=False,
        signers__confirmed_at__isnull=True,
        signers__declined_at__isnull=True,
    ).distinct()
    to_rate = [
        s for s in led if s.case_id and s.case.state == Case.State.REPLIED and not s.case.rating_lapsed(today)
    ]
    promises = Promise.objects.filter(
        case__suggestion__deputy=deputy, state=Promise.State.REPORTED
    ).select_related("case__suggestion")
    withdrawals = [
        s
        for s in mine.filter(withdrawal_requested_at__isnull=False).exclude(
            status=Suggestion.Status.WITHDRAWN
        )
        if s.signers.filter(deputy=deputy, withdrawal_consent_at__isnull=True).exists()
    ]
    context = {
        "title": _("我的议案建议"),
        "to_sign": to_sign,
        "motions_to_sign": motions_to_sign,
        "to_rate": to_rate,
        "promises": promises,
        "withdrawals": withdrawals,
        "drafts": [s for s in led if s.status in Suggestion.EDITABLE],
        "suggestions": [
            {"object": s, "outcome": outcomes.outcome_label(s)}
            for s in mine
            if s.status not in Suggestion.EDITABLE or s.deputy_id != deputy.pk
        ],
        "motions": Motion.objects.filter(signers__deputy=deputy).distinct().order_by("-created_at"),
        "today": today,
    }
    return render(request, "suggestions/mine/workbench.html", context)


def _form_page(request, form, title, cancel_url):
    return render(
        request,
        "suggestions/mine/form.html",
        {"form": form, "title": title, "cancel_url": cancel_url},
    )


@permission(ADD)
def new(request):
    deputy = _deputy(request)
    form = SuggestionForm(request.POST or None, deputy=deputy)
    if request.method == "POST" and form.is_valid():
        try:
            suggestion = services.create_draft(
                actor=Actor.from_request(request),
                region=form.cleaned_data["region"],
                values=form.values(),
                cosigners=form.cleaned_data["cosigners"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("草稿已保存。确认无误后请提交。"))
            return redirect("suggestions:mine_detail", suggestion.pk)
    return _form_page(request, form, _("提出建议"), reverse("suggestions:mine"))


@permission(ADD)
def edit(request, pk):
    deputy = _deputy(request)
    suggestion = _mine(request, pk)
    form = SuggestionForm(request.POST or None, deputy=deputy, suggestion=suggestion)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_draft(
                actor=Actor.from_request(request),
                suggestion=suggestion,
                values=form.values(),
                cosigners=form.cleaned_data["cosigners"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("已保存。"))
            return redirect("suggestions:mine_detail", suggestion.pk)
    return _form_page(request, form, _("修改建议"), reverse("suggestions:mine_detail", args=[pk]))


def _mine_detail(request, suggestion, bound=None):
    deputy = _deputy(request)
    bound = bound or {}
    today = timezone.localdate()
    signer = suggestion.signers.filter(deputy=deputy).first()
    is_lead = signer is not None and signer.is_lead
    case = suggestion.case
    can_rate = (
        is_lead and case is not None and case.state == Case.State.REPLIED and not case.rating_lapsed(today)
    )
    withdrawable = suggestion.status in services.WITHDRAWABLE and not (case and case.state in Case.FINISHED)
    context = {
        "object": suggestion,
        "title": suggestion.title,
        "signer": signer,
        "is_lead": is_lead,
        "signers": suggestion.signers.select_related("deputy"),
        "editable": is_lead and suggestion.status in Suggestion.EDITABLE,
        "answer_invitation": signer is not None
        and not signer.is_lead
        and suggestion.status == Suggestion.Status.SIGNING
        and not (signer.confirmed_at or signer.declined_at),
        "withdraw_form": bound.get("withdraw")
        or (
            ReasonForm(prefix="withdraw")
            if is_lead and withdrawable and not suggestion.withdrawal_requested_at
            else None
        ),
        "consent_withdrawal": signer is not None
        and suggestion.withdrawal_requested_at is not None
        and suggestion.status != Suggestion.Status.WITHDRAWN
        and signer.withdrawal_consent_at is None
        and signing.standing(suggestion).filter(pk=signer.pk).exists(),
        "rating_form": bound.get("rate") or (RatingForm(prefix="rate") if can_rate else None),
        "case": case,
        "assignments": case.assignments.select_related("unit").order_by("round", "kind") if case else [],
        "replies": case.replies.select_related("assignment__unit").prefetch_related("attachments", "promises")
        if case
        else [],
        "ratings": case.ratings.all() if case else [],
        "communications": case.communications.select_related("assignment__unit") if case else [],
        "promises": [
            {
                "object": p,
                "form": bound.get(f"promise-{p.pk}")
                or (
                    PromiseCheckForm(prefix=f"promise-{p.pk}")
                    if is_lead and p.state == Promise.State.REPORTED
                    else None
                ),
            }
            for p in (case.promises.order_by("due_date") if case else [])
        ],
        "meanings": CATEGORY_MEANINGS,
        "outcome": outcomes.outcome_label(suggestion),
        "today": today,
    }
    return render(request, "suggestions/mine/detail.html", context)


@permission(ADD)
def mine_detail(request, pk):
    return _mine_detail(request, _mine(request, pk))


def _post(request, suggestion, perform, done, name=None, form=None):
    """Run ``perform(actor, data)``; a refusal shows the page again with the message, unchanged."""
    if form is not None and not form.is_valid():
        messages.error(request, _("未能完成操作，请根据提示修改，未做任何更改。"))
        return _mine_detail(request, suggestion, {name: form})
    try:
        perform(Actor.from_request(request), form.cleaned_data if form is not None else {})
    except ValidationError as error:
        if form is None:
            messages.error(request, " ".join(error.messages))
            return redirect("suggestions:mine_detail", suggestion.pk)
        attach_errors(form, error)
        messages.error(request, _("未能完成操作，请根据提示修改，未做任何更改。"))
        return _mine_detail(request, suggestion, {name: form})
    messages.success(request, done)
    return redirect("suggestions:mine_detail", suggestion.pk)


@permission(ADD)
@require_POST
def submit(request, pk):
    suggestion = _mine(request, pk)
    return _post(
        request,
        suggestion,
        lambda actor, data: services.submit(actor=actor, suggestion=suggestion),
        _("已提交。有联名代表的，待全部确认后送常委会工作机构审核。"),
    )


@permission(ADD)
@require_POST
def cosign(request, pk):
    suggestion = _mine(request, pk)
    agree = request.POST.get("agree") == "1"
    return _post(
        request,
        suggestion,
        lambda actor, data: services.answer_invitation(actor=actor, suggestion=suggestion, agree=agree),
        _("已确认联名。") if agree else _("已谢绝联名。"),
    )


@permission(ADD)
@require_POST
def withdraw(request, pk):
    suggestion = _mine(request, pk)
    return _post(
        request,
        suggestion,
        lambda actor, data: services.request_withdrawal(
            actor=actor, suggestion=suggestion, reason=data["reason"]
        ),
        _("撤回申请已提出；有联名代表的，须全体同意后撤回。"),
        "withdraw",
        ReasonForm(request.POST, prefix="withdraw"),
    )


@permission(ADD)
@require_POST
def consent(request, pk):
    suggestion = _mine(request, pk)
    return _post(
        request,
        suggestion,
        lambda actor, data: services.consent_withdrawal(actor=actor, suggestion=suggestion),
        _("您已同意撤回。"),
    )


@permission(ADD)
@require_POST
def rate(request, pk):
    suggestion = _mine(request, pk)
    if suggestion.case is None:
        messages.error(request, _("这件建议尚未办理，还不能评价。"))
        return redirect("suggestions:mine_detail", suggestion.pk)
    return _post(
        request,
        suggestion,
        lambda actor, data: casework.rate(
            actor=actor,
            case=suggestion.case,
            value=data["value"],
            attitude=data["attitude"],
            comment=data["comment"],
        ),
        _("评价已提交，谢谢。"),
        "rate",
        RatingForm(request.POST, prefix="rate"),
    )


@permission(ADD)
@require_POST
def check_promise(request, pk, promise_pk):
    suggestion = _mine(request, pk)
    promise = (
        Promise.objects.filter(case=suggestion.case, pk=promise_pk).first() if suggestion.case_id else None
    )
    if promise is None:
        raise Http404
    name = f"promise-{promise.pk}"
    return _post(
        request,
        suggestion,
        lambda actor, data: casework.confirm_promise(
            actor=actor, promise=promise, done=data["done"], comment=data["comment"]
        ),
        _("已反馈承诺事项的落实情况。"),
        name,
        PromiseCheckForm(request.POST, prefix=name),
    )


# ---------------------------------------------------------------- motions


@permission(ADD)
def motion_new(request):
    deputy = _deputy(request)
    form = MotionForm(request.POST or None, deputy=deputy)
    if request.method == "POST" and form.is_valid():
        try:
            motion = motions.create_draft(
                actor=Actor.from_request(request),
                region=form.cleaned_data["region"],
                values=form.values(),
                cosigners=form.cleaned_data["cosigners"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("议案草稿已保存。"))
            return redirect("suggestions:mine_motion", motion.pk)
    return _form_page(request, form, _("提出议案"), reverse("suggestions:mine"))


@permission(ADD)
def motion_edit(request, pk):
    deputy = _deputy(request)
    motion = _my_motion(request, pk)
    form = MotionForm(request.POST or None, deputy=deputy, motion=motion)
    if request.method == "POST" and form.is_valid():
        try:
            motions.update_draft(
                actor=Actor.from_request(request),
                motion=motion,
                values=form.values(),
                cosigners=form.cleaned_data["cosigners"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("已保存。"))
            return redirect("suggestions:mine_motion", motion.pk)
    return _form_page(request, form, _("修改议案"), reverse("suggestions:mine_motion", args=[pk]))


@permission(ADD)
def mine_motion(request, pk):
    deputy = _deputy(request)
    motion = _my_motion(request, pk)
    signer = motion.signers.filter(deputy=deputy).first()
    context = {
        "object": motion,
        "title": motion.title,
        "signer": signer,
        "signers": motion.signers.select_related("deputy"),
        "editable": signer.is_lead and motion.status in Motion.EDITABLE,
        "answer_invitation": not signer.is_lead
        and motion.status == Motion.Status.SIGNING
        and not (signer.confirmed_at or signer.declined_at),
        "converted": Suggestion.objects.filter(source_motion=motion).first(),
        "withdrawable": signer.is_lead
        and motion.status in motions.WITHDRAWABLE
        and motion.withdrawal_requested_at is None,
        "withdrawal_form": MotionWithdrawalForm(),
        "unsignable": not signer.is_lead
        and signer.confirmed_at is not None
        and motion.status in (Motion.Status.SIGNING, Motion.Status.SUBMITTED),
        "reconsideration": motions.reconsideration_support(motion),
        "reconsideration_problem": motions.reconsideration_problem(motion, signer, timezone.now())
        if motion.status in Motion.RECONSIDERABLE
        else None,
    }
    return render(request, "suggestions/mine/motion.html", context)


def _motion_post(request, motion, perform, done):
    try:
        perform(Actor.from_request(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("suggestions:mine_motion", motion.pk)


@permission(ADD)
@require_POST
def motion_submit(request, pk):
    motion = _my_motion(request, pk)
    return _motion_post(
        request,
        motion,
        lambda actor: motions.submit(actor=actor, motion=motion),
        _("已提交，待附议代表全部确认后送主席团。"),
    )


@permission(ADD)
@require_POST
def motion_cosign(request, pk):
    motion = _my_motion(request, pk)
    agree = request.POST.get("agree") == "1"
    return _motion_post(
        request,
        motion,
        lambda actor: motions.answer_invitation(actor=actor, motion=motion, agree=agree),
        _("已确认附议。") if agree else _("已谢绝附议。"),
    )


@permission(ADD)
@require_POST
def motion_withdraw(request, pk):
    """M5: the lead withdraws; once on the agenda this waits for the presidium's consent."""
    motion = _my_motion(request, pk)
    form = MotionWithdrawalForm(request.POST)
    reason = form.data.get("reason", "")
    return _motion_post(
        request,
        motion,
        lambda actor: motions.withdraw(actor=actor, motion=motion, reason=reason),
        _("已提出撤回。"),
    )


@permission(ADD)
@require_POST
def motion_unsign(request, pk):
    motion = _my_motion(request, pk)
    return _motion_post(
        request,
        motion,
        lambda actor: motions.withdraw_signature(actor=actor, motion=motion),
        _("已撤回附议。"),
    )


@permission(ADD)
@require_POST
def motion_reconsider(request, pk):
    """M6: a proposer asks in writing for the presidium to reconsider its decision."""
    motion = _my_motion(request, pk)
    return _motion_post(
        request,
        motion,
        lambda actor: motions.request_reconsideration(actor=actor, motion=motion),
        _("已书面要求复议。"),
    )
