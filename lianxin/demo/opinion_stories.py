"""What the demo county's citizens raised, and where each item stands on the first morning.

Hand-written, not taken from real people: every name, phone and address here is made up.
Each story ends in one stage of the loop so that every role's workbench has something to do.
``{town}`` and ``{village}`` are filled with the demo county's own places.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Story:
    category: str
    title: str
    content: str
    channel: str  # Opinion.Channel value
    stage: str  # how far the loop has gone, see STAGES
    reply: str = ""
    days_ago: int = 3  # when it was submitted
    unsatisfied: str = ""  # the citizen's comment on a first reply they rated 不满意


# In loop order; the seeding moves each story through the real services up to its stage.
STAGES = (
    "submitted",  # 待受理
    "refused",  # 不予受理
    "registered",  # accepted, not yet assigned
    "assigned",  # with the unit, not signed
    "handling",  # signed, being handled
    "overdue",  # signed, past its due date
    "replied",  # answered, waiting for the citizen's rating
    "rehandling",  # rated 不满意, handled again
    "answered_by_deputy",  # the deputy answered directly and the citizen was satisfied
    "published",  # answered, rated 满意 and shown on the 回音壁
)

STORIES = (
    Story(
        "交通运输",
        "{town}中学门口上下学时段交通拥堵",
        "每天早上七点到七点半，{town}中学门口接送学生的车辆停满路边，公交车过不去，"
        "学生横穿马路很危险。建议在校门口设置临时停车区并安排交警或志愿者疏导。"
        "我是学生家长李女士，住幸福路18号3栋2单元501室，电话13907315566。",
        "deputy_code",
        "published",
        reply="经现场查看，我局已会同交警大队在校门东侧划设临时停车泊位 20 个，"
        "上下学时段安排辅警和志愿者各 2 名疏导，并增设“学校区域 减速慢行”标志 4 块。",
        days_ago=40,
    ),
    Story(
        "交通运输",
        "{village}通村公路路面破损严重",
        "{village}到镇上的通村公路有三处大坑，下雨积水看不清，上个月有村民骑电动车摔伤。"
        "希望尽快修补。联系电话 13907316688，我叫王建国。",
        "web",
        "rehandling",
        reply="已将该路段列入今年农村公路养护计划，计划明年春季实施。",
        unsatisfied="坑还在，雨季马上到，等不到明年。希望先临时填补。",
        days_ago=16,
    ),
    Story(
        "交通运输",
        "希望增开{town}到县城的早班公交",
        "{town}到县城的第一班公交 7:10 才发车，在县城上班的人赶不上 8 点打卡。建议增开 6:30 的早班车。",
        "station_code",
        "replied",
        reply="经与县公交公司研究，自下月 1 日起增开 6:30 {town}至县城早班车一班，试运行三个月。",
        days_ago=20,
    ),
    Story(
        "交通运输",
        "{town}客运站候车室夏天没有降温设施",
        "客运站候车室只有两台坏了的吊扇，七八月份候车的老人孩子热得受不了，有人中暑。",
        "web",
        "replied",
        # A reply the quality check holds (套话 only): it waits in the office's review queue.
        reply="您反映的问题已收悉，已转交有关部门，感谢您的关注。",
        days_ago=18,
    ),
    Story(
        "交通运输",
        "{town}农贸市场旁路灯不亮",
        "农贸市场旁边那段路的路灯坏了两个多月，晚上收摊的商户和散步的老人都看不见路。",
        "reception",
        "handling",
        days_ago=8,
    ),
    Story(
        "交通运输",
        "国道过{town}路段缺少人行横道",
        "国道穿过{town}集镇，两边都是商铺和住户，一公里内没有一条斑马线，老人小孩过马路只能硬穿。",
        "phone",
        "overdue",
        days_ago=35,
    ),
    Story(
        "交通运输",
        "{village}村口桥梁护栏缺失",
        "村口小桥的护栏去年被车撞断后一直没有修，晚上过桥很危险。",
        "grid",
        "assigned",
        days_ago=2,
    ),
    Story(
        "城乡建设",
        "{town}安置小区电梯经常停运",
        "安置小区 3 栋的电梯一个月停了五次，楼上住着好几位行动不便的老人，物业说没钱维修。",
        "deputy_code",
        "registered",
        days_ago=1,
    ),
    Story(
        "环境保护",
        "{village}养殖场气味扰民",
        "村东头的养猪场离住户不到一百米，夏天气味很大，污水直接排到沟里。",
        "web",
        "submitted",
        days_ago=0,
    ),
    Story(
        "教育文体",
        "希望{town}中心小学开设课后托管",
        "双职工家庭下午四点接不了孩子，希望学校开设课后托管服务，费用合理即可。",
        "deputy_code",
        "answered_by_deputy",
        reply="我已向县教育局了解：本学期起全县中心小学均开设课后服务，每天至 17:30，"
        "{town}中心小学下周一开始报名。我会继续跟进落实情况。",
        days_ago=12,
    ),
    Story(
        "劳动和社会保障",
        "灵活就业人员医保缴费咨询",
        "我在外地打零工，想问在老家怎么交城乡居民医保，能不能在手机上交。",
        "web",
        "submitted",
        days_ago=1,
    ),
    Story(
        "商贸旅游",
        "反映某网店售卖假冒农产品",
        "网上买到的“本地土蜂蜜”是假的，想投诉商家。",
        "web",
        "refused",
        days_ago=5,
    ),
    Story(
        "卫生计生",
        "{town}卫生院夜间无儿科医生",
        "孩子半夜发烧去{town}卫生院，值班医生说看不了儿科，只能连夜去县城。",
        "station_code",
        "submitted",
        days_ago=0,
    ),
)

REFUSAL_REASON = "网购商品质量纠纷属于市场监管部门的投诉举报范围，请拨打 12315 或登录全国12315平台反映。"
