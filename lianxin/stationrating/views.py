"""Office screens of 星级评定: templates, rounds, applications, scoring, combination, publication."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lianxin.accounts.actor import Actor
from lianxin.accounts.decorators import permission
from lianxin.audit.presentation import timeline_entries
from lianxin.backoffice.details import RecordDetailView
from lianxin.backoffice.forms_views import RecordFormView, attach_errors
from lianxin.backoffice.lists import Column, ScopedListView
from lianxin.stationrating import access, grades, services
from lianxin.stationrating.forms import ApplicationForm, RoundForm, ScoreForm, TemplateForm
from lianxin.stationrating.models import Application, Round, ScoreSheet, Template

# ---------------------------------------------------------------- templates


class TemplateListView(ScopedListView):
    model = Template
    view_permission = access.VIEW_TEMPLATE
    title = gettext_lazy("评定标准")
    columns = [
        Column(gettext_lazy("名称"), "name"),
        Column(gettext_lazy("适用区域"), "region.name"),
        Column(gettext_lazy("总分"), "total_points"),
        Column(gettext_lazy("评定项目"), lambda t: len(t.dimensions.all())),
        Column(gettext_lazy("评定等级"), lambda t: "、".join(g.name for g in t.grades.all())),
    ]
    search_fields = ["name"]
    select_related = ("region",)
    prefetch_related = ("dimensions", "grades")
    detail_url_name = "stationrating:template_detail"
    create_url_name = "stationrating:template_create"
    create_permission = access.MANAGE_TEMPLATE


class TemplateDetailView(RecordDetailView):
    view_permission = access.VIEW_TEMPLATE
    change_permission = access.MANAGE_TEMPLATE
    template_name = "stationrating/template_detail.html"
    list_url_name = "stationrating:templates"
    list_title = gettext_lazy("评定标准")
    edit_url_name = "stationrating:template_edit"

    def get_object(self, pk):
        return access.template_for(self.request.user, pk)

    def facts(self, template):
        return [
            (_("适用区域"), template.region.full_name()),
            (_("总分"), template.total_points),
            (_("说明"), template.description),
            (_("使用情况"), _("已被评定轮次使用，不能修改") if template.in_use() else _("尚未使用")),
        ]

    def extra_context(self, template):
        return {"dimensions": template.dimensions.all(), "grades": template.grades.all()}


class TemplateCreateView(RecordFormView):
    permission_name = access.MANAGE_TEMPLATE
    form_class = TemplateForm
    title = gettext_lazy("新增评定标准")

    def save(self, form, actor, obj):
        data = form.cleaned_data
        return services.template_create(
            actor=actor,
            name=data["name"],
            region=data["region"],
            total_points=data["total_points"],
            description=data["description"],
            dimensions=data["dimensions"],
            grades=data["grades"],
        )


class TemplateEditView(RecordFormView):
    permission_name = access.MANAGE_TEMPLATE
    form_class = TemplateForm

    def get_object(self):
        return access.template_for(self.request.user, self.kwargs["pk"], action=access.MANAGE_TEMPLATE)

    def get_title(self, obj):
        return _("修改评定标准：%(name)s") % {"name": obj.name}

    def save(self, form, actor, obj):
        data = form.cleaned_data
        return services.template_update(
            actor=actor,
            template=obj,
            name=data["name"],
            total_points=data["total_points"],
            description=data["description"],
            dimensions=data["dimensions"],
            grades=data["grades"],
        )


# ---------------------------------------------------------------- rounds


@permission(access.VIEW_ROUND)
def round_list(request):
    rounds = access.rounds_visible_to(request.user).order_by("-created_at", "-pk")
    user = request.user
    return render(
        request,
        "stationrating/round_list.html",
        {
            "rounds": rounds,
            "can_manage": user.has_perm(access.MANAGE_ROUND),
            "can_view_templates": user.has_perm(access.VIEW_TEMPLATE),
        },
    )


class RoundCreateView(RecordFormView):
    permission_name = access.MANAGE_ROUND
    form_class = RoundForm
    title = gettext_lazy("发起星级评定")

    def save(self, form, actor, obj):
        data = form.cleaned_data
        return services.round_create(
            actor=actor,
            name=data["name"],
            template=data["template"],
            region=data["region"],
            apply_until=data["apply_until"],
            valid_until=data["valid_until"],
            assessors=data["assessors"],
            min_assessors=data["min_assessors"],
        )


def _open_stations(user, round_: Round):
    """The user's stations inside the round that have not applied yet."""
    return (
        access.kept_stations(user)
        .filter(region__path__startswith=round_.region.path)
        .exclude(rating_applications__round=round_)
    )


