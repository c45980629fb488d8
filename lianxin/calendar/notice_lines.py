"""A year's arrangement typed as lines, the way staff copy it from the State Council notice.

    2027-02-05 至 2027-02-11 春节
    2027-02-14 春节

One line is one day or a range of days (both ends included) with the festival's name.
"""

import datetime
import re
from dataclasses import dataclass
from itertools import groupby

from django.utils.translation import gettext as _

# Rest-day runs are a week or so; anything longer is a typing mistake, not an arrangement.
MAX_RANGE_DAYS = 31
NAME_MAX_LENGTH = 50

_DATE = r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
_LINE = re.compile(rf"^{_DATE}(?:\s*(?:至|到|~|～|—|–|--)\s*{_DATE})?(?:\s+(?P<name>\S.*))?$")

EXAMPLE = "2027-02-05 至 2027-02-11 春节"
EXAMPLE_DAY = "2027-02-14 春节"


@dataclass(frozen=True)
class Entry:
    line: int
    date: datetime.date
    name: str


def _date(year: str, month: str, day: str) -> datetime.date | None:
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None


def parse(text: str) -> tuple[list[Entry], list[str]]:
    """The days the text names, and a Chinese message for each line that could not be read."""
    entries: list[Entry] = []
    errors: list[str] = []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        match = _LINE.match(line)
        if match is None:
            errors.append(
                _("第 %(n)d 行无法识别：“%(line)s”。应写作“%(range)s”或“%(day)s”。")
                % {"n": number, "line": line, "range": EXAMPLE, "day": EXAMPLE_DAY}
            )
            continue
        groups = match.groups()
        first = _date(*groups[0:3])
        last = _date(*groups[3:6]) if groups[3] else first
        name = (match.group("name") or "").strip()
        if first is None or last is None:
            errors.append(_("第 %(n)d 行的日期不存在：“%(line)s”。") % {"n": number, "line": line})
        elif last < first:
            errors.append(_("第 %(n)d 行的结束日期早于开始日期。") % {"n": number})
        elif (last - first).days >= MAX_RANGE_DAYS:
            errors.append(
                _("第 %(n)d 行的日期范围超过 %(max)d 天，请检查。") % {"n": number, "max": MAX_RANGE_DAYS}
            )
        elif len(name) > NAME_MAX_LENGTH:
            errors.append(
                _("第 %(n)d 行的节日名称超过 %(max)d 个字。") % {"n": number, "max": NAME_MAX_LENGTH}
            )
        else:
            entries.extend(
                Entry(number, first + datetime.timedelta(days=offset), name)
                for offset in range((last - first).days + 1)
            )
    return entries, errors


def format_days(days: list[tuple[datetime.date, str]]) -> str:
    """Lines for ``days`` (sorted or not), consecutive days with the same name joined into a range."""
    lines = []
    ordered = sorted(days)
    # Consecutive days of one name share (date - position); that difference keys each run.
    for (_key, name), run in groupby(
        enumerate(ordered), key=lambda item: (item[1][0] - datetime.timedelta(days=item[0]), item[1][1])
    ):
        dates = [day for _index, (day, _name) in run]
        span = (
            dates[0].isoformat() if len(dates) == 1 else f"{dates[0].isoformat()} 至 {dates[-1].isoformat()}"
        )
        lines.append(f"{span} {name}".strip())
    return "\n".join(lines)
