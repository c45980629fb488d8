"""Automatic de-identification of Chinese text before an opinion goes on the 回音壁.

``deidentify(text, names=[...])`` masks phone numbers, ID numbers, bank cards, e-mail
addresses, car plates, exact addresses and the names of private persons, and returns the
masked text with what it found, so that the person reviewing the draft sees every change.
It is a first pass, not a guarantee: a person reviews every draft before it is published, and
``contact_numbers`` re-checks the reviewed text for the two kinds that must never slip through.

Measured on 80 hand-labelled real messages by bench/deidentify_eval.py (figures in
docs/performance.md; the messages themselves stay outside the repository). Rules that decide
the borderline cases:

- an address is exact when it has a house number after a road or street (幸福路18号) or a
  building part with a unit or room (3栋2单元501室, 12栋1602, 5号楼); the road and the estate
  stay, the numbers go (幸福路**号). A building alone (小区2栋的电梯) names hundreds of
  households and stays; document numbers (湘政发〔2019〕12号) and metro lines (1号线) are not addresses;
- a name is a private person's when the submitter gave it, when it follows 我叫/本人/联系人…,
  when jieba tags it as a person's name next to a person cue (电话, 业主, 员工…), or in the
  forms 张某某, 王先生, 李女士, 张阿姨. Officials named by office (李科长) stay: their surname
  identifies no one.
"""

import functools
import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

PHONE = "phone"
ID_NUMBER = "id_number"
BANK_CARD = "bank_card"
EMAIL = "email"
PLATE = "plate"
ADDRESS = "address"
NAME = "name"

KIND_LABELS = {
    PHONE: _("电话号码"),
    ID_NUMBER: _("身份证号"),
    BANK_CARD: _("银行卡号"),
    EMAIL: _("电子邮箱"),
    PLATE: _("车牌号"),
    ADDRESS: _("详细地址"),
    NAME: _("姓名"),
}

# The order in which overlapping findings win: a number that is an ID is not also a phone.
_PRIORITY = [ID_NUMBER, BANK_CARD, PHONE, EMAIL, PLATE, ADDRESS, NAME]

# The hundred or so commonest surnames cover most people; rarer ones still come through
# jieba's person tag next to a cue, or the submitter's own name.
SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖萧田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    "易聂庞涂粟阳胥文柳甘倪谷卜殷翟葛樊温施洪季康盛柯邢骆祝伍欧"
)
_COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "令狐", "慕容", "尉迟", "公孙")

# Full-width digits and letters are read as their ASCII twins, one character for one, so that
# spans found in the normalised text are spans of the original.
_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF10, 0xFF5B)}
_FULLWIDTH.update({0x3000: 0x20, 0x00A0: 0x20})

_D = r"(?<![0-9A-Za-z])"
_E = r"(?![0-9])"
_ID_RE = re.compile(
    _D
    + r"[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]"
    + r"(?![0-9A-Za-z])"
)
_BANK_RE = re.compile(_D + r"[1-9]\d{3}[ -]?(?:\d{4}[ -]?){2}\d{4}(?:[ -]?\d{1,3})?" + _E)
_MOBILE_RE = re.compile(_D + r"(?:\+?86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}" + _E)
_LANDLINE_RE = re.compile(_D + r"(?:[(（]0\d{2,3}[)）][ -]?|0\d{2,3}[ -])?[2-9]\d{6,7}" + _E)
_LANDLINE_AREA_RE = re.compile(_D + r"0\d{2,3}-?[2-9]\d{6,7}" + _E)
_PHONE_CUE = re.compile(r"(电话|手机|热线|号码|联系方式|TEL|Tel|tel|座机|拨打|致电)")
_EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_PLATE_RE = re.compile(
    r"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z][·• ]?"
    r"[A-HJ-NP-Z0-9]{4}[A-HJ-NP-Z0-9挂学警港澳]"
    r"(?![A-Za-z0-9])"
)

