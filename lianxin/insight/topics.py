"""热点: group similar messages of a period into topics and say how hot each one is.

No database and no model file: the caller hands in `Message`s (the office page reads opinions of
a region and period; the evaluation reads hotspots.csv) and gets `Topic`s back, hottest first.

How: TF-IDF over jieba words (titles count twice: they name the matter), cosine similarity
between messages, then *star clustering* — the message with the most neighbours above the
threshold becomes a topic's centre and takes every unassigned neighbour, then the next. It is
deterministic (ties go to the earlier message), needs no number of topics in advance, and the
similarity matrix is computed in row blocks with everything below the threshold dropped, so
memory grows with the number of similar pairs, not with the square of the messages.
"""

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from lianxin.insight.text import tokenize

# Two messages whose cosine similarity reaches this are about the same matter. Chosen by reading
# pairs of messages at 0.2–0.5 (see docs/performance.md for how the measures move with it); no
# labelled grouping exists to tune it on.
DEFAULT_THRESHOLD = 0.3
# Below this many messages a group is not a topic (one message is a case, not a trend).
MIN_TOPIC_SIZE = 2
_BLOCK_ROWS = 2000
_KEYWORDS = 5
_REPRESENTATIVES = 3

# Shown beside the figures wherever a heat score is shown (the issue asks for its definition).
HEAT_DEFINITION = (
    "热度 = 留言数 × 增长系数 × 支持系数。"
    "增长系数 = √((后半段留言数 + 1) ÷ (前半段留言数 + 1))，限定在 0.5 至 2 之间，"
    "前后半段按所选时段的中点划分；"
    "支持系数 = 1 + ln(1 + 点赞数) ÷ 10，没有点赞数据时为 1。"
)
GROWTH_BOUNDS = (0.5, 2.0)


@dataclass(frozen=True)
class Message:
    key: object  # the caller's id (an opinion's pk, a CSV's 留言编号)
    title: str
    body: str
    at: datetime
    place: str = ""  # a region's name, for the place summary
    votes: int = 0  # support votes, where the source has them


@dataclass
class Topic:
    keywords: list[str]
    members: list[Message]
    representatives: list[Message]
    heat: float
    earlier: int  # messages in the first half of the period
    later: int  # messages in the second half
    growth: float  # the growth factor used in the heat
    votes: int
    places: list[tuple[str, int]] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.members)

    @property
    def label(self) -> str:
        return "、".join(self.keywords)

    @property
    def first_at(self) -> datetime:
        return min(m.at for m in self.members)

    @property
    def last_at(self) -> datetime:
        return max(m.at for m in self.members)


def heat_score(count: int, earlier: int, later: int, votes: int = 0) -> tuple[float, float]:
    """The heat of a topic and its growth factor, as HEAT_DEFINITION says."""
    low, high = GROWTH_BOUNDS
    growth = min(high, max(low, math.sqrt((later + 1) / (earlier + 1))))
    support = 1 + math.log1p(max(votes, 0)) / 10
    return count * growth * support, growth


def _words(message: Message) -> list[str]:
    title = tokenize(message.title, hmm=False)
    return title + title + tokenize(message.body, hmm=False)


def vectorize(messages: Sequence[Message]):
    """L2-normalised TF-IDF rows, and the vocabulary (column → word)."""
    documents = [_words(m) for m in messages]
    large = len(documents) >= 50
    vectorizer = TfidfVectorizer(
        analyzer=lambda words: words,
        sublinear_tf=True,
        # Words of a single message cannot link two; words in most messages ("A市") link all.
        min_df=2 if large else 1,
        max_df=0.3 if large else 1.0,
    )
    try:
        matrix = vectorizer.fit_transform(documents)
    except ValueError:  # no word at all survived (empty or punctuation-only messages)
        return sparse.csr_matrix((len(documents), 0)), np.array([], dtype=object)
    return matrix.tocsr(), vectorizer.get_feature_names_out()


