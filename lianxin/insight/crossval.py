"""Cross-validation on the training rows only: how settings are chosen and how the manifest's
cross-validation figures are measured.

Near-duplicates must not sit on both sides of a fold: most raw training messages also appear,
segmented, among the pre-segmented rows. Rows are grouped as the data set's README does it
(token sets with Jaccard ≥ 0.5) and whole groups go to a fold (StratifiedGroupKFold).
The figure that decides is macro-F1 on the held-out *raw* messages, the form the test split
and real use have; macro-F1 over all held-out rows is reported beside it.
"""

from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedGroupKFold

from lianxin.insight.classifier import (
    RANDOM_STATE,
    CategoryClassifier,
    Settings,
    build_pipeline,
    fit_temperature,
    truncate,
)
from lianxin.insight.dataset import Row
from lianxin.insight.text import tokenized

JACCARD_THRESHOLD = 0.5


def pretokenized_vocabulary(rows: list[Row]) -> frozenset[str]:
    return frozenset(w for r in rows if r.pre_tokenized for w in r.text.split())


def near_duplicate_groups(token_sets: list[set[str]], threshold: float = JACCARD_THRESHOLD) -> np.ndarray:
    """Connected components of the graph 'Jaccard(token sets) ≥ threshold'."""
    index: dict[str, int] = {}
    indptr, indices = [0], []
    for words in token_sets:
        indices.extend(index.setdefault(w, len(index)) for w in words)
        indptr.append(len(indices))
    n = len(token_sets)
    matrix = csr_matrix((np.ones(len(indices), dtype=np.float32), indices, indptr), shape=(n, len(index)))
    sizes = np.asarray(matrix.sum(axis=1)).ravel()
    pairs_a, pairs_b = [], []
    step = 1000
    transposed = matrix.T.tocsr()
    for start in range(0, n, step):
        block = (matrix[start : start + step] @ transposed).tocoo()
        a = block.row + start
        union = sizes[a] + sizes[block.col] - block.data
        keep = (block.data >= threshold * np.maximum(union, 1)) & (a < block.col)
        pairs_a.append(a[keep])
        pairs_b.append(block.col[keep])
    a, b = np.concatenate(pairs_a), np.concatenate(pairs_b)
    graph = csr_matrix((np.ones(len(a)), (a, b)), shape=(n, n))
    return connected_components(graph, directed=False)[1]


@dataclass
class PreparedRows:
    texts: list[str]  # space-separated words
    labels: np.ndarray
    raw: np.ndarray  # bool: the row came as raw text
    groups: np.ndarray


def prepare_rows(rows: list[Row], settings: Settings, vocabulary: frozenset[str]) -> PreparedRows:
    texts = []
    for row in rows:
        if row.pre_tokenized:
            words = row.text.split()
            head = words[: settings.pretokenized_title_words]
            texts.append(" ".join(head * (settings.title_times - 1) + words) if head else row.text)
            continue
        words = tokenized(
            truncate(row.text, settings.max_characters, settings.title_times), hmm=settings.hmm
        ).split()
        if settings.restrict_vocabulary:
            words = [w for w in words if w in vocabulary]
        texts.append(" ".join(words))
    # Groups are computed on words within the pre-segmented vocabulary whatever the settings:
    # that is how the README matched raw messages to their segmented copies.
    sets = [
        {w for w in (r.text if r.pre_tokenized else tokenized(r.text)).split() if w in vocabulary}
        for r in rows
    ]
    return PreparedRows(
        texts=texts,
        labels=np.array([r.label for r in rows]),
        raw=np.array([not r.pre_tokenized for r in rows]),
        groups=near_duplicate_groups(sets),
    )


def sample_weights(prepared: PreparedRows, settings: Settings) -> np.ndarray:
    return np.where(prepared.raw, settings.raw_weight, 1.0)


@dataclass
class CrossValidation:
    folds: int
    raw_accuracy: float
    raw_macro_f1: float
    all_accuracy: float
    all_macro_f1: float
    temperature: float

    def describe(self) -> dict:
        return {
            "folds": self.folds,
            "grouping": f"near-duplicate groups (token-set Jaccard ≥ {JACCARD_THRESHOLD}), "
            "StratifiedGroupKFold",
            "raw_messages": {
                "accuracy": round(self.raw_accuracy, 4),
                "macro_f1": round(self.raw_macro_f1, 4),
            },
            "all_rows": {"accuracy": round(self.all_accuracy, 4), "macro_f1": round(self.all_macro_f1, 4)},
            "softmax_temperature": round(self.temperature, 4),
        }


def cross_validate(prepared: PreparedRows, settings: Settings, folds: int = 5) -> CrossValidation:
    splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=RANDOM_STATE)
    texts = np.array(prepared.texts, dtype=object)
    predicted = np.empty(len(texts), dtype=object)
    classes = np.array(sorted(set(prepared.labels)))
    scores = np.zeros((len(texts), len(classes)))
    weights = sample_weights(prepared, settings)
    for train, held_out in splitter.split(texts, prepared.labels, prepared.groups):
        pipeline = build_pipeline(settings).fit(
            list(texts[train]), prepared.labels[train], model__sample_weight=weights[train]
        )
        assert list(pipeline.classes_) == list(classes)
        scores[held_out] = pipeline.decision_function(list(texts[held_out]))
        predicted[held_out] = pipeline.predict(list(texts[held_out]))
    raw = prepared.raw
    labels = prepared.labels
    return CrossValidation(
        folds=folds,
        raw_accuracy=accuracy_score(labels[raw], predicted[raw]) if raw.any() else float("nan"),
        raw_macro_f1=f1_score(labels[raw], predicted[raw], average="macro") if raw.any() else float("nan"),
        all_accuracy=accuracy_score(labels, predicted),
        all_macro_f1=f1_score(labels, predicted, average="macro"),
        temperature=fit_temperature(scores, labels, classes),
    )


def fit_classifier(prepared: PreparedRows, settings: Settings, vocabulary, temperature: float):
    pipeline = build_pipeline(settings).fit(
        prepared.texts, prepared.labels, model__sample_weight=sample_weights(prepared, settings)
    )
    return CategoryClassifier(
        settings=settings,
        pipeline=pipeline,
        temperature=temperature,
        vocabulary=vocabulary if settings.restrict_vocabulary else frozenset(),
    )
