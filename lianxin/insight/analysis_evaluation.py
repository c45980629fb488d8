"""The hot-topic and reply-quality sections of `python -m lianxin.insight.evaluate`.

hotspots.csv has no topic labels, so the topics are judged by what the data does say:
- 重复留言召回: pairs of messages with identical title and body must land in one topic;
- 同题留言 (a silver grouping): messages with an identical title are the same matter posted
  again; the adjusted Rand index and NMI of our topics against that grouping, on those messages;
- 高赞留言: of the 1% most-liked messages, the share in the 20 hottest topics when heat ignores
  votes (so the measure is not circular), and with votes;
- 内聚度: the mean cosine of a topic's messages to its centroid.
replies.csv has no quality labels: the score distribution and examples are reported.
Neither file is split; no threshold was fitted to these figures.
"""

import csv
import statistics
import time
from collections import defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

from lianxin.insight import topics as topic_module
from lianxin.insight.reply_quality import score_reply

BEIJING = ZoneInfo("Asia/Shanghai")
HOTSPOTS_FILE = "hotspots.csv"
REPLIES_FILE = "replies.csv"
# The opinions' reply period is 15 working days; offline, without the holiday calendar, three
# natural weeks stand in for it.
REPLY_PERIOD_DAYS = 21


def _read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _moment(raw: str) -> datetime:
    raw = raw.strip()
    # The platform's times are Beijing time.
    moment = datetime.strptime(raw, "%Y/%m/%d %H:%M:%S" if ":" in raw else "%Y/%m/%d")  # noqa: DTZ007
    return moment.replace(tzinfo=BEIJING)


def _votes(raw: str) -> int:
    try:
        return int(float(raw or 0))
    except ValueError:
        return 0


def _pair_recall(groups: list[list[int]], labels: list[int]) -> tuple[float, int]:
    pairs = together = 0
    for members in groups:
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                pairs += 1
                together += labels[a] == labels[b]
    return (together / pairs if pairs else 1.0), pairs


