"""民意热点 of a region and period: opinions read from the database, grouped by
`lianxin.insight.topics`, de-identified for display, and cached per (region, period).

Clustering a county's year takes seconds (jieba segmentation is most of it, see
docs/performance.md), so the result is cached: the key carries the region, the period and
the newest opinion's id and the count in it, so a new opinion makes a new key rather than
waiting for the old one to expire.
"""

import datetime
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Max
from django.utils import timezone

from lianxin.insight import topics as topic_module
from lianxin.opinions.deidentify import deidentify
from lianxin.opinions.models import Opinion

CACHE_SECONDS = 6 * 3600
# Beyond this many opinions a period is clustered on the newest ones only, so that one request
# never segments a province's whole year; the page says so.
MAX_OPINIONS = 20_000
TOP_TOPICS = 10
EXCERPT = 80


@dataclass(frozen=True)
class Sample:
    title: str
    excerpt: str
    region: str
    at: datetime.date


@dataclass(frozen=True)
class HotTopic:
    rank: int
    label: str
    heat: float
    count: int
    earlier: int
    later: int
    growth: float
    first: datetime.date
    last: datetime.date
    places: list
    samples: list


@dataclass(frozen=True)
class HotTopics:
    topics: list
    opinions: int
    truncated: bool
    computed_at: datetime.datetime


def _opinions(region, start: datetime.date, end: datetime.date):
    """Opinions raised in the region's subtree in [start, end], merged ones left out (they are
    counted in their main opinion's topic by their own text anyway, so leaving them in would
    count a 并案 twice)."""
    begin = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
    finish = timezone.make_aware(
        datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min)
    )
    return Opinion.objects.filter(
        region__path__startswith=region.path, submitted_at__gte=begin, submitted_at__lt=finish
    ).exclude(status__in=(Opinion.Status.MERGED, Opinion.Status.REFUSED))


def cache_key(region, start: datetime.date, end: datetime.date) -> str:
    figures = _opinions(region, start, end).aggregate(newest=Max("pk"), count=Count("pk"))
    return f"analysis:hot:{region.pk}:{start:%Y%m%d}:{end:%Y%m%d}:{figures['newest']}:{figures['count']}"


def hot_topics(region, start: datetime.date, end: datetime.date) -> HotTopics:
    key = cache_key(region, start, end)
    found = cache.get(key)
    if found is None:
        found = compute(region, start, end)
        cache.set(key, found, CACHE_SECONDS)
    return found


def compute(region, start: datetime.date, end: datetime.date) -> HotTopics:
    rows = list(
        _opinions(region, start, end)
        .order_by("-submitted_at", "-pk")
        .values_list("pk", "title", "content", "submitted_at", "region__name", "submitter_name")[
            : MAX_OPINIONS + 1
        ]
    )
    truncated = len(rows) > MAX_OPINIONS
    rows = rows[:MAX_OPINIONS]
    # Clustered on the raw text: de-identifying every message first costs ~14 ms each (jieba's
    # part-of-speech tagging finds names), ten times the clustering. What is shown is masked
    # instead: the representatives' text, and keywords that are a name or a number (see _shown).
    messages = [
        topic_module.Message(key=pk, title=title, body=content, at=at, place=place)
        for pk, title, content, at, place, _name in rows
    ]
    names = {pk: name for pk, _t, _c, _a, _p, name in rows if name}
    found = topic_module.find_topics(
        messages,
        start=timezone.make_aware(datetime.datetime.combine(start, datetime.time.min)),
        end=timezone.make_aware(
            datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min)
        ),
        limit=TOP_TOPICS,
    )
    return HotTopics(
        topics=[_shown(rank, topic, names) for rank, topic in enumerate(found, start=1)],
        opinions=len(messages),
        truncated=truncated,
        computed_at=timezone.now(),
    )


def _shown(rank: int, topic, names: dict) -> HotTopic:
    """What staff and leaders see: masked text only, never a submitter's name or phone.

    A keyword is dropped when it is, or is part of, a member's submitter name or anything the
    de-identification masked in the representatives, or holds five digits or more (a phone or
    ID number repeated by one person posting again would otherwise top the list)."""
    samples, masked = [], set()
    own_names = {names[m.key] for m in topic.members if m.key in names}
    for message in topic.representatives:
        own = [names[message.key]] if message.key in names else []
        title, body = deidentify(message.title, names=own), deidentify(message.body, names=own)
        masked.update(finding.text for finding in (*title.findings, *body.findings))
        body_text = " ".join(body.text.split())
        samples.append(
            Sample(
                title=title.text,
                excerpt=body_text[:EXCERPT] + ("…" if len(body_text) > EXCERPT else ""),
                region=message.place,
                at=timezone.localdate(message.at),
            )
        )
    hidden = own_names | masked
    keywords = [
        word
        for word in topic.keywords
        if sum(c.isdigit() for c in word) < 5 and not any(word in text or text in word for text in hidden)
    ]
    return HotTopic(
        rank=rank,
        label="、".join(keywords),
        heat=round(topic.heat, 1),
        count=topic.count,
        earlier=topic.earlier,
        later=topic.later,
        growth=round(topic.growth, 2),
        first=timezone.localdate(topic.first_at),
        last=timezone.localdate(topic.last_at),
        places=topic.places,
        samples=samples,
    )


def chart_option(result: HotTopics) -> dict:
    """An ECharts bar chart of the heat of the top topics (rendered by static/lianxin/app.js)."""
    shown = list(reversed(result.topics))
    return {
        "title": {"text": "热点话题热度", "left": "center", "textStyle": {"fontSize": 14}},
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 160, "right": 30, "top": 40, "bottom": 30},
        "xAxis": {"type": "value", "name": "热度"},
        "yAxis": {"type": "category", "data": [t.label[:14] for t in shown]},
        "series": [{"type": "bar", "name": "热度", "data": [t.heat for t in shown]}],
    }
