"""Precision and recall of the 并案 candidate detector (lianxin.routing.duplicates) on real messages,
and its latency at the candidate cap.

    .venv/bin/python -m bench.routing_duplicates_eval --messages /path/to/citizen-messages

Data: hotspots.csv (4,326 messages of one city, 2017–2020). Labels: the data set README's own
near-duplicate rule on jieba word sets (Jaccard ≥ 0.5, or overlap ≥ 0.8 with ≥ 20 words each),
which is independent of the detector's character n-grams but not of the text, so it rewards
reworded copies and misses the same matter told in other words. Protocol: messages in time order;
each is compared with the earlier messages of the previous 90 days (the newest 300, as in
production); a pair is a duplicate when the rule says so. Precision counts the offered pairs that
are duplicates; recall counts the duplicate pairs in the window that were offered (top 5).
For speed the IDF is fitted once on all messages (production fits it on the candidates).
"""

import argparse
import csv
import datetime
import statistics
import time
from pathlib import Path

import django
import numpy as np
from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import TfidfVectorizer

django.setup()  # duplicates imports the casework models

from lianxin.insight.text import message_text  # noqa: E402
from lianxin.routing import duplicates  # noqa: E402

WINDOW_DAYS = 90


def _load(directory: Path):
    with (directory / "hotspots.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        # The data set gives local times without a zone; only their order and distance matter here.
        row["at"] = datetime.datetime.strptime(row["留言时间"].strip(), "%Y/%m/%d %H:%M:%S")  # noqa: DTZ007
    rows.sort(key=lambda r: (r["at"], r["留言编号"]))
    return rows


def _labels(texts):
    import jieba

    jieba.setLogLevel(60)
    from lianxin.insight.text import STOP_WORDS

    sets = [{w.strip() for w in jieba.lcut(t) if w.strip() and w.strip() not in STOP_WORDS} for t in texts]
    vocabulary = {w: i for i, w in enumerate(sorted(set().union(*sets)))}
    rows = [i for i, s in enumerate(sets) for _w in s]
    cols = [vocabulary[w] for s in sets for w in s]
    matrix = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(sets), len(vocabulary)))
    inter = (matrix @ matrix.T).toarray()
    sizes = np.array([len(s) for s in sets], dtype=float)
    union = sizes[:, None] + sizes[None, :] - inter
    jaccard = np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)
    smaller = np.minimum(sizes[:, None], sizes[None, :])
    overlap = np.divide(inter, smaller, out=np.zeros_like(inter), where=smaller > 0)
    big = (sizes[:, None] >= 20) & (sizes[None, :] >= 20)
    return (jaccard >= 0.5) | ((overlap >= 0.8) & big)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=Path, required=True)
    args = parser.parse_args()
    rows = _load(args.messages)
    texts = [duplicates._text(r["留言主题"], r["留言详情"].strip()) for r in rows]
    label = _labels([message_text(r["留言主题"], r["留言详情"].strip()) for r in rows])
    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=duplicates.NGRAMS, sublinear_tf=True)
    matrix = vectorizer.fit_transform(texts)
    cosine = (matrix @ matrix.T).toarray()
    times = [r["at"] for r in rows]
    for threshold in (0.25, 0.35, 0.45, 0.55):
        offered = hits = relevant = 0
        for i in range(len(rows)):
            start = times[i] - datetime.timedelta(days=WINDOW_DAYS)
            window = [j for j in range(max(0, i - duplicates.MAX_CANDIDATES), i) if times[j] >= start]
            if not window:
                continue
            window = np.array(window)
            relevant += int(label[i, window].sum())
            scores = cosine[i, window]
            top = window[np.argsort(-scores)[: duplicates.TOP]]
            top = [j for j in top if cosine[i, j] >= threshold]
            offered += len(top)
            hits += int(sum(label[i, j] for j in top))
        precision = hits / offered if offered else 0
        recall = hits / relevant if relevant else 0
        print(
            f"threshold {threshold:.2f}: offered {offered}, duplicates {hits}, labelled pairs {relevant}, "
            f"precision {precision:.3f}, recall {recall:.3f}"
        )
    # Latency of the production function at the cap: fit + rank over 2,000 candidates.
    candidates = [(j, texts[j]) for j in range(duplicates.MAX_CANDIDATES)]
    spent = []
    for i in range(duplicates.MAX_CANDIDATES, duplicates.MAX_CANDIDATES + 30):
        began = time.perf_counter()
        duplicates.rank(texts[i], candidates)
        spent.append((time.perf_counter() - began) * 1000)
    spent.sort()
    print(
        f"rank() over {len(candidates)} candidates: median {statistics.median(spent):.0f} ms, "
        f"max {spent[-1]:.0f} ms (30 queries)"
    )


if __name__ == "__main__":
    main()
