"""The demo county's 代表建议: the 代表 persona's suggestions, each moved through the real services
(on a clock moved back to its day) up to the stage its story ends in, so that the deputy, the
staff and the unit each find something to do on the first morning. Made-up text throughout."""

import datetime
from dataclasses import dataclass

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from lianxin.accounts.actor import Actor
from lianxin.accounts.models import User
from lianxin.accounts.roles import Role
from lianxin.casework import services as casework
from lianxin.casework.models import Assignment
from lianxin.regions.models import Region
from lianxin.suggestions import priority, publication, services
from lianxin.suggestions.models import Stage

# The smallest real PDF standing for the sealed reply letter (盖章答复函).
LETTER = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass(frozen=True)
class Story:
    title: str
    content: str
    category: str
    stage: str  # draft, submitted, registered, handling, replied, priority, solved
    days_ago: int
    reply: str = ""
    category_of_reply: str = "B"
    # Staff publish it with its reply on /jianyi/ (the reviewed de-identified draft, as is).
    published: bool = False


STORIES = (
    Story(
        "关于{town}老旧小区加装电梯的建议",
        "{town}有 12 个 2000 年前建成的老旧小区，六层住户多为老人，上下楼困难。建议将加装电梯纳入"
        "老旧小区改造计划，明确财政补助标准，简化审批流程。",
        "城乡建设",
        "draft",
        1,
    ),
    Story(
        "关于增加{town}卫生院夜间急诊力量的建议",
        "{town}卫生院夜间只有一名值班医生，急诊病人常需转县医院，路上耽误时间。建议通过县域医共体"
        "派驻夜班医生，配齐急救设备。",
        "医疗卫生",
        "submitted",
        3,
    ),
    Story(
        "关于规范{town}农贸市场周边摊点的建议",
        "{town}农贸市场周边占道经营严重，早市时段车辆难以通行。建议划定临时摊区，错时经营，并增设停车位。",
        "城乡建设",
        "registered",
        5,
    ),
    Story(
        "关于{town}中小学课后服务经费保障的建议",
        "课后服务开展后，教师加班补助标准低、发放不及时。建议县财政设立专项经费，按学期足额发放。",
        "教育文体",
        "handling",
        30,
    ),
    Story(
        "关于{town}至县城公交线路加密班次的建议",
        "{town}至县城的公交线路每小时一班，早晚高峰拥挤，末班车 18 点即停。建议高峰期加密至 20 分钟一班，"
        "末班车延至 20 点。",
        "交通运输",
        "replied",
        40,
        published=True,
        reply="经研究，我局已会同公交公司制定加密方案：高峰时段增至 30 分钟一班，末班车延至 19 点 30 分，"
        "新增车辆 4 台，计划于明年一季度投入运营。",
    ),
    Story(
        "关于{town}河道综合治理的建议",
        "{town}河段淤积严重，汛期漫堤风险大，沿岸生活污水直排。建议实施清淤疏浚和截污纳管工程。",
        "生态环境",
        "priority",
        60,
    ),
    Story(
        "关于{town}路口增设交通信号灯的建议",
        "{town}主街与环镇路交叉口车流量大，没有信号灯，近一年发生多起事故。建议增设信号灯和人行横道。",
        "交通运输",
        "solved",
        120,
        reply="已于上月在该路口安装信号灯一套，施划人行横道两处，并设置限速标志。",
        category_of_reply="A",
        published=True,
    ),
)


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))


def _play(story: Story, deputy_actor, staff, clerk, unit, town: Region, today: datetime.date) -> None:
    day = today - datetime.timedelta(days=story.days_ago)

    def at(days: int):
        nonlocal day
        day = min(day + datetime.timedelta(days=days), today)
        return time_machine.travel(_at(day), tick=False)

    with at(0):
        suggestion = services.create_draft(
            actor=deputy_actor,
            region=town,
            values={
                "title": story.title.format(town=town.name),
                "content": story.content.format(town=town.name),
                "category": story.category,
                "stage": Stage.RECESS,
                "session": None,
            },
        )
    if story.stage == "draft":
        return
    with at(0):
        services.submit(actor=deputy_actor, suggestion=suggestion)
    if story.stage == "submitted":
        return
    with at(2):
        suggestion = services.accept(actor=staff, suggestion=suggestion)
    if story.stage == "registered":
        return
    with at(3):
        casework.assign(actor=staff, case=suggestion.case, lead=unit)
        lead = suggestion.case.assignments.get(kind=Assignment.Kind.LEAD)
    with at(1):
        casework.sign(actor=clerk, assignment=lead)
    with at(5):
        casework.log_contact(
            actor=clerk,
            assignment=lead,
            way="meeting",
            happened_on=day,
            people="承办科室负责人、领衔代表",
            content="座谈听取代表意见，商定办理方案和时间表。",
        )
    if story.stage == "handling":
        return
    if story.stage == "priority":
        with at(1):
            priority.mark(
                actor=staff,
                suggestion=suggestion,
                values={
                    "meeting": "常委会第 12 次主任会议",
                    "decided_on": day,
                    "government_leader": "副县长 何建华",
                    "congress_leader": "常委会副主任 周明",
                    "committee": "urban_environment",
                    "report_every_months": 1,
                },
            )
        return
    promises = (
        [("新增公交车辆投入运营", today + datetime.timedelta(days=90))]
        if story.category_of_reply != "A"
        else []
    )
    with at(20):
        casework.reply(
            actor=clerk,
            assignment=lead,
            text=story.reply,
            category=story.category_of_reply,
            signed_off_by="局长 何志明",
            attachments=[SimpleUploadedFile("答复函.pdf", LETTER, content_type="application/pdf")],
            promises=promises,
        )
    if story.stage == "solved":
        with at(5):
            casework.rate(actor=deputy_actor, case=suggestion.case, value="satisfied", attitude="satisfied")
    if story.published:
        with at(2):
            draft = publication.prepare(suggestion)
            publication.publish(
                actor=staff,
                suggestion=suggestion,
                title=draft.title.text,
                content=draft.content.text,
                reply=draft.reply.text,
            )


def seed_suggestions(county: Region) -> int:
    users = {u.username: u for u in User.objects.filter(username__in=["daibiao", "gongwei", "chengban"])}
    deputy_actor = Actor(user=users["daibiao"], role=Role.DEPUTY)
    staff = Actor(user=users["gongwei"], role=Role.STAFF)
    clerk = Actor(user=users["chengban"], role=Role.UNIT_CLERK)
    unit = users["chengban"].handling_units.first()
    deputy = users["daibiao"].deputy
    town = deputy.region if deputy.region.path.startswith(county.path) else county
    today = timezone.localdate()
    for story in STORIES:
        _play(story, deputy_actor, staff, clerk, unit, town, today)
    return len(STORIES)
