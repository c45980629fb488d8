"""The public 回音壁: answered opinions as published, their answers and the figures. No login.

Nothing here reads the submission itself: pages show the reviewed public texts, dates, the
answering unit and the rating. The submitter's name appears only masked (张**), and only when
they did not ask to hide it; their phone never.

The list is read newest first by keyset (``?before=<time>~<id>``), not by page number: a deep page
costs what the first one does, and the total is counted up to ``COUNT_CAP`` only.
"""

import datetime

from django import forms
from django.core.cache import cache
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lianxin.accounts.decorators import public
from lianxin.casework.models import Assignment, Case, Rating, Reply
from lianxin.deputies.models import Deputy
from lianxin.opinions import wall, wall_figures
from lianxin.opinions.models import Category, Opinion
from lianxin.regions.models import Region
from lianxin.stations.models import Station

PAGE_SIZE = 20
COUNT_CAP = 1000
REGIONS_SECONDS = 3600
# What a published opinion's case can be in: answered, closed, or handled again after a 不满意.
STATES = (Case.State.REPLIED, Case.State.CLOSED, Case.State.REHANDLING)


def masked_name(opinion: Opinion) -> str:
    name = opinion.submitter_name.strip()
    if opinion.hide_name or not name:
        return ""
    return name[0] + "**"


def _region_choices():
    # Cities and counties: a township filter would list 1,500 names on a province-wide site.
    # The list changes with the administrative map, i.e. hardly ever.
    def load():
        regions = Region.objects.filter(level__in=(Region.Level.CITY, Region.Level.COUNTY)).order_by("path")
        return list(regions.values_list("code", "name"))

    return [("", _("全部地区")), *cache.get_or_set("opinions:wall-regions", load, REGIONS_SECONDS)]


class WallFilterForm(forms.Form):
    region = forms.ChoiceField(label=gettext_lazy("地区"), required=False)
    category = forms.ModelChoiceField(
        label=gettext_lazy("分类"),
        queryset=Category.objects.filter(is_active=True),
        required=False,
        empty_label=gettext_lazy("全部分类"),
    )
    status = forms.ChoiceField(label=gettext_lazy("办理状态"), required=False)
    station = forms.IntegerField(required=False, widget=forms.HiddenInput)
    deputy = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = _region_choices()
        labels = Case(source="opinions")
        choices = [("", _("全部状态"))]
        for state in STATES:
            labels.state = state
            choices.append((state, labels.state_label()))
        self.fields["status"].choices = choices
        for field in self.fields.values():
            if not isinstance(field.widget, forms.HiddenInput):
                field.widget.attrs["class"] = "form-select form-select-sm"


def published() -> QuerySet:
    return Opinion.objects.filter(published_at__isnull=False)


def _filtered(data: dict):
    """The published entries matching the cleaned filters, and what the filters name."""
    entries = published()
    named = {}
    if data.get("region"):
        region = Region.objects.filter(code=data["region"]).first()
        if region is not None:
            # Region ids first: the planner then reads opinion_wall_region instead of joining the tree.
            entries = entries.filter(
                region_id__in=Region.objects.filter(path__startswith=region.path).values("pk")
            )
            named["region"] = region
    if data.get("category"):
        entries = entries.filter(category=data["category"])
    if data.get("status"):
        entries = entries.filter(case__state=data["status"])
    if data.get("station"):
        named["station"] = get_object_or_404(Station, pk=data["station"])
        entries = entries.filter(station_id=data["station"])
    if data.get("deputy"):
        named["deputy"] = get_object_or_404(Deputy, pk=data["deputy"])
        entries = entries.filter(deputy_id=data["deputy"])
    return entries, named


def _cursor(value: str):
    """``<ISO time>~<id>`` → (time, id), or None when it does not parse."""
    when, _sep, pk = value.partition("~")
    moment = parse_datetime(when) if when else None
    if moment is None or not pk.isdigit():
        return None
    return moment, int(pk)


def _cursor_of(opinion: Opinion) -> str:
    return f"{opinion.published_at.isoformat()}~{opinion.pk}"


@public
def wall_list(request):
    form = WallFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    entries, named = _filtered(data)
    total = entries.order_by()[: COUNT_CAP + 1].count()
    page = entries.select_related("region", "category", "case").only(
        "pk",
        "public_title",
        "public_content",
        "published_at",
        "region__name",
        "category__name",
        "case__state",
        "case__source",
    )
    before = _cursor(request.GET.get("before", ""))
    if before is not None:
        moment, pk = before
        # The first condition bounds the index scan; the second drops the rows of the same instant.
        page = page.filter(published_at__lte=moment).exclude(published_at=moment, pk__gte=pk)
    rows = list(page.order_by("-published_at", "-pk")[: PAGE_SIZE + 1])
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    query = request.GET.copy()
    query.pop("before", None)
    next_query = ""
    if more:
        query["before"] = _cursor_of(rows[-1])
        next_query = query.urlencode()
        query.pop("before")
    return render(
        request,
        "opinions/wall/list.html",
        {
            "form": form,
            "rows": rows,
            "total": min(total, COUNT_CAP),
            "total_capped": total > COUNT_CAP,
            "next_query": next_query,
            "first_query": query.urlencode(),
            "paged": before is not None,
            "named": named,
            "stats": wall_figures.figures(named.get("region")),
        },
    )


def timeline(opinion: Opinion, reply: Reply | None, rating: Rating | None) -> list[tuple[str, datetime.date]]:
    """收到 → 受理 → 交办 → 答复 → 评价, dates only."""
    steps = [(_("收到"), opinion.submitted_at)]
    # A case is opened when the opinion is accepted; entries made before decided_at existed lack it.
    steps.append((_("受理"), opinion.decided_at or opinion.case.opened_at))
    first = (
        Assignment.objects.filter(case_id=opinion.case_id)
        .order_by("assigned_at")
        .values("assigned_at")
        .first()
    )
    if first:
        steps.append((_("交办"), first["assigned_at"]))
    if reply is not None:
        steps.append((_("答复"), reply.replied_at))
    if rating is not None:
        steps.append((_("评价"), rating.rated_at))
    return [(label, timezone.localtime(moment).date()) for label, moment in steps]


@public
def wall_detail(request, pk: int):
    opinion = get_object_or_404(
        published()
        .select_related("region", "category", "case")
        .only(
            "pk",
            "public_title",
            "public_content",
            "public_reply",
            "published_at",
            "submitted_at",
            "decided_at",
            "submitter_name",
            "hide_name",
            "case_id",
            "region__name",
            "category__name",
            "case__state",
            "case__source",
            "case__round",
            "case__opened_at",
        ),
        pk=pk,
    )
    if opinion.case_id is None:
        raise Http404
    reply = wall.final_reply(opinion)
    rating = Rating.objects.filter(case_id=opinion.case_id).order_by("-round", "-rated_at").first()
    return render(
        request,
        "opinions/wall/detail.html",
        {
            "opinion": opinion,
            "name": masked_name(opinion),
            "unit": wall.answering_unit(reply),
            "rating": rating,
            "timeline": timeline(opinion, reply, rating),
        },
    )


@public
def wall_stats(request):
    form = WallFilterForm(request.GET or None)
    region = None
    if form.is_valid() and form.cleaned_data.get("region"):
        region = Region.objects.filter(code=form.cleaned_data["region"]).first()
    return render(request, "opinions/wall/stats.html", {"form": form, "stats": wall_figures.figures(region)})
