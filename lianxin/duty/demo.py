"""Demo data for the duty record: in the demo county (the one with the personas), a year of
meetings, a training, self-reports in every state, a 述职 and the points published.

Bulk-loaded like the registers; approval, collection, recomputation and publication go through
the real services, so what the screens show is what the platform would have computed.
"""

import datetime
import random

from django.utils import timezone

from lianxin.accounts.actor import Actor
from lianxin.accounts.models import User
from lianxin.congresses.models import Congress
from lianxin.deputies.choices import SeatStatus
from lianxin.deputies.models import Deputy
from lianxin.duty import collectors, services
from lianxin.duty.models import Attendance, Kind, Meeting, PointRule, SelfReport, VoterReport
from lianxin.regions.models import Region

# A common shape of the rule tables published by county congresses: points per item, yearly caps.
RULES = (
    (Kind.MEETING_ATTENDED, 5, None, False),
    (Kind.MEETING_LEAVE, 0, None, False),
    (Kind.MEETING_ABSENT, -10, 30, False),
    (Kind.TRAINING, 3, 12, False),
    (Kind.SUGGESTION_LED, 5, 30, False),
    (Kind.SUGGESTION_COSIGNED, 2, 10, False),
    (Kind.RECEPTION, 3, 36, True),
    (Kind.OPINION_RECEIVED, 1, 20, False),
    (Kind.OPINION_ANSWERED, 2, 20, False),
    (Kind.INSPECTION, 4, 20, True),
    (Kind.SURVEY, 4, 20, True),
    (Kind.LAW_CHECK, 4, 20, True),
    (Kind.REPORT, 10, 10, False),
)

_REPORTS = (
    (
        Kind.INSPECTION,
        "视察{town}污水处理设施运行情况",
        "随县人大常委会视察组察看管网和出水水质，提出加快雨污分流改造的建议。",
    ),
    (Kind.SURVEY, "调研{town}农村居家养老服务", "走访三个村的老年食堂，了解运营补贴和服务人员情况。"),
    (Kind.LAW_CHECK, "参加食品安全法执法检查", "随执法检查组到{town}农贸市场检查食品快检室运行。"),
    (Kind.RECEPTION, "在{town}代表联络站接待选民", "接待选民五人次，记录道路维修、医保报销等问题。"),
    (Kind.SURVEY, "调研{town}中小学课后服务", "与校长、家长座谈，了解课后服务收费和师资情况。"),
)


def _county(region: Region) -> Region:
    for part in Region.objects.filter(code__in=[p for p in region.path.split("/") if p]):
        if part.level == Region.Level.COUNTY:
            return part
    raise RuntimeError("the demo deputy lives outside any county")


def seed_duty(*, seed: int) -> None:
    persona = User.objects.filter(username="daibiao").select_related("deputy__region").first()
    if persona is None or getattr(persona, "deputy", None) is None:
        return
    rng = random.Random(seed)
    actor = Actor.system()
    today = timezone.localdate()
    county = _county(persona.deputy.region)
    congresses = list(Congress.objects.filter(region__path__startswith=county.path).select_related("region"))
    PointRule.objects.bulk_create(
        PointRule(congress=c, kind=kind, points=points, yearly_cap=cap, requires_evidence=evidence)
        for c in congresses
        for kind, points, cap, evidence in RULES
    )
    county_congress = next(c for c in congresses if c.region_id == county.pk)
    term = county_congress.current_term()
    members = list(
        Deputy.objects.filter(seats__term=term, seats__status=SeatStatus.SERVING).select_related("region")
    )

    def day(days_ago: int) -> datetime.date:
        return today - datetime.timedelta(days=days_ago)

    plenary = Meeting.objects.create(
        congress=county_congress,
        type=Meeting.Type.PLENARY,
        title="县人民代表大会年度会议",
        held_on=day(200),
        place="县会议中心",
    )
    standing = Meeting.objects.create(
        congress=county_congress,
        type=Meeting.Type.STANDING,
        title="县人大常委会会议",
        held_on=day(60),
        place="县人大常委会会议室",
    )
    training = Meeting.objects.create(
        congress=county_congress,
        type=Meeting.Type.TRAINING,
        title="代表履职能力培训班",
        held_on=day(90),
        place="县委党校",
        content="代表法解读、代表建议的提出与办理、联络站接待规范。",
    )
    rows = []
    for deputy in members:
        roll = rng.random()
        status = (
            Attendance.Status.PRESENT
            if roll < 0.92
            else Attendance.Status.LEAVE
            if roll < 0.97
            else Attendance.Status.ABSENT
        )
        rows.append(
            Attendance(
                meeting=plenary,
                deputy=deputy,
                role=Attendance.Role.MEMBER,
                status=status,
                note="因公出差" if status == Attendance.Status.LEAVE else "",
            )
        )
    for deputy in rng.sample(members, min(12, len(members))):
        rows.append(
            Attendance(
                meeting=standing,
                deputy=deputy,
                role=Attendance.Role.INVITED,
                status=Attendance.Status.PRESENT,
            )
        )
    for deputy in rng.sample(members, min(60, len(members))):
        rows.append(
            Attendance(
                meeting=training,
                deputy=deputy,
                role=Attendance.Role.TRAINEE,
                status=Attendance.Status.PRESENT if rng.random() < 0.9 else Attendance.Status.ABSENT,
            )
        )
    Attendance.objects.bulk_create(rows)

    reports = []
    for deputy in rng.sample(members, min(80, len(members))):
        kind, title, content = rng.choice(_REPORTS)
        town = deputy.region.name
        reports.append(
            SelfReport(
                deputy=deputy,
                kind=kind,
                occurred_on=day(rng.randint(5, 300)),
                title=title.format(town=town)[:100],
                place=town,
                content=content.format(town=town),
            )
        )
    own = persona.deputy
    reports.append(
        SelfReport(
            deputy=own,
            kind=Kind.INSPECTION,
            occurred_on=day(20),
            title="视察县城老旧小区改造工程",
            place="县城",
            content="察看加装电梯和管网改造进度，听取居民意见。",
        )
    )
    SelfReport.objects.bulk_create(reports)
    created = list(SelfReport.objects.order_by("pk"))
    approve, waiting = created[:-12], created[-12:]
    services.approve_self_reports(actor=actor, reports=approve)
    services.return_self_report(actor=actor, report=waiting[0], reason="请补充现场照片或视察通知。")

    services.voter_report_create(
        actor=actor,
        deputy=own,
        values={
            "held_on": day(45),
            "place": f"{own.region.name}代表之家",
            "voters_present": 36,
            "content": "一年来参加县人大会议和常委会会议，参加视察调研四次，"
            "进站接待选民十二人次，领衔提出建议两件。",
        },
    )
    VoterReport.objects.filter(deputy=own).update(satisfied=29, basically=6, unsatisfied=1)

    collectors.refresh_all()
    for congress in congresses:
        services.recompute_points(actor=actor, congress=congress, year=today.year)
    # The last finished quarter is published; in the first quarter, nothing is yet.
    quarter = services.quarter_of(today) - 1
    if quarter:
        for congress in congresses:
            services.publish_points(actor=actor, congress=congress, year=today.year, quarter=quarter)