def topic_lines(directory: Path, threshold: float = topic_module.DEFAULT_THRESHOLD) -> list[str]:
    rows = _read(directory / HOTSPOTS_FILE)
    messages = [
        topic_module.Message(
            key=r["留言编号"],
            title=r["留言主题"].strip(),
            body=r["留言详情"].strip(),
            at=_moment(r["留言时间"]),
            votes=_votes(r.get("点赞数", "0")),
        )
        for r in rows
    ]
    started = time.process_time()
    matrix, vocabulary = topic_module.vectorize(messages)
    labels = topic_module.cluster(matrix, threshold)
    ranked = topic_module.topics_from_labels(messages, matrix, vocabulary, labels, limit=None)
    seconds = time.process_time() - started
    without_votes = topic_module.topics_from_labels(
        messages, matrix, vocabulary, labels, use_votes=False, limit=None
    )

    duplicates, same_title = defaultdict(list), defaultdict(list)
    for index, message in enumerate(messages):
        duplicates[(message.title, message.body)].append(index)
        same_title[message.title].append(index)
    duplicate_recall, duplicate_pairs = _pair_recall([g for g in duplicates.values() if len(g) > 1], labels)
    silver = [g for g in same_title.values() if len(g) > 1]
    silver_rows = [i for g in silver for i in g]
    silver_truth = [n for n, g in enumerate(silver) for _ in g]
    silver_ours = [labels[i] for i in silver_rows]
    silver_recall, _ = _pair_recall(silver, labels)

    def share_in_top(ranking, top=20) -> float:
        keys = {m.key for t in ranking[:top] for m in t.members}
        most_liked = sorted(messages, key=lambda m: (-m.votes, str(m.key)))[: max(1, len(messages) // 100)]
        return sum(m.key in keys for m in most_liked) / len(most_liked)

    cohesion = []
    for label in set(labels):
        members = [i for i, x in enumerate(labels) if x == label]
        if len(members) < topic_module.MIN_TOPIC_SIZE:
            continue
        block = matrix[members]
        centroid = np.asarray(block.sum(axis=0)).ravel()
        norm = np.linalg.norm(centroid)
        if norm:
            cohesion.extend((block @ (centroid / norm)).tolist())

    clustered = sum(t.count for t in ranked)
    lines = [
        f"hot topics: {directory / HOTSPOTS_FILE}（{len(messages)} 条），余弦阈值 {threshold}",
        f"  topics (≥{topic_module.MIN_TOPIC_SIZE} 条): {len(ranked)}，覆盖留言 {clustered}"
        f"（{clustered / len(messages):.1%}），最大话题 {max((t.count for t in ranked), default=0)} 条",
        f"  duplicate-pair recall: {duplicate_recall:.4f}（{duplicate_pairs} 对主题与详情完全相同的留言）",
        f"  same-title ARI: {adjusted_rand_score(silver_truth, silver_ours):.4f}  "
        f"NMI: {normalized_mutual_info_score(silver_truth, silver_ours):.4f}  "
        f"pair recall: {silver_recall:.4f}（{len(silver_rows)} 条同题留言，{len(silver)} 组）",
        f"  top-1%-liked in top-20 topics: {share_in_top(without_votes):.4f}（热度不计点赞）"
        f"  {share_in_top(ranked):.4f}（热度计点赞）",
        f"  cohesion (mean cosine to centroid): {statistics.fmean(cohesion) if cohesion else 0:.4f}",
        f"  clustering time: {seconds:.2f} s CPU（分词在内，{len(messages) / max(seconds, 1e-9):.0f} 条/秒）",
        f"  heat: {topic_module.HEAT_DEFINITION}",
        "  top topics:",
    ]
    for rank, topic in enumerate(ranked[:10], start=1):
        lines.append(
            f"    {rank:>2}. 热度 {topic.heat:7.1f}  {topic.count:>3} 条  点赞 {topic.votes:>5}  "
            f"{topic.first_at:%Y-%m-%d}～{topic.last_at:%Y-%m-%d}  [{topic.label}]  "
            f"例：{topic.representatives[0].title}"
        )
    return lines


def reply_lines(directory: Path, examples: int = 3) -> list[str]:
    rows = _read(directory / REPLIES_FILE)
    started = time.process_time()
    scored = []
    for row in rows:
        asked: date = _moment(row["留言时间"]).date()
        scored.append(
            score_reply(
                question_title=row["留言主题"].strip(),
                question_body=row["留言详情"].strip(),
                reply=row["答复意见"].strip(),
                replied_on=_moment(row["答复时间"]).date(),
                due=asked + timedelta(days=REPLY_PERIOD_DAYS),
            )
        )
    seconds = time.process_time() - started

    def quantiles(values: list[float]) -> str:
        values = sorted(values)
        points = (0.1, 0.25, 0.5, 0.75, 0.9)
        return "  ".join(f"p{int(q * 100)}={values[int(q * (len(values) - 1))]:.2f}" for q in points)

    weak = [i for i, s in enumerate(scored) if s.weak]
    reason_counts: dict[str, int] = defaultdict(int)
    for s in scored:
        for reason in s.reasons:
            reason_counts[reason.split("（")[0].split(" ")[0].rstrip("。")] += 1
    lines = [
        f"reply quality: {directory / REPLIES_FILE}（{len(rows)} 条答复；"
        f"期限按留言后 {REPLY_PERIOD_DAYS} 天计）",
        f"  relevance:    {quantiles([s.relevance for s in scored])}",
        f"  completeness: {quantiles([s.completeness for s in scored])}",
        f"  timeliness:   {quantiles([s.timeliness for s in scored if s.timeliness is not None])}",
        f"  overall:      {quantiles([s.overall for s in scored])}",
        f"  flagged weak: {len(weak)}（{len(weak) / len(scored):.1%}）",
        "  reasons: "
        + "；".join(f"{k} {v}" for k, v in sorted(reason_counts.items(), key=lambda kv: -kv[1])),
        f"  scoring time: {seconds:.2f} s CPU（{len(rows) / max(seconds, 1e-9):.0f} 条/秒）",
    ]

    def show(kind: str, indexes: list[int]) -> None:
        # Evenly spread over the file, so the examples are not hand-picked.
        step = max(1, len(indexes) // examples)
        for i in indexes[::step][:examples]:
            s, row = scored[i], rows[i]
            reply = " ".join(row["答复意见"].split())
            lines.append(
                f"    [{kind}] 相关 {s.relevance:.2f} 完整 {s.completeness:.2f}  "
                f"问：{row['留言主题'].strip()[:30]}"
                f"  答：{reply[:80]}{'…' if len(reply) > 80 else ''}"
                + (f"  理由：{''.join(s.reasons)}" if s.reasons else "")
            )

    lines.append("  examples:")
    show("flagged", weak)
    show("not flagged", [i for i, s in enumerate(scored) if not s.weak])
    return lines