_NUM = r"[0-9一二三四五六七八九十百零〇两]+"
_ROOMNUM = r"[0-9A-Za-z一二三四五六七八九十百零〇]+"
# A house number after a road or street, then any building parts.
_ROAD = r"(?:路|街|大道|大街|巷|弄|里|道|村|组|段|胡同)"
_BUILDING_PART = (
    rf"(?:{_ROOMNUM}(?:栋|幢|号楼|座|单元|室|房|户|楼|层|号(?!线|文|令)))"
    rf"|(?:-{_ROOMNUM})"
)
_HOUSE_RE = re.compile(
    rf"{_ROAD}(?P<number>{_NUM}(?:-{_NUM})?号(?![线文令件])(?:院|附{_NUM}号)?(?:[、 ]?{_BUILDING_PART})*)"
)
# Building parts without a road: a building with its unit, floor or room, or a "号楼".
_DIGITS = r"[0-9A-Za-z]+"
_BLOCK_BUILDING = rf"{_ROOMNUM}(?:栋|幢|座)"
_BLOCK_UNIT = rf"(?:{_ROOMNUM}单元|{_DIGITS}(?:层|楼))"
_BLOCK_ROOM = rf"(?:{_DIGITS}(?:室|房|号(?![线文令件])|户)|[0-9]{{3,4}}(?![0-9套户平人元米万千个间]))"
_BLOCK_RE = re.compile(
    rf"{_BLOCK_BUILDING}[ ]?(?:{_BLOCK_UNIT}[ ]?)+{_BLOCK_ROOM}?"
    rf"|{_BLOCK_BUILDING}[ ]?{_BLOCK_ROOM}"
    rf"|{_ROOMNUM}号楼(?:[ ]?{_BLOCK_UNIT})*{_BLOCK_ROOM}?"
    rf"|{_ROOMNUM}单元[ ]?{_BLOCK_ROOM}"
    rf"|{_ROOMNUM}弄{_NUM}号"
    rf"|(?<![0-9])[0-9]{{3,4}}室"
)

_HAN = r"[\u4e00-\u9fa5]"
_INTRO_RE = re.compile(
    r"(?:我叫|我名叫|我的名字是|我是|本人|姓名[:： ]*|联系人[:： ]*|举报人[:： ]*|申请人[:： ]*"
    r"|反映人[:： ]*|署名[:： ]*)"
    rf"(?P<name>{_HAN}{{2,3}}?)(?=[，,。、\s（(：:]|女|男|今年|现年|是|系|，|电话|家住|身份证|$)"
)
_MOU_RE = re.compile(
    rf"(?P<name>[{''.join(sorted(SURNAMES))}]某+)(?![省市县区地些种个处天年月日项家位单公部])"
)
_HONORIFIC_RE = re.compile(
    rf"(?P<name>[{''.join(sorted(SURNAMES))}])(?:先生|女士|小姐|阿姨|师傅|大爷|大妈|奶奶|爷爷|叔叔|婆婆)"
)
_S = "".join(sorted(SURNAMES))
# A full name after a word that says who the person is: 开发商吴国栋, 前夫邓家明, 叫罗建华的老板.
_ROLE_RE = re.compile(
    r"(?:开发商|承建商|承建方|法定代表人|法人代表|法人|退休人员|申请人|举报人|报告人|联系人|村民|居民|专家|继母|继父|前夫|前妻|"
    r"丈夫|妻子|老板|员工|职工|业主|教师|医生|导游|快递员|当事人|户主|叫)[:：「“ ]*"
    rf"(?P<name>[{_S}][\u4e00-\u9fa5]{{1,2}})"
)
# A name right before a phone number: 陈永红：138…, 黄丽萍  电话：139…
_BEFORE_PHONE_RE = re.compile(
    rf"(?<![\u4e00-\u9fa5])(?P<name>[{_S}][\u4e00-\u9fa5]{{1,2}})[ ]*"
    r"(?:[:：]|电话|手机|联系电话)[:： ]*(?:\+?86)?[ ]?[0-9(（]"
)
# A signature: a name standing alone before the date.
_SIGNATURE_RE = re.compile(rf"[ ](?P<name>[{_S}][\u4e00-\u9fa5]{{1,2}})[ ]+\d{{4}}年")
# A list of three or more names: 田大勇、田小勇、蒋春花 or 龚建平  蔡志强  邓雪梅.
_LIST_ITEM = rf"[{_S}](?: {{1,2}})?[\u4e00-\u9fa5]{{1,2}}"
_LIST_RE = re.compile(
    rf"(?<![\u4e00-\u9fa5]){_LIST_ITEM}(?:(?:、| {{1,3}}){_LIST_ITEM}){{2,}}(?![\u4e00-\u9fa5])"
)
_NAME_STOP = set("的个和与在是说等了也都把被将对向从为竟已又还就才因所让给跟同及或男女今现")


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """A three-character match whose last character is a function word is a two-character name."""
    if end - start == 3 and text[end - 1] in _NAME_STOP:
        return start, end - 1
    return start, end


