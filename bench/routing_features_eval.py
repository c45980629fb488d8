"""Character n-grams or jieba words for the 承办单位 model? A proxy, since no real assignments exist:

    .venv/bin/python -m bench.routing_features_eval --messages /path/to/citizen-messages

The data set has no units, so its seven first-level labels stand in for seven units, and the
model learns from few decisions, as a congress's does: trained on the first N raw messages of
split=train (N = 100, 300, 820), tested on the 548 of split=test, without the category feature.
"""

import argparse
import csv
from pathlib import Path

from lianxin.insight.text import message_text
from lianxin.routing.router import UnitRouter


class WordRouter(UnitRouter):
    def __init__(self):
        super().__init__()
        from lianxin.insight.text import _jieba

        jieba = _jieba()
        self.vectorizer.set_params(analyzer=lambda text: [w for w in jieba.lcut(text) if w.strip()])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=Path, required=True)
    args = parser.parse_args()
    with (args.messages / "messages.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    data = {
        split: [
            (message_text(r["留言主题"], r["留言详情"]), r["一级标签"]) for r in rows if r["split"] == split
        ]
        for split in ("train", "test")
    }
    labels = sorted({label for split in data.values() for _t, label in split})
    number = {label: i for i, label in enumerate(labels)}  # units are ids
    for size in (100, 300, 820):
        train = data["train"][:size]
        for name, router_class in (("char 1-2", UnitRouter), ("jieba", WordRouter)):
            router = router_class().fit(
                [t for t, _l in train], [""] * len(train), [number[label] for _t, label in train]
            )
            top1 = top3 = 0
            for text, label in data["test"]:
                ranked = [unit for unit, _p in router.ranked(text, "", 3)]
                top1 += bool(ranked) and ranked[0] == number[label]
                top3 += number[label] in ranked
            n = len(data["test"])
            print(f"train {size:4d} {name:9s} top1 {top1 / n:.3f} top3 {top3 / n:.3f}")


if __name__ == "__main__":
    main()
