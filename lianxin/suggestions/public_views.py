"""Public pages (/jianyi/): deputies' suggestions as published with their replies (S17), and the
motions' reports of each session (M8). No login.

Only what a reviewer published is read from the suggestion's texts; the rest is public by nature
(deputies act publicly: the lead and the co-signers are named; handling units, reply category,
dates, how it ended). The list pages by keyset (``?before=<time>~<id>``) and counts up to
``COUNT_CAP`` only, like the 回音壁; every page costs a fixed number of queries.
"""

from django import forms
from django.db.models import Exists, OuterRef, Prefetch, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lianxin.accounts.decorators import public
from lianxin.casework.models import Assignment, Reply
from lianxin.congresses.models import Session
from lianxin.suggestions import config, outcomes, publication
from lianxin.suggestions.casework_source import CATEGORY_MEANINGS
from lianxin.suggestions.models import Motion, MotionReport, Publication, SuggestionSigner
from lianxin.units.models import HandlingUnit

PAGE_SIZE = 20
COUNT_CAP = 1000
OUTCOMES = (outcomes.SOLVED, outcomes.CARRYING_OUT, outcomes.NOT_SOLVED, publication.HANDLING)


def published():
    return Publication.objects.filter(published_at__isnull=False)


class FilterForm(forms.Form):
    year = forms.TypedChoiceField(label=gettext_lazy("年度"), required=False, coerce=int, empty_value=None)
    category = forms.ChoiceField(label=gettext_lazy("类别"), required=False)
    unit = forms.TypedChoiceField(
        label=gettext_lazy("承办单位"), required=False, coerce=int, empty_value=None
    )
    outcome = forms.ChoiceField(label=gettext_lazy("办理结果"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = (
            published().order_by("-suggestion__year").values_list("suggestion__year", flat=True).distinct()
        )
        self.fields["year"].choices = [("", _("全部年度"))] + [
            (y, _("%(y)s年") % {"y": y}) for y in years if y
        ]
        self.fields["category"].choices = [("", _("全部类别"))] + [(c, c) for c in config.categories()]
        # Only units that handled a published suggestion: a filter that finds nothing helps no one.
        handled = Assignment.objects.filter(
            unit_id=OuterRef("pk"), case__suggestion__publication__published_at__isnull=False
        )
        units = HandlingUnit.objects.filter(Exists(handled)).order_by("name").values_list("pk", "name")
        self.fields["unit"].choices = [("", _("全部承办单位")), *units]
        self.fields["outcome"].choices = [("", _("全部"))] + [
            (o, publication.outcome_label(o)) for o in OUTCOMES
        ]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"


def _cursor(value: str):
    when, _sep, pk = value.partition("~")
    moment = parse_datetime(when) if when else None
    if moment is None or not pk.isdigit():
        return None
    return moment, int(pk)


def _lead_unit():
    return Subquery(
        Assignment.objects.filter(case_id=OuterRef("suggestion__case_id"), kind__in=Assignment.ANSWERING)
        .order_by("-round", "kind", "pk")
        .values("unit__name")[:1]
    )


@public
def entries(request):
    form = FilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    rows = publication.with_outcome(published(), case="suggestion__case")
    if data.get("year"):
        rows = rows.filter(suggestion__year=data["year"])
    if data.get("category"):
        rows = rows.filter(suggestion__category=data["category"])
    if data.get("unit"):
        rows = rows.filter(
            Exists(Assignment.objects.filter(case_id=OuterRef("suggestion__case_id"), unit_id=data["unit"]))
        )
    if data.get("outcome"):
        rows = rows.filter(outcome=data["outcome"])
    total = rows.order_by()[: COUNT_CAP + 1].count()
    page = rows.select_related("suggestion__deputy").only(
        "pk",
        "title",
        "content",
        "published_at",
        "suggestion__year",
        "suggestion__number",
        "suggestion__category",
        "suggestion__deputy__name",
    )
    page = page.annotate(lead_unit=_lead_unit())
    before = _cursor(request.GET.get("before", ""))
    if before is not None:
        moment, pk = before
        page = page.filter(published_at__lte=moment).exclude(published_at=moment, pk__gte=pk)
    items = list(page.order_by("-published_at", "-pk")[: PAGE_SIZE + 1])
    more = len(items) > PAGE_SIZE
    items = items[:PAGE_SIZE]
    for item in items:
        item.outcome_label = publication.outcome_label(item.outcome)
    query = request.GET.copy()
    query.pop("before", None)
    next_query = ""
    if more:
        query["before"] = f"{items[-1].published_at.isoformat()}~{items[-1].pk}"
        next_query = query.urlencode()
        query.pop("before")
    return render(
        request,
        "suggestions/public/list.html",
        {
            "form": form,
            "rows": items,
            "total": min(total, COUNT_CAP),
            "total_capped": total > COUNT_CAP,
            "next_query": next_query,
            "first_query": query.urlencode(),
            "paged": before is not None,
        },
    )


@public
def entry(request, pk: int):
    item = get_object_or_404(
        publication.with_outcome(published(), case="suggestion__case")
        .select_related(
            "suggestion__deputy", "suggestion__case", "suggestion__congress", "suggestion__term__congress"
        )
        .only(
            "pk",
            "title",
            "content",
            "reply",
            "published_at",
            "suggestion__year",
            "suggestion__number",
            "suggestion__category",
            "suggestion__stage",
            "suggestion__submitted_at",
            "suggestion__reviewed_at",
            "suggestion__case_id",
            "suggestion__deputy__name",
            "suggestion__deputy__public_code",
            "suggestion__congress__name",
            "suggestion__term__number",
            "suggestion__term__congress__name",
            "suggestion__case__state",
            "suggestion__case__closed_at",
            "suggestion__case__source",
        ),
        pk=pk,
    )
    suggestion = item.suggestion
    if suggestion.case_id is None:
        raise Http404
    cosigners = list(
        SuggestionSigner.objects.filter(
            suggestion_id=suggestion.pk, is_lead=False, confirmed_at__isnull=False
        )
        .order_by("pk")
        .values_list("deputy__name", flat=True)
    )
    units, first_assigned = {}, None
    for name, kind, assigned_at in (
        Assignment.objects.filter(case_id=suggestion.case_id)
        .order_by("round", "kind", "pk")
        .values_list("unit__name", "kind", "assigned_at")
    ):
        units.setdefault(name, Assignment.Kind(kind).label)
        first_assigned = first_assigned or assigned_at
    replies = list(
        Reply.objects.filter(case_id=suggestion.case_id)
        .order_by("-round", "-replied_at")
        .values("round", "category", "replied_at")
    )
    last = [r for r in replies if r["round"] == replies[0]["round"]] if replies else []
    categories = sorted({r["category"] for r in last if r["category"]})
    dates = [
        (_("提出"), suggestion.submitted_at),
        (_("立案"), suggestion.reviewed_at),
        (_("交办"), first_assigned),
        (_("答复"), replies[0]["replied_at"] if replies else None),
        (_("办结"), suggestion.case.closed_at),
        (_("公开"), item.published_at),
    ]
    return render(
        request,
        "suggestions/public/detail.html",
        {
            "item": item,
            "suggestion": suggestion,
            "outcome": publication.outcome_label(item.outcome),
            "cosigners": cosigners,
            "units": list(units.items()),
            "categories": [(c, CATEGORY_MEANINGS.get(c, "")) for c in categories],
            "dates": [(label, moment) for label, moment in dates if moment],
        },
    )


def _published_reports():
    return MotionReport.objects.filter(published_at__isnull=False)


@public
def sessions(request):
    """Sessions with published motion reports, newest first."""
    found = (
        Session.objects.filter(Exists(_published_reports().filter(motion__session_id=OuterRef("pk"))))
        .select_related("term__congress")
        .order_by("-start_date", "-pk")[:100]
    )
    return render(request, "suggestions/public/sessions.html", {"sessions": found})


@public
def session(request, pk: int):
    """M8: the session's motions put on the agenda, each with its published reports."""
    item = get_object_or_404(Session.objects.select_related("term__congress"), pk=pk)
    motions = list(
        Motion.objects.filter(session=item)
        .filter(Exists(_published_reports().filter(motion_id=OuterRef("pk"))))
        .select_related("deputy")
        .only("pk", "title", "deputy__name", "deputy__public_code", "session_id")
        .prefetch_related(
            Prefetch(
                "reports",
                queryset=_published_reports().only("pk", "motion_id", "kind", "public_text", "reported_on"),
                to_attr="published_reports",
            )
        )
        .order_by("pk")
    )
    if not motions:
        raise Http404
    return render(request, "suggestions/public/session.html", {"session": item, "motions": motions})
