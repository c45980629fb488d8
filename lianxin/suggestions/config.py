"""Numbers that vary by place, with the defaults of legal-rules.md §8.1–8.2; settings override them."""

from django.conf import settings

from lianxin.casework.policy import Period
from lianxin.regions.models import Region

CATEGORIES = (
    "经济发展",
    "城乡建设",
    "交通运输",
    "生态环境",
    "教育文体",
    "医疗卫生",
    "社会保障",
    "农业农村",
    "政法公安",
    "其他",
)

# 地方组织法 第22条: county and above 10 deputies, townships 5 (the lead counts). A national
# deployment sets 30 (议事规则 第23条; a delegation may also move a motion).
MOTION_MIN_SIGNERS = {
    Region.Level.PROVINCE: 10,
    Region.Level.CITY: 10,
    Region.Level.COUNTY: 10,
    Region.Level.TOWNSHIP: 5,
}


def categories() -> tuple[str, ...]:
    return tuple(getattr(settings, "LIANXIN_SUGGESTION_CATEGORIES", CATEGORIES))


def motion_min_signers(congress) -> int:
    table = {**MOTION_MIN_SIGNERS, **getattr(settings, "LIANXIN_MOTION_MIN_SIGNERS", {})}
    return int(table.get(congress.region.level, 10))


def motion_reconsideration_hours() -> int:
    """复议 requests close this many hours before the presidium's last meeting (沪-议案 第14条: 4)."""
    return int(getattr(settings, "LIANXIN_MOTION_RECONSIDERATION_HOURS", 4))


def motion_reconsideration_needed(congress, proposers: int) -> int:
    """More than half of the proposers and no fewer than the motion threshold (沪: 10)."""
    floor = int(getattr(settings, "LIANXIN_MOTION_RECONSIDERATION_MIN", motion_min_signers(congress)))
    return max(floor, proposers // 2 + 1)


# M7 (沪-议案 第15、20、21条): the committee's 审议结果报告 within 3 months of the session's close,
# the 办理情况报告 within 3 months of the review result, a report the standing committee did not
# agree with again within 1 month.
MOTION_REPORT_PERIODS = {"review_result": {"months": 3}, "handling": {"months": 3}, "again": {"months": 1}}


def motion_report_periods() -> dict[str, dict]:
    return {**MOTION_REPORT_PERIODS, **getattr(settings, "LIANXIN_MOTION_REPORT_PERIODS", {})}


def assign_period() -> Period:
    """收到（立案）→ 交办 (沪 7 个工作日; 鲁 5 日; 青 5 个工作日)."""
    value = getattr(settings, "LIANXIN_SUGGESTION_ASSIGN_PERIOD", {"workdays": 7})
    return Period(**value)


# S17: words that suggest a state or commercial secret. Publication is not refused for them
# (most are harmless: 内部道路), but the reviewer must confirm that each one is.
SECRET_WORDS = (
    "国家秘密",
    "绝密",
    "机密",
    "秘密",
    "涉密",
    "商业秘密",
    "内部",
    "内参",
    "保密",
    "不宜公开",
)


def secret_words() -> tuple[str, ...]:
    return tuple(getattr(settings, "LIANXIN_SECRET_WORDS", SECRET_WORDS))
