"""Staff screens of the 回音壁: answered opinions waiting for publication, the review page where a
de-identified draft is checked beside the original and published, and withdrawal."""

from django import forms
from django.contrib import messages
from django.db.models import OuterRef, Subquery
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lianxin.accounts.actor import Actor
from lianxin.accounts.decorators import permission
from lianxin.accounts.permissions import scope_filter
from lianxin.backoffice.lists import Column, ScopedListView
from lianxin.casework.models import Reply
from lianxin.opinions import wall
from lianxin.opinions.access import opinion_for
from lianxin.regions.models import Region
from lianxin.workbench.rendering import style_widgets


class CandidateList(ScopedListView):
    view_permission = wall.PUBLISH
    title = gettext_lazy("回音壁：待公开的意见")
    columns = [
        Column(gettext_lazy("标题"), "title", link=True),
        Column(gettext_lazy("所在区域"), "region.name"),
        Column(gettext_lazy("分类"), "category.name"),
        Column(gettext_lazy("办理状态"), lambda o: o.case.state_label()),
        Column(
            gettext_lazy("答复时间"), lambda o: timezone.localdate(o.last_reply_at) if o.last_reply_at else ""
        ),
    ]
    search_fields = ["title", "tracking_code"]
    select_related = ("region", "category", "case")
    # The rating window starts at the latest answer: ordering by it lists the newest answers
    # first without aggregating every reply in scope (a county holds tens of thousands).
    ordering = ("-case__rating_due", "-pk")
    detail_url_name = "wall_office:publish"

    def base_queryset(self):
        latest = (
            Reply.objects.filter(case_id=OuterRef("case_id")).order_by("-replied_at").values("replied_at")
        )
        # The same scope as region ids too: the planner then starts from the county's regions
        # instead of every unpublished opinion (0.25 s instead of 0.6 s on two million).
        regions = Region.objects.filter(scope_filter(self.request.user, self.view_permission, "path"))
        return (
            wall.publishable()
            .filter(region_id__in=regions.values("pk"))
            .annotate(last_reply_at=Subquery(latest[:1]))
        )


class PublishForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("公开标题"), max_length=wall.TITLE_MAX)
    content = forms.CharField(label=gettext_lazy("公开内容"), widget=forms.Textarea(attrs={"rows": 8}))
    reply = forms.CharField(label=gettext_lazy("公开答复"), widget=forms.Textarea(attrs={"rows": 8}))


class UnpublishForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("撤下理由"), widget=forms.Textarea(attrs={"rows": 3}))


def _styled(form):
    style_widgets(form)
    return form


@permission(wall.PUBLISH)
def publish(request, pk: int):
    opinion = opinion_for(request.user, pk, action=wall.PUBLISH)
    problem = wall.state_problem(opinion) if opinion.published_at is None else ""
    draft = wall.prepare(opinion)
    form = None
    if opinion.published_at is None and not problem:
        initial = {"title": draft.title.text, "content": draft.content.text, "reply": draft.reply.text}
        form = PublishForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                wall.publish(actor=Actor.from_request(request), opinion=opinion, **form.cleaned_data)
            except wall.WallError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("已在回音壁公开。"))
                return redirect("wall_office:publish", pk=opinion.pk)
        _styled(form)
    reply = wall.final_reply(opinion)
    return render(
        request,
        "opinions/wall/office_publish.html",
        {
            "opinion": opinion,
            "draft": draft,
            "reply": reply,
            "problem": problem,
            "form": form,
            "unpublish_form": _styled(UnpublishForm()) if opinion.published_at else None,
        },
    )


def _add_errors(form, error: wall.WallError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for item in errors:
                form.add_error(field if field in form.fields else None, item)
    else:
        for message in error.messages:
            form.add_error(None, message)


@require_POST
@permission(wall.PUBLISH)
def unpublish(request, pk: int):
    opinion = opinion_for(request.user, pk, action=wall.PUBLISH)
    form = UnpublishForm(request.POST)
    if form.is_valid():
        try:
            wall.unpublish(
                actor=Actor.from_request(request), opinion=opinion, reason=form.cleaned_data["reason"]
            )
        except wall.WallError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("已从回音壁撤下。"))
    else:
        messages.error(request, _("请写明撤下的理由。"))
    return redirect("wall_office:publish", pk=opinion.pk)