# Words beside a jieba person tag that make it a private person rather than a word jieba misread.
_PERSON_CUES = (
    "电话",
    "手机",
    "业主",
    "员工",
    "职工",
    "村民",
    "居民",
    "女儿",
    "儿子",
    "丈夫",
    "妻子",
    "爱人",
    "父亲",
    "母亲",
    "老人",
    "快递员",
    "身份证",
    "户主",
    "孩子",
    "学生",
    "老师",
    "患者",
    "病人",
    "先生",
    "女士",
    "联系",
    "签名",
    "我叫",
    "本人",
    "叫",
    "名叫",
    "今年",
    "岁",
    "哥哥",
    "姐姐",
    "弟弟",
    "妹妹",
    "我和",
    "与",
)
# Place names jieba tags as people end like this.
_PLACE_ENDINGS = tuple("坪村镇乡湾岭冲坡桥塘垸庄寨堡铺街路")
_NOT_NAMES = {
    "谢谢",
    "马路",
    "高楼",
    "石板",
    "文化",
    "黄金",
    "方便",
    "白天",
    "向前",
    "江边",
    "金额",
    "常委会",
}


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int
    text: str

    @property
    def label(self) -> str:
        return str(KIND_LABELS[self.kind])


@dataclass(frozen=True)
class Deidentified:
    text: str
    findings: tuple[Finding, ...]

    def pieces(self):
        """The masked text as (piece, finding or None) pairs, for highlighting in a template."""
        return _pieces(self.text, self.findings)


def _normalised(text: str) -> str:
    return text.translate(_FULLWIDTH)


def _phones(norm: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in _MOBILE_RE.finditer(norm)]
    spans += [m.span() for m in _LANDLINE_AREA_RE.finditer(norm)]
    for match in _LANDLINE_RE.finditer(norm):
        # A local number without an area code is a phone only where the text says so.
        before = norm[max(0, match.start() - 8) : match.start()]
        if match.group().startswith(("(", "（", "0")) or _PHONE_CUE.search(before):
            spans.append(match.span())
    return spans


@functools.cache
def _posseg():
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    return jieba.posseg


def _person_tags(text: str) -> list[tuple[int, int]]:
    tagged = []
    offset = 0
    for word, flag in _posseg().cut(text):
        start, offset = offset, offset + len(word)
        if flag != "nr" or word in _NOT_NAMES:
            continue
        name = word
        for title in ("先生", "女士", "小姐"):
            name = name.removesuffix(title)
        titled = name != word
        if not (2 <= len(name) <= 3) or not re.fullmatch(f"{_HAN}+", name) or name.endswith(_PLACE_ENDINGS):
            continue
        if not (name[0] in SURNAMES or name.startswith(_COMPOUND_SURNAMES)):
            continue
        if text[start + len(name) : start + len(name) + 1] in ("组", "村", "镇", "乡"):
            continue
        tagged.append((start, start + len(name), start + len(word), titled))
    spans = []
    for i, (start, end, word_end, titled) in enumerate(tagged):
        near = text[max(0, start - 6) : start] + text[word_end : word_end + 6]
        # A list of names (张三、李四 王五) is a list of people.
        listed = any(
            0 < (b - end if b > end else start - e) <= 3
            and not text[min(end, e) : max(start, b)].strip(" 、，,")
            for j, (b, e, _w, _t) in enumerate(tagged)
            if j != i
        )
        if titled or listed or any(cue in near for cue in _PERSON_CUES):
            spans.append((start, end))
    return spans


def _list_items(match) -> list[tuple[int, int]]:
    return [
        (match.start() + item.start(), match.start() + item.end())
        for item in re.finditer(_LIST_ITEM, match.group())
    ]