def similar_pairs(matrix, threshold: float):
    """The sparse matrix of cosine similarities ≥ threshold between different messages."""
    n = matrix.shape[0]
    blocks = []
    transposed = matrix.T.tocsc()
    for start in range(0, n, _BLOCK_ROWS):
        block = (matrix[start : start + _BLOCK_ROWS] @ transposed).tocsr()
        block.data[block.data < threshold - 1e-9] = 0
        block.eliminate_zeros()
        blocks.append(block)
    similarities = sparse.vstack(blocks).tocsr() if blocks else sparse.csr_matrix((0, 0))
    similarities.setdiag(0)
    similarities.eliminate_zeros()
    return similarities


def cluster(matrix, threshold: float = DEFAULT_THRESHOLD) -> list[int]:
    """A topic number per row (star clustering; see the module's docstring)."""
    n = matrix.shape[0]
    similarities = similar_pairs(matrix, threshold)
    degree = np.diff(similarities.indptr)
    order = sorted(range(n), key=lambda i: (-int(degree[i]), i))
    labels = [-1] * n
    topic = 0
    for centre in order:
        if labels[centre] != -1:
            continue
        labels[centre] = topic
        for neighbour in similarities.indices[similarities.indptr[centre] : similarities.indptr[centre + 1]]:
            if labels[neighbour] == -1:
                labels[neighbour] = topic
        topic += 1
    return labels


def find_topics(
    messages: Sequence[Message],
    *,
    start: datetime | None = None,
    end: datetime | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    use_votes: bool = True,
    limit: int | None = 20,
) -> list[Topic]:
    """The topics of these messages (at least MIN_TOPIC_SIZE each), hottest first.

    start and end are the period chosen (its midpoint splits earlier from later for the growth);
    without them the span of the messages is used.
    """
    if not messages:
        return []
    matrix, vocabulary = vectorize(messages)
    labels = cluster(matrix, threshold)
    return topics_from_labels(
        messages, matrix, vocabulary, labels, start=start, end=end, use_votes=use_votes, limit=limit
    )


def topics_from_labels(
    messages: Sequence[Message],
    matrix,
    vocabulary,
    labels: list[int],
    *,
    start: datetime | None = None,
    end: datetime | None = None,
    use_votes: bool = True,
    limit: int | None = 20,
) -> list[Topic]:
    """The topics of a clustering already made (the evaluation ranks one clustering twice)."""
    start = start or min(m.at for m in messages)
    end = end or max(m.at for m in messages)
    middle = start + (end - start) / 2
    groups: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        groups.setdefault(label, []).append(index)
    topics = []
    for rows in groups.values():
        if len(rows) < MIN_TOPIC_SIZE:
            continue
        members = [messages[i] for i in rows]
        earlier = sum(1 for m in members if m.at < middle)
        votes = sum(max(m.votes, 0) for m in members) if use_votes else 0
        heat, growth = heat_score(len(members), earlier, len(members) - earlier, votes)
        keywords, representatives = _describe(matrix[rows], vocabulary, members)
        places = Counter(m.place for m in members if m.place).most_common(3)
        topics.append(
            Topic(
                keywords=keywords,
                members=members,
                representatives=representatives,
                heat=heat,
                earlier=earlier,
                later=len(members) - earlier,
                growth=growth,
                votes=votes,
                places=places,
            )
        )
    # Hottest first; equal heat: more messages, then the earlier first message (deterministic).
    topics.sort(key=lambda t: (-t.heat, -t.count, t.first_at, str(t.members[0].key)))
    return topics[:limit] if limit else topics


def _describe(rows, vocabulary, members: list[Message]) -> tuple[list[str], list[Message]]:
    """The words that weigh most in the topic's centroid, and the messages closest to it."""
    centroid = np.asarray(rows.sum(axis=0)).ravel()
    if centroid.size == 0 or not centroid.any():
        return [], members[:_REPRESENTATIVES]
    # A stable sort over the (alphabetical) vocabulary: equal weights keep alphabetical order.
    top = [j for j in np.argsort(-centroid, kind="stable")[:_KEYWORDS] if centroid[j] > 0]
    closeness = rows @ (centroid / np.linalg.norm(centroid))
    order = sorted(range(len(members)), key=lambda i: (-float(closeness[i]), members[i].at))
    return [str(vocabulary[j]) for j in top], [members[i] for i in order[:_REPRESENTATIVES]]
