"""Precision and recall of lianxin.opinions.deidentify on 80 hand-labelled citizens' messages.

A harness, not a test. The messages are not in the repository: the citizen-messages data set
(TipDM Cup 2020, problem C) may be used for internal evaluation only. bench/deidentify_labels.json
holds each message's 留言编号, the edits that turn the data set's text into the labelled text
(deletions and synthetic numbers where the data set had placeholders) and the labels as offsets.
Run from the repository root with a copy of the data set's messages.csv:

    .venv/bin/python bench/deidentify_eval.py --messages /path/to/messages.csv
    LIANXIN_CITIZEN_MESSAGES=/path/to/messages.csv .venv/bin/python bench/deidentify_eval.py

Scoring, per kind: a finding is correct when it overlaps a labelled span of its kind; a labelled
span is recalled when a finding of its kind overlaps it. Overlapping labelled spans of one kind
count once (a label is a string, and every occurrence of it in the message is labelled).
"""

import argparse
import csv
import json
import os
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LABELS = Path(__file__).with_name("deidentify_labels.json")
ENV = "LIANXIN_CITIZEN_MESSAGES"


class EvalError(Exception):
    pass


def original_text(row: dict) -> str:
    return row["留言主题"].strip() + "\n" + row["留言详情"].strip()


def edited(text: str, replacements) -> str:
    pieces, cursor = [], 0
    for start, end, new in sorted(replacements):
        if start < cursor or end > len(text):
            raise EvalError(f"编辑越界或重叠 / edit out of range or overlapping: {start}–{end}")
        pieces += [text[cursor:start], new]
        cursor = end
    return "".join(pieces) + text[cursor:]


def read_rows(path: Path) -> dict[str, list[dict]]:
    rows: dict[str, list[dict]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            rows.setdefault(row["留言编号"], []).append(row)
    return rows


def labelled_messages(messages_csv: Path, labels_path: Path = LABELS) -> list[dict]:
    """The labelled messages rebuilt from the data set: {"id", "text", "pii": [(kind, start, end)]}."""
    rows = read_rows(messages_csv)
    out = []
    for label in json.loads(labels_path.read_text(encoding="utf-8"))["messages"]:
        found = rows.get(label["id"], [])
        nth = label.get("nth", 0)
        if nth >= len(found):
            raise EvalError(
                f"messages.csv 中没有编号 {label['id']} 的留言 / no message {label['id']} in messages.csv"
            )
        row = found[nth]
        # The test split is kept for the data set's own benchmark; nothing here may look at it.
        if row.get("split") != "train":
            raise EvalError(
                f"留言 {label['id']} 不属于训练集（split={row.get('split')!r}），拒绝使用 / "
                f"message {label['id']} is not in split=train, refused"
            )
        text = edited(original_text(row), label["replacements"])
        for _kind, start, end in label["pii"]:
            if not 0 <= start < end <= len(text):
                raise EvalError(f"留言 {label['id']} 的标注越界 / label out of range in {label['id']}")
        out.append({"id": label["id"], "text": text, "pii": [tuple(p) for p in label["pii"]]})
    return out


def _merged(spans):
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


def measure(messages) -> dict[str, Counter]:
    """Per kind: predicted, predicted correctly, labelled, labelled and found."""
    from lianxin.opinions import deidentify as d

    counts = {kind: Counter() for kind in d.KIND_LABELS}
    for message in messages:
        spans: dict[str, list] = {}
        for kind, start, end in message["pii"]:
            spans.setdefault(kind, []).append((start, end))
        gold = {kind: _merged(found) for kind, found in spans.items()}
        found = d.find(message["text"])
        for finding in found:
            hits = [g for g in gold.get(finding.kind, []) if g[0] < finding.end and finding.start < g[1]]
            counts[finding.kind]["predicted"] += 1
            counts[finding.kind]["correct"] += bool(hits)
        for kind, kind_spans in gold.items():
            for start, end in kind_spans:
                counts[kind]["labelled"] += 1
                counts[kind]["recalled"] += any(
                    f.kind == kind and f.start < end and start < f.end for f in found
                )
    return counts


def _ratio(part: int, whole: int) -> str:
    return f"{part / whole:.3f}" if whole else "—"


def report(counts: dict[str, Counter]) -> str:
    columns = ("precision", "recall", "found", "correct", "labelled", "recalled")
    lines = [f"{'kind':<10}" + "".join(f"{name:>10}" for name in columns)]
    total: Counter = Counter()
    for c in counts.values():
        total.update(c)
    for kind, c in [*counts.items(), ("overall", total)]:
        values = (
            _ratio(c["correct"], c["predicted"]),
            _ratio(c["recalled"], c["labelled"]),
            c["predicted"],
            c["correct"],
            c["labelled"],
            c["recalled"],
        )
        lines.append(f"{kind:<10}" + "".join(f"{value:>10}" for value in values))
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--messages",
        type=Path,
        default=os.environ.get(ENV) or None,
        help=f"path to the data set's messages.csv (default: ${ENV})",
    )
    args = parser.parse_args(argv)
    if args.messages is None:
        print(
            f"请用 --messages 或环境变量 {ENV} 指定 citizen-messages 数据集的 messages.csv。\n"
            f"Give the data set's messages.csv with --messages or ${ENV}.",
            file=sys.stderr,
        )
        return 2
    path = Path(args.messages)
    if not path.is_file():
        print(f"找不到文件 {path}。\nNo such file: {path}", file=sys.stderr)
        return 2
    try:
        messages = labelled_messages(path)
    except (EvalError, KeyError) as error:
        print(f"无法重建标注样本 / cannot rebuild the labelled sample: {error}", file=sys.stderr)
        return 1
    print(f"{len(messages)} messages, {sum(len(m['pii']) for m in messages)} labelled occurrences")
    print(report(measure(messages)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