def _names(text: str, own_names) -> list[tuple[int, int]]:
    spans = []
    for own in own_names:
        own = (own or "").strip()
        if len(own) >= 2:
            spans += [m.span() for m in re.finditer(re.escape(own), text)]
            # The same person written as 张某 or 张某某.
            spans += [m.span() for m in re.finditer(re.escape(own[0]) + "某+", text)]
    for match in _INTRO_RE.finditer(text):
        name = match.group("name")
        if name[0] in SURNAMES or name.startswith(_COMPOUND_SURNAMES):
            spans.append(match.span("name"))
    spans += [m.span("name") for m in _MOU_RE.finditer(text)]
    norm = _normalised(text)
    for pattern in (_ROLE_RE, _BEFORE_PHONE_RE, _SIGNATURE_RE):
        spans += [_trimmed(norm, *m.span("name")) for m in pattern.finditer(norm)]
    for match in _LIST_RE.finditer(norm):
        spans += _list_items(match)
    spans += [m.span("name") for m in _HONORIFIC_RE.finditer(text)]
    spans += _person_tags(text)
    # Every later mention of a name found once is the same person.
    found = {text[a:b] for a, b in spans if b - a >= 2 and "某" not in text[a:b]}
    for name in found:
        spans += [m.span() for m in re.finditer(re.escape(name), text)]
    return spans


def find(text: str, *, names=()) -> list[Finding]:
    """Every piece of personal data found in ``text``, without overlaps, in text order."""
    norm = _normalised(text)
    candidates: list[tuple[str, int, int]] = []
    candidates += [(ID_NUMBER, *m.span()) for m in _ID_RE.finditer(norm)]
    candidates += [(BANK_CARD, *m.span()) for m in _BANK_RE.finditer(norm)]
    candidates += [(PHONE, *span) for span in _phones(norm)]
    candidates += [(EMAIL, *m.span()) for m in _EMAIL_RE.finditer(norm)]
    candidates += [(PLATE, *m.span()) for m in _PLATE_RE.finditer(norm)]
    candidates += [(ADDRESS, *m.span("number")) for m in _HOUSE_RE.finditer(norm)]
    candidates += [(ADDRESS, *m.span()) for m in _BLOCK_RE.finditer(norm)]
    candidates += [(NAME, *span) for span in _names(text, names)]
    rank = {kind: i for i, kind in enumerate(_PRIORITY)}
    # Higher-priority kinds first, then the longer span; a span overlapping one kept is dropped.
    candidates.sort(key=lambda c: (rank[c[0]], -(c[2] - c[1]), c[1]))
    kept: list[tuple[str, int, int]] = []
    for kind, start, end in candidates:
        if start < end and all(end <= s or start >= e for _k, s, e in kept):
            kept.append((kind, start, end))
    kept.sort(key=lambda c: c[1])
    return [Finding(kind, start, end, text[start:end]) for kind, start, end in kept]


def _mask(finding: Finding) -> str:
    text = finding.text
    if finding.kind == NAME:
        if "某" in text or len(text) == 1:
            return "*" if len(text) == 1 else text[0] + "**"
        surname = next((s for s in _COMPOUND_SURNAMES if text.startswith(s)), text[0])
        return surname + "**"
    if finding.kind == ADDRESS:
        # 幸福路18号3栋 → 幸福路**号; 3栋2单元501室 → **.
        return "**号" if re.match(rf"{_NUM}(?:-{_NUM})?号(?!楼)", _normalised(text)) else "**"
    if finding.kind == EMAIL:
        return "***@***"
    if finding.kind == PLATE:
        return text[0] + "*" * (len(text) - 1)
    # Numbers: every digit hidden, the shape kept so that the reader sees a number was there.
    return re.sub(r"[0-9０-９Xx]", "*", text)


def deidentify(text: str, *, names=()) -> Deidentified:
    """The text with every finding masked; findings carry spans in the *masked* text."""
    out, findings, cursor = [], [], 0
    position = 0
    for finding in find(text or "", names=names):
        out.append(text[cursor : finding.start])
        position += finding.start - cursor
        masked = _mask(finding)
        findings.append(Finding(finding.kind, position, position + len(masked), finding.text))
        out.append(masked)
        position += len(masked)
        cursor = finding.end
    out.append((text or "")[cursor:])
    return Deidentified("".join(out), tuple(findings))


def contact_numbers(text: str) -> list[Finding]:
    """Phone and ID numbers still in a reviewed text: these must never be published."""
    return [f for f in find(text or "") if f.kind in (PHONE, ID_NUMBER)]


def _pieces(text: str, findings):
    cursor = 0
    for finding in findings:
        if finding.start > cursor:
            yield text[cursor : finding.start], None
        yield text[finding.start : finding.end], finding
        cursor = finding.end
    if cursor < len(text):
        yield text[cursor:], None
