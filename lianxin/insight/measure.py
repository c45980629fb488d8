"""Figures of a classifier on labelled messages: accuracy, macro-F1, per-category F1, throughput."""

import time
from dataclasses import dataclass

from sklearn.metrics import accuracy_score, f1_score


@dataclass
class Figures:
    messages: int
    accuracy: float
    macro_f1: float
    per_category_f1: dict[str, float]
    support: dict[str, int]
    messages_per_second: float  # from the CPU time of the one thread that classifies
    messages_per_second_wall_clock: float  # lower when other work shares the machine
    labels_unknown_to_model: list[str]

    def describe(self) -> dict:
        return {
            "messages": self.messages,
            "accuracy": round(self.accuracy, 4),
            "macro_f1": round(self.macro_f1, 4),
            "per_category_f1": {k: round(v, 4) for k, v in self.per_category_f1.items()},
            "messages_per_second": round(self.messages_per_second),
            "messages_per_second_wall_clock": round(self.messages_per_second_wall_clock),
        }


def _one_core():
    """Limit numpy's BLAS threads to one (jieba and the rest are single-threaded already)."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1)


def measure(classifier, texts: list[str], labels: list[str], repeats: int = 3) -> Figures:
    """Classify raw texts, segmentation included; throughput is the best of `repeats` passes.

    Throughput counts CPU time (one thread: BLAS is limited to one, jieba is single-threaded),
    so that it measures one core's work even on a busy machine; wall-clock time is kept beside it.
    """
    best_cpu = best_wall = float("inf")
    predicted: list[str] = []
    with _one_core():
        for _ in range(max(1, repeats)):
            wall, cpu = time.perf_counter(), time.process_time()
            predicted = classifier.predict(texts)
            best_cpu = min(best_cpu, time.process_time() - cpu)
            best_wall = min(best_wall, time.perf_counter() - wall)
    categories = sorted(set(labels) | set(predicted))
    scores = f1_score(labels, predicted, labels=categories, average=None, zero_division=0)
    known = set(classifier.classes)
    return Figures(
        messages=len(texts),
        accuracy=float(accuracy_score(labels, predicted)),
        macro_f1=float(f1_score(labels, predicted, labels=categories, average="macro", zero_division=0)),
        per_category_f1=dict(zip(categories, map(float, scores), strict=True)),
        support={c: labels.count(c) for c in categories},
        messages_per_second=len(texts) / best_cpu if best_cpu > 0 else float("inf"),
        messages_per_second_wall_clock=len(texts) / best_wall if best_wall > 0 else float("inf"),
        labels_unknown_to_model=sorted(set(labels) - known),
    )
