"""Staff screens for publication (S17, M8): the review page of a suggestion with its reply, and of
a motion's 审议结果报告 / 办理情况报告 — the original beside the de-identified draft, a form to
edit and publish, and withdrawal with a reason."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lianxin.accounts.actor import Actor
from lianxin.accounts.decorators import permission
from lianxin.backoffice.forms_views import attach_errors
from lianxin.casework.forms import DateInput
from lianxin.suggestions import access, motion_reports, publication
from lianxin.suggestions.models import MotionReport, Publication
from lianxin.workbench.rendering import style_widgets

CONFIRM_LABEL = gettext_lazy("我已逐一核实上述词语，公开内容不涉及国家秘密、商业秘密和个人隐私")


class PublishForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("公开标题"), max_length=publication.TITLE_MAX)
    content = forms.CharField(label=gettext_lazy("公开内容"), widget=forms.Textarea(attrs={"rows": 8}))
    reply = forms.CharField(label=gettext_lazy("公开答复"), widget=forms.Textarea(attrs={"rows": 8}))
    confirm_secrets = forms.BooleanField(label=CONFIRM_LABEL, required=False)


class ReportPublishForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("公开文本"), widget=forms.Textarea(attrs={"rows": 10}))
    confirm_secrets = forms.BooleanField(label=CONFIRM_LABEL, required=False)


class ReportForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("报告内容"), widget=forms.Textarea(attrs={"rows": 10}))
    reported_on = forms.DateField(label=gettext_lazy("报告日期"), widget=DateInput())


class RejectionForm(forms.Form):
    rejected_on = forms.DateField(label=gettext_lazy("常委会审议日期"), widget=DateInput())
    note = forms.CharField(label=gettext_lazy("常委会审议意见"), widget=forms.Textarea(attrs={"rows": 3}))


class UnpublishForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("撤下理由"), widget=forms.Textarea(attrs={"rows": 3}))


def _styled(form):
    if form is not None:
        style_widgets(form)
    return form


# ---------------------------------------------------------------- suggestions


@permission(publication.PUBLISH)
def publish(request, pk: int):
    suggestion = access.suggestion_for(request.user, pk, action=publication.PUBLISH)
    current = Publication.objects.filter(suggestion=suggestion).first()
    published = current is not None and current.published_at is not None
    problem = "" if published else publication.state_problem(suggestion)
    draft = publication.prepare(suggestion) if not problem or published else None
    form = None
    if not published and not problem:
        initial = {"title": draft.title.text, "content": draft.content.text, "reply": draft.reply.text}
        form = PublishForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                publication.publish(
                    actor=Actor.from_request(request), suggestion=suggestion, **form.cleaned_data
                )
            except publication.PublicationError as error:
                attach_errors(form, error)
            else:
                messages.success(request, _("已公开，公众可在“代表建议公开”中查看。"))
                return redirect("suggestions:publish", pk=suggestion.pk)
        if request.method == "POST":
            messages.error(request, _("未能公开，请根据提示修改，未做任何更改。"))
    elif request.method == "POST":
        messages.error(request, problem or _("该建议已公开；如需修改，请先撤下再重新公开。"))
    return render(
        request,
        "suggestions/publication/office_publish.html",
        {
            "object": suggestion,
            "publication": current,
            "published": published,
            "draft": draft,
            "replies": publication.final_replies(suggestion),
            "problem": problem,
            "form": _styled(form),
            "unpublish_form": _styled(UnpublishForm()) if published else None,
        },
    )


@require_POST
@permission(publication.PUBLISH)
def unpublish(request, pk: int):
    suggestion = access.suggestion_for(request.user, pk, action=publication.PUBLISH)
    form = UnpublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请写明撤下的理由。"))
        return redirect("suggestions:publish", pk=suggestion.pk)
    try:
        publication.unpublish(
            actor=Actor.from_request(request), suggestion=suggestion, reason=form.cleaned_data["reason"]
        )
    except publication.PublicationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已撤下。"))
    return redirect("suggestions:publish", pk=suggestion.pk)


# ---------------------------------------------------------------- motions' reports (M8)


def _kind(kind: str) -> str:
    if kind not in MotionReport.Kind.values:
        raise Http404
    return kind


def _report_page(request, motion, kind, *, report_form=None, publish_form=None, rejection_form=None):
    reports = {r.kind: r for r in MotionReport.objects.filter(motion=motion)}
    report = reports.get(kind)
    user = request.user
    may_publish = user.has_perm(publication.PUBLISH, motion)
    draft = words = None
    if report is not None and report.published_at is None:
        draft, words = motion_reports.prepare(report)
        if may_publish and publish_form is None:
            publish_form = ReportPublishForm(initial={"text": draft.text})
    if report is None or report.published_at is None:
        if report_form is None:
            initial = {"text": report.text, "reported_on": report.reported_on} if report else None
            report_form = ReportForm(initial=initial)
    else:
        report_form = None
    return render(
        request,
        "suggestions/publication/office_motion_report.html",
        {
            "object": motion,
            "kind": kind,
            "kind_label": MotionReport.Kind(kind).label,
            "report": report,
            "listed": motion.status in motion.REPORTED,
            "due_on": motion_reports.due_on(motion, kind, reports),
            "outstanding": motion_reports.outstanding(motion, kind, reports),
            "today": timezone.localdate(),
            "rejection_form": _styled(rejection_form or RejectionForm())
            if kind == MotionReport.Kind.HANDLING and report is not None
            else None,
            "draft": draft,
            "words": words,
            "report_form": _styled(report_form),
            "publish_form": _styled(publish_form if may_publish else None),
            "unpublish_form": _styled(UnpublishForm())
            if report is not None and report.published_at and may_publish
            else None,
        },
    )


@permission(motion_reports.REPORT)
def motion_report(request, pk: int, kind: str):
    motion = access.motion_for(request.user, pk, action=motion_reports.REPORT)
    kind = _kind(kind)
    if request.method != "POST":
        return _report_page(request, motion, kind)
    form = ReportForm(request.POST)
    if form.is_valid():
        try:
            motion_reports.enter(
                actor=Actor.from_request(request), motion=motion, kind=kind, **form.cleaned_data
            )
        except publication.PublicationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("报告已登记，请核对后公开。"))
            return redirect("suggestions:motion_report", pk=motion.pk, kind=kind)
    messages.error(request, _("未能完成操作，请根据提示修改，未做任何更改。"))
    return _report_page(request, motion, kind, report_form=form)


@require_POST
@permission(publication.PUBLISH)
def motion_report_publish(request, pk: int, kind: str):
    motion = access.motion_for(request.user, pk, action=publication.PUBLISH)
    kind = _kind(kind)
    form = ReportPublishForm(request.POST)
    if form.is_valid():
        try:
            motion_reports.publish(
                actor=Actor.from_request(request), motion=motion, kind=kind, **form.cleaned_data
            )
        except publication.PublicationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("报告已公开。"))
            return redirect("suggestions:motion_report", pk=motion.pk, kind=kind)
    messages.error(request, _("未能公开，请根据提示修改，未做任何更改。"))
    return _report_page(request, motion, kind, publish_form=form)


@require_POST
@permission(publication.PUBLISH)
def motion_report_unpublish(request, pk: int, kind: str):
    motion = access.motion_for(request.user, pk, action=publication.PUBLISH)
    kind = _kind(kind)
    form = UnpublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请写明撤下的理由。"))
    else:
        try:
            motion_reports.unpublish(
                actor=Actor.from_request(request),
                motion=motion,
                kind=kind,
                reason=form.cleaned_data["reason"],
            )
        except publication.PublicationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("报告已撤下。"))
    return redirect("suggestions:motion_report", pk=motion.pk, kind=kind)


@require_POST
@permission(motion_reports.REPORT)
def motion_report_reject(request, pk: int):
    """M7: the standing committee did not agree with the 办理情况报告."""
    motion = access.motion_for(request.user, pk, action=motion_reports.REPORT)
    form = RejectionForm(request.POST)
    if form.is_valid():
        try:
            motion_reports.reject_handling(
                actor=Actor.from_request(request), motion=motion, **form.cleaned_data
            )
        except publication.PublicationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("已登记常委会不同意，须在一个月内再次报告。"))
            return redirect("suggestions:motion_report", pk=motion.pk, kind=MotionReport.Kind.HANDLING)
    messages.error(request, _("未能完成操作，请根据提示修改，未做任何更改。"))
    return _report_page(request, motion, MotionReport.Kind.HANDLING, rejection_form=form)