@permission(access.VIEW_ROUND)
def round_detail(request, pk):
    round_ = access.round_for(request.user, pk)
    user = request.user
    applications = (
        Application.objects.filter(round=round_)
        .select_related("station__region", "grade")
        .prefetch_related("sheets", "self_scores", "station__liaisons")
    )
    manager = user.has_perm(access.MANAGE_ROUND, round_)
    rows = []
    for application in applications:
        application.round = round_  # one round object, so its assessors are read once
        may_view = user.has_perm(access.VIEW_APPLICATION, application)
        if not (may_view or round_.status == Round.Status.PUBLISHED):
            continue
        rows.append(
            {
                "application": application,
                "may_view": may_view,
                "sheets": len(application.sheets.all()),
                "scored_by_me": any(sheet.assessor_id == user.pk for sheet in application.sheets.all()),
                "may_score": round_.status == Round.Status.OPEN and user.has_perm(access.SCORE, application),
            }
        )
    context = {
        "round": round_,
        "title": round_.name,
        "rows": rows,
        "assessors": round_.assessors.order_by("name"),
        "can_apply": round_.status == Round.Status.OPEN
        and user.has_perm(access.APPLY)
        and _open_stations(user, round_).exists(),
        "can_combine": manager and round_.status == Round.Status.OPEN,
        "can_publish": manager and round_.status == Round.Status.COMBINED,
        "show_scores": manager or round_.status != Round.Status.OPEN,
        "timeline": timeline_entries(round_),
    }
    return render(request, "stationrating/round_detail.html", context)


def _round_action(request, pk, service, done: str):
    round_ = access.round_for(request.user, pk, action=access.MANAGE_ROUND)
    try:
        service(actor=Actor.from_request(request), round=round_)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, done)
    return redirect(round_.get_absolute_url())


@permission(access.MANAGE_ROUND)
@require_POST
def round_combine(request, pk):
    return _round_action(request, pk, services.combine, _("已合成得分并评定等级，请核对后公布。"))


@permission(access.MANAGE_ROUND)
@require_POST
def round_publish(request, pk):
    return _round_action(request, pk, services.publish, _("评定结果已公布。"))


# ---------------------------------------------------------------- applications


@permission(access.APPLY)
def round_apply(request, pk):
    round_ = access.round_for(request.user, pk)
    stations = _open_stations(request.user, round_)
    form = ApplicationForm(request.POST or None, request.FILES or None, round=round_, stations=stations)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.apply(
                actor=Actor.from_request(request),
                round=round_,
                station=form.cleaned_data["station"],
                statement=form.cleaned_data["statement"],
                points=form.points(),
                evidence=form.evidence(),
                files=form.cleaned_data["files"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("已提交申报。"))
            return redirect(application.get_absolute_url())
    if form.errors:
        messages.error(request, _("请根据提示修改后再提交，未保存任何内容。"))
        if request.FILES:
            # A browser never fills a file input back in: say so, rather than lose the files silently.
            messages.warning(request, _("已选择的佐证材料文件没有保存，请重新选择。"))
    return render(
        request,
        "stationrating/apply.html",
        {"form": form, "round": round_, "title": _("申报：%(name)s") % {"name": round_.name}},
    )


@permission(access.VIEW_APPLICATION)
def application_detail(request, pk):
    application = access.application_for(request.user, pk)
    user = request.user
    round_ = application.round
    see_all = user.has_perm(access.MANAGE_ROUND, round_) or user.has_perm(
        access.VIEW_TEMPLATE, round_.template
    )
    sheets = ScoreSheet.objects.filter(application=application).select_related("assessor")
    if not see_all:
        sheets = sheets.filter(assessor=user)
    context = {
        "application": application,
        "round": round_,
        "title": str(application),
        "self_scores": application.self_scores.select_related("dimension"),
        "files": application.files.all(),
        "history": grades.history(application.station),
        "sheets": sheets.prefetch_related("lines__dimension"),
        "may_score": round_.status == Round.Status.OPEN and user.has_perm(access.SCORE, application),
        "show_result": round_.status == Round.Status.PUBLISHED or see_all,
        "timeline": timeline_entries(application),
    }
    return render(request, "stationrating/application_detail.html", context)


@permission(access.VIEW_APPLICATION)
def evidence_file(request, pk, file_pk):
    """An evidence file, only to those who may see the application; never from the web root."""
    application = access.application_for(request.user, pk)
    item = get_object_or_404(application.files, pk=file_pk)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=item.content_type, as_attachment=True, filename=item.name)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@permission(access.SCORE)
def application_score(request, pk):
    application = access.application_for(request.user, pk, action=access.SCORE)
    earlier = ScoreSheet.objects.filter(application=application, assessor=request.user).first()
    initial = {}
    if earlier is not None:
        initial = {f"points_{line.dimension_id}": line.points for line in earlier.lines.all()}
        initial["comment"] = earlier.comment
    form = ScoreForm(request.POST or None, application=application, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.score(
                actor=Actor.from_request(request),
                application=application,
                points=form.points(),
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("评分已保存。"))
            return redirect(application.round.get_absolute_url())
    if form.errors:
        messages.error(request, _("请根据提示修改后再提交，未保存任何内容。"))
    return render(
        request,
        "stationrating/score.html",
        {
            "form": form,
            "application": application,
            "self_scores": application.self_scores.select_related("dimension"),
            "files": application.files.all(),
            "title": _("评分：%(name)s") % {"name": application.station.name},
        },
    )
