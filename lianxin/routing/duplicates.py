"""Possible duplicates: the most similar open, recent items, offered to staff for 并案.

Candidates are narrowed in SQL (same county, open, submitted within `config.duplicate_days()`,
the newest `MAX_CANDIDATES`), then compared by the cosine of character-bigram TF-IDF
vectors, which needs no segmentation and tolerates the small rewordings of a matter raised
twice. Nothing here writes; merging is the opinions' own service.
"""

import datetime
import logging
from dataclasses import dataclass

from django.db.models import Q
from django.db.models.functions import Substr
from django.utils import timezone

from lianxin.casework.models import Case
from lianxin.insight.text import message_text
from lianxin.routing import config

logger = logging.getLogger(__name__)

# Below this a pair shares words of the domain (“小区”, “噪音”), not a matter: measured on the
# citizen-message data set (docs/performance.md, “并案候选”).
MIN_SIMILARITY = 0.45
TOP = 5
# Bounds the work per page at any scale (n-gram extraction is the cost: 2,000 candidates took
# seconds, docs/performance.md); the newest open items of the county are the likely duplicates.
MAX_CANDIDATES = 300
# The body's opening says what the matter is; a long letter's tail adds time, not precision.
TEXT_CHARACTERS = 200
# Character bigrams at 0.45 found as many labelled duplicates as 2–3-grams at 0.35, more
# precisely, in half the time (docs/performance.md).
NGRAMS = (2, 2)


@dataclass(frozen=True)
class Similar:
    item: object
    similarity: float


def _text(title: str, content: str) -> str:
    return message_text(title, (content or "")[:TEXT_CHARACTERS])


def rank(
    query: str, candidates: list[tuple[object, str]], *, top: int = TOP, minimum: float = MIN_SIMILARITY
):
    """[(item, text)] → the `top` most similar to `query`, at least `minimum`, best first."""
    if not candidates or not (query or "").strip():
        return []
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import linear_kernel

    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=NGRAMS, sublinear_tf=True)
    try:
        matrix = vectorizer.fit_transform([query] + [text for _item, text in candidates])
    except ValueError:  # nothing but one-character texts: no vocabulary
        return []
    scores = linear_kernel(matrix[0], matrix[1:])[0]
    order = scores.argsort()[::-1][:top]
    return [Similar(candidates[i][0], round(float(scores[i]), 3)) for i in order if scores[i] >= minimum]


def county_prefix(region) -> str:
    """The path of the item's county (or its own region, above county level)."""
    parts = [code for code in region.path.split("/") if code]
    return "/" + "/".join(parts[:3]) + "/"


def similar_opinions(opinion, *, visible) -> list[Similar]:
    """Open opinions like this one in its county, among those the user may see (`visible`)."""
    from lianxin.opinions.models import Opinion

    since = timezone.now() - datetime.timedelta(days=config.duplicate_days())
    candidates = (
        visible.filter(region__path__startswith=county_prefix(opinion.region), submitted_at__gte=since)
        .filter(
            Q(status=Opinion.Status.SUBMITTED)
            | Q(status=Opinion.Status.ACCEPTED, case__isnull=False) & ~Q(case__state__in=Case.FINISHED)
        )
        .exclude(pk=opinion.pk)
        .order_by("-submitted_at", "-pk")
        # Only what is compared: 300 full opinions with their relations cost more than the ranking.
        .annotate(opening=Substr("content", 1, TEXT_CHARACTERS))
        .values_list("pk", "title", "opening")[:MAX_CANDIDATES]
    )
    ranked = rank(
        _text(opinion.title, opinion.content),
        [(pk, _text(title, opening)) for pk, title, opening in candidates],
    )
    offered = Opinion.objects.select_related("region", "case").in_bulk([r.item for r in ranked])
    return [Similar(offered[r.item], r.similarity) for r in ranked]


def similar_suggestions(suggestion) -> list[Similar]:
    """Suggestions already put to the same congress in the same term (届) or, without one, year.

    Other deputies' drafts are theirs alone: only what was submitted counts.
    """
    from lianxin.suggestions.models import Suggestion

    others = Suggestion.objects.filter(congress_id=suggestion.congress_id).exclude(pk=suggestion.pk)
    if suggestion.term_id:
        others = others.filter(term_id=suggestion.term_id)
    else:
        others = others.filter(submitted_at__year=timezone.localdate().year)
    others = (
        others.exclude(status__in=(Suggestion.Status.DRAFT, Suggestion.Status.WITHDRAWN))
        .select_related("deputy")
        .order_by("-submitted_at", "-pk")[:MAX_CANDIDATES]
    )
    return rank(
        _text(suggestion.title, suggestion.content),
        [(other, _text(other.title, other.content)) for other in others],
    )
