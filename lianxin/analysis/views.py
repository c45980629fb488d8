"""民意分析 screens: 民意热点 (/office/analysis/redian/) and 答复质量审核 (/office/analysis/replies/)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lianxin.accounts.actor import Actor
from lianxin.accounts.decorators import permission
from lianxin.analysis import hot, services
from lianxin.analysis.access import review_for, waiting_for_review
from lianxin.analysis.forms import PeriodForm, ReviewForm
from lianxin.insight.topics import HEAT_DEFINITION
from lianxin.regions.models import Region
from lianxin.regions.scoping import filter_regions, regions_in_scope
from lianxin.workbench.rendering import style_widgets

TOPICS = "analysis.view_topics"
REVIEW = services.REVIEW


@permission(TOPICS)
def hot_topics(request):
    regions = filter_regions(request.user, TOPICS).order_by("path")
    chosen = request.GET.get("region")
    # A region outside the user's scope does not exist for them (as for every object).
    if (
        chosen
        and not regions_in_scope(request.user, TOPICS).filter(pk=chosen if chosen.isdigit() else 0).exists()
    ):
        raise Http404
    if chosen and not regions.filter(pk=chosen).exists():
        regions = regions | Region.objects.filter(pk=chosen)
    form = PeriodForm(request.GET if request.GET else None, regions=regions)
    result = chart = None
    if form.is_bound and form.is_valid():
        region, start, end = (form.cleaned_data[k] for k in ("region", "start", "end"))
    elif not form.is_bound:
        region, start, end = (form.initial[k] for k in ("region", "start", "end"))
    else:
        region = None
    if region is not None:
        result = hot.hot_topics(region, start, end)
        chart = hot.chart_option(result) if result.topics else None
    style_widgets(form)
    return render(
        request,
        "analysis/hot_topics.html",
        {"form": form, "result": result, "chart": chart, "heat_definition": HEAT_DEFINITION},
    )


@permission(REVIEW)
def reply_queue(request):
    reviews = (
        waiting_for_review(request.user)
        .select_related("region", "reply__case__opinion", "reply__assignment__unit")
        .order_by("scored_at", "pk")
    )
    page = Paginator(reviews, 20).get_page(request.GET.get("page"))
    form = ReviewForm()
    style_widgets(form)
    return render(request, "analysis/reply_queue.html", {"page": page, "form": form})


def _decide(request, pk: int, decide, done: str):
    review = review_for(request.user, pk, action=REVIEW)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            decide(actor=Actor.from_request(request), review=review, note=form.cleaned_data["note"])
        except services.ReviewError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, done)
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("analysis:reply_queue")


@require_POST
@permission(REVIEW)
def release(request, pk: int):
    return _decide(request, pk, services.release, _("已审核通过，答复已送达群众。"))


@require_POST
@permission(REVIEW)
def send_back(request, pk: int):
    return _decide(request, pk, services.send_back, _("已退回承办单位补充，答复暂不送达群众。"))
