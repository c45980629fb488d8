"""答复质量: score a reply to a citizen for relevance, completeness and timeliness, and say
in Chinese why a weak one is weak, so that staff look at it before the citizen does.

Rules, not a trained model: there is no labelled set of good and bad replies, and staff must be
able to read why a reply was flagged. Each part is a number from 0 to 1:

- relevance: half the cosine similarity of the question's and the reply's words (jieba, stop
  words out), half the share of the question title's character pairs that the
  reply takes up — a reply that never names what was asked is about something else;
- completeness: length (full at 150 Chinese characters), concrete measures (整改、维修、已安排…),
  dates or time limits, a contact (a telephone number, 联系电话, 窗口), a basis (根据…规定);
  a reply that only says it was received or passed on (已收悉、已转交有关部门) loses 0.3;
- timeliness: 1 when replied by the due date, falling to 0 at 30 days late; None without a due date.

A reply is weak when a reason about its content applies (lateness is reported, not flagged);
the reasons are what staff read.
"""

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from lianxin.insight.text import chinese_character_count, tokenize

# Thresholds chosen by reading replies (not fitted to any figure): see docs/performance.md
# for how many real replies each one flags.
MIN_RELEVANCE = 0.12
MIN_COMPLETENESS = 0.4
MIN_CHARACTERS = 30
FULL_LENGTH = 150
LATE_DAYS_TO_ZERO = 30

_MEASURES = re.compile(
    r"整改|维修|修复|清理|清除|拆除|查处|处罚|罚款|责令|督促|约谈|安排|落实|解决|完成|开展|实施|"
    r"协调|调查|核查|核实|现场|排查|更换|恢复|启动|列入|纳入|办理|补发|发放|退还|处理完毕|已于|将于|计划|"
    # What a unit adds, opens or builds is a measure as much as what it repairs.
    r"增开|增设|增加|新增|加装|安装|设置|开通|调整|改造|硬化|疏通|铺设|修建|养护|试运行|立案|取缔|关停"
)
_DATES = re.compile(
    r"\d{4}\s*年|\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|月底|年底|年内|月内|近期|\d+\s*个?工作日|\d+\s*天内|"
    r"[一二三四五六七八九十]+月|"
    # Dates said relative to the reply: 自下月 1 日起, 本周内, 明年春季.
    r"下个?月|本月|下周|本周|[上中下]旬|明年|今年|[上下]半年|即日起|\d{1,2}\s*日起|[春秋]季|季度"
)
_CONTACTS = re.compile(r"(?<!\d)(?:0\d{2,3}-?)?\d{7,8}(?!\d)|1[3-9]\d{9}|联系电话|咨询电话|热线|窗口|联系人")
_BASIS = re.compile(r"根据|依据|按照|规定|《")
_BOILERPLATE = re.compile(
    r"已收悉|已转交|转交有关部门|转交相关部门|已转至|已转办|转相关部门|请(?:向|到|与)?.{0,12}(?:咨询|联系)|"
    r"不属于.{0,10}职责|感谢您的(?:关注|关心|支持)|请咨询"
)
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
_PUNCTUATION_AND_SPACE = re.compile(r"[\s\W_]+")


@dataclass(frozen=True)
class ReplyScore:
    relevance: float
    completeness: float
    timeliness: float | None
    weak: bool
    reasons: list[str] = field(default_factory=list)
    days_late: int = 0

    @property
    def overall(self) -> float:
        """The mean of the parts there are (timeliness only with a due date)."""
        parts = [self.relevance, self.completeness]
        if self.timeliness is not None:
            parts.append(self.timeliness)
        return sum(parts) / len(parts)


def _cosine(a: Counter, b: Counter) -> float:
    if not a or not b:
        return 0.0
    dot = sum(count * b[word] for word, count in a.items() if word in b)
    return dot / (math.sqrt(sum(c * c for c in a.values())) * math.sqrt(sum(c * c for c in b.values())))


def _character_pairs(text: str) -> set[str]:
    pairs = set()
    for run in _HAN_RUN.findall(text or ""):
        pairs.update(run[i : i + 2] for i in range(len(run) - 1))
    return pairs


