"""分流建议 on the staff's pages: categories, units and possible duplicates, and the models.

The panels are fragments the item's page fetches after it is shown (htmx, on load): a slow or
broken model delays a box of hints, never the page, and the forms work without them.
"""

import logging
import time

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from lianxin.accounts.decorators import permission
from lianxin.accounts.permissions import scope_filter
from lianxin.casework import access as case_access
from lianxin.casework.models import Case
from lianxin.insight import model_files
from lianxin.insight.suggest import suggest_categories
from lianxin.insight.text import message_text
from lianxin.opinions import access as opinion_access
from lianxin.opinions import handling
from lianxin.opinions.models import Category, Opinion
from lianxin.routing import duplicates
from lianxin.routing.models import RoutingModel
from lianxin.routing.suggest import suggest_units
from lianxin.suggestions import access as suggestion_access
from lianxin.suggestions.models import Suggestion

logger = logging.getLogger(__name__)

VIEW_MODELS = "routing.view_routingmodel"


def _duplicates(opinion, user):
    try:
        return duplicates.similar_opinions(opinion, visible=opinion_access.visible_opinions(user))
    except Exception:  # hints only: a failure here must not take the page's forms with it
        logger.exception("routing: duplicate search failed for opinion %s", opinion.pk)
        return None


@permission(handling.HANDLE)
@require_safe
def opinion_panel(request, pk):
    """The hints beside 受理 / 并案 / 交办 of one opinion, for whoever may handle it."""
    started = time.perf_counter()
    user = request.user
    opinion = opinion_access.opinion_for(user, pk, action=handling.HANDLE)
    submitted = opinion.status == Opinion.Status.SUBMITTED
    waiting = (
        opinion.status == Opinion.Status.ACCEPTED
        and opinion.case is not None
        and opinion.case.state == Case.State.REGISTERED
    )
    text = message_text(opinion.title, opinion.content)
    # None = the section is not shown (a template would read a missing key as "", not None).
    context = {"opinion": opinion, "submitted": submitted, "categories": None, "units": None}
    if submitted or waiting:
        categories = suggest_categories(text)
        known = set(Category.objects.filter(is_active=True).values_list("name", flat=True))
        context["categories"] = categories
        # The model's categories are the data set's; the congress keeps its own list.
        context["category_rows"] = [
            (name, confidence, name in known) for name, confidence in categories.categories
        ]
    if waiting and user.has_perm(handling.ASSIGN, opinion.case):
        context["units"] = suggest_units(
            text, category=opinion.category.name if opinion.category_id else "", region=opinion.region
        )
    if submitted:
        context["duplicates"] = _duplicates(opinion, user)
        context["can_merge"] = user.has_perm(handling.HANDLE, opinion)
    context["can_see_models"] = user.has_perm(VIEW_MODELS)
    response = render(request, "routing/opinion_panel.html", context)
    response["Server-Timing"] = f"routing;dur={(time.perf_counter() - started) * 1000:.1f}"
    return response


@permission("suggestions.add_suggestion")
@require_safe
def suggestion_panel(request, pk):
    """Similar suggestions of the same congress this term, for the deputy drafting one."""
    suggestion = suggestion_access.mine(request.user).filter(pk=pk).first()
    if suggestion is None:
        raise Http404
    try:
        similar = duplicates.similar_suggestions(suggestion)
    except Exception:
        logger.exception("routing: similar suggestions failed for %s", suggestion.pk)
        similar = None
    return render(
        request,
        "routing/suggestion_panel.html",
        {"suggestion": suggestion, "similar": similar, "statuses": dict(Suggestion.Status.choices)},
    )


def _case_text(case) -> tuple[str, str]:
    """The item's text and the category staff chose, from whichever source opened the case."""
    for name in ("opinion", "suggestion"):
        item = getattr(case, name, None)
        if item is not None:
            category = item.category
            return message_text(item.title, item.content), getattr(category, "name", category) or ""
    return message_text(case.title, ""), ""


@permission(case_access.ASSIGN)
@require_safe
def case_units(request, pk):
    """Suggested units on the engine's 交办 page (suggestions and other sources)."""
    case = case_access.case_for(request.user, pk, action=case_access.ASSIGN)
    try:
        text, category = _case_text(case)
    except Exception:
        logger.exception("routing: reading case %s failed", case.pk)
        text, category = "", ""
    return render(
        request,
        "routing/opinion_panel.html",
        {
            "categories": None,
            "units": suggest_units(text, category=category, region=case.region),
            "can_see_models": request.user.has_perm(VIEW_MODELS),
        },
    )


def _category_model() -> dict:
    try:
        loaded = model_files.load_cached()
    except model_files.ModelUnavailable as unavailable:
        return {"error": str(unavailable)}
    except Exception:
        return {"error": _("分类模型无法加载。")}
    manifest = loaded.manifest
    return {"version": loaded.version, "manifest": manifest}


@permission(VIEW_MODELS)
@require_safe
def model_list(request):
    """Which versions exist, what they were trained on and how they scored."""
    models = (
        RoutingModel.objects.filter(scope_filter(request.user, VIEW_MODELS, "region__path"))
        .select_related("region")
        .order_by("region__path", "-trained_at", "-pk")[:200]
    )
    return render(
        request,
        "routing/models.html",
        {"title": _("分流模型"), "models": models, "category_model": _category_model()},
    )