def relevance(question_title: str, question_body: str, reply: str) -> float:
    question_words = tokenize(f"{question_title}\n{question_body}", hmm=False)
    reply_words = tokenize(reply, hmm=False)
    cosine = _cosine(Counter(question_words), Counter(reply_words))
    # Pairs of Chinese characters rather than words: a reply that says 焚烧稻草 to a question
    # about 焚烧垃圾 is on the subject even where jieba cuts the two differently.
    title_pairs = _character_pairs(question_title)
    coverage = len(title_pairs & _character_pairs(reply)) / len(title_pairs) if title_pairs else cosine
    return round(0.5 * cosine + 0.5 * coverage, 4)


def _is_only_boilerplate(reply: str) -> bool:
    """Nothing left once the received-and-passed-on phrases and greetings are taken out."""
    rest = _BOILERPLATE.sub("", reply)
    rest = re.sub(r"网友|您好|你好|您的留言|留言|\d{4}年\d{1,2}月\d{1,2}日|“[^”]*”", "", rest)
    return chinese_character_count(_PUNCTUATION_AND_SPACE.sub("", rest)) < 20


def completeness(reply: str) -> tuple[float, dict]:
    """The score and what was found (for the reasons)."""
    characters = chinese_character_count(reply)
    measures = len(set(_MEASURES.findall(reply)))
    found = {
        "characters": characters,
        "measures": measures,
        "dates": bool(_DATES.search(reply)),
        "contacts": bool(_CONTACTS.search(reply)),
        "basis": bool(_BASIS.search(reply)),
        "boilerplate": bool(_BOILERPLATE.search(reply)) and _is_only_boilerplate(reply),
    }
    score = (
        0.35 * min(1.0, characters / FULL_LENGTH)
        + 0.25 * min(1.0, measures / 2)
        + 0.15 * found["dates"]
        + 0.10 * found["contacts"]
        + 0.15 * found["basis"]
    )
    if found["boilerplate"]:
        score -= 0.3
    return round(max(0.0, min(1.0, score)), 4), found


def timeliness(replied_on: date | None, due: date | None) -> tuple[float | None, int]:
    if replied_on is None or due is None:
        return None, 0
    late = (replied_on - due).days
    if late <= 0:
        return 1.0, 0
    return round(max(0.0, 1 - late / LATE_DAYS_TO_ZERO), 4), late


def score_reply(
    *,
    question_title: str,
    question_body: str,
    reply: str,
    replied_on: date | None = None,
    due: date | None = None,
) -> ReplyScore:
    reply = (reply or "").strip()
    related = relevance(question_title or "", question_body or "", reply)
    complete, found = completeness(reply)
    timely, late = timeliness(replied_on, due)
    reasons = []
    if found["characters"] < MIN_CHARACTERS:
        reasons.append(f"答复过短（{found['characters']} 个汉字），没有说明处理情况。")
    if found["boilerplate"]:
        reasons.append("答复只有“已收悉”“已转交有关部门”之类的套话，没有说明如何处理。")
    if related < MIN_RELEVANCE:
        reasons.append(f"答复与所提问题关联度低（相关度 {related:.2f}），未回应留言所问的事项。")
    if complete < MIN_COMPLETENESS and not found["boilerplate"] and found["characters"] >= MIN_CHARACTERS:
        missing = [
            name
            for name, present in (
                ("具体措施", found["measures"] > 0),
                ("时限或日期", found["dates"]),
                ("联系方式", found["contacts"]),
                ("依据", found["basis"]),
            )
            if not present
        ]
        reasons.append(f"答复不够完整（完整度 {complete:.2f}），缺少{'、'.join(missing) or '具体内容'}。")
    # Lateness is reported but flags nothing by itself: holding a late reply back for review
    # would only make the citizen wait longer for an answer that may be a good one.
    weak = bool(reasons)
    if late > 0:
        reasons.append(f"超过答复期限 {late} 天。")
    return ReplyScore(
        relevance=related,
        completeness=complete,
        timeliness=timely,
        weak=weak,
        reasons=reasons,
        days_late=late,
    )
