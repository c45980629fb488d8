"""Who deputies are: occupations with their workplaces and titles, parties, ethnic groups, expertise.

The mix differs by level, as it does in real congresses: township congresses are mostly
farmers and village cadres, county congresses add officials, managers and professionals,
and city and provincial deputies are more often officials and business leaders.
Workplaces and titles are patterns filled with the deputy's own county, township and village.
"""

import random
from dataclasses import dataclass

TOWNSHIP, COUNTY, UPPER = 0, 1, 2  # the levels a new deputy can be created for


@dataclass(frozen=True)
class Occupation:
    industry: str  # one of lianxin.deputies.choices.INDUSTRIES
    occupation: str
    workplaces: tuple[str, ...]
    titles: tuple[str, ...]
    weights: tuple[float, float, float]  # how common at township, county and upper level
    female_share: float = 0.3
    tags: tuple[str, ...] = ()
    # Officials are registered at their township, everybody else at their village or community.
    official: bool = False


# fmt: off
OCCUPATIONS = (
    Occupation(
        "党政机关", "公务员", ("{party_committee}",), ("{party}书记", "{party}副书记", "{party}委员"),
        (4, 5, 3), 0.2, ("乡村治理",), official=True,
    ),
    Occupation(
        "党政机关", "公务员", ("{town_gov}",), ("{head}", "副{head}"),
        (4, 5, 1), 0.25, ("乡村治理", "城乡规划"), official=True,
    ),
    Occupation(
        "党政机关", "公务员", ("{npc_office}",), ("{npc_head}", "{npc_deputy}"),
        (2, 2, 0), 0.3, ("乡村治理",), official=True,
    ),
    Occupation(
        "党政机关", "公务员", ("{county}{department}",), ("局长", "副局长", "党组书记、局长", "办公室主任"),
        (0, 7, 5), 0.25, ("城乡规划", "生态环保", "交通运输", "食品安全"), official=True,
    ),
    Occupation(
        "党政机关", "公务员", ("{county}人民政府", "中共{county}委员会"),
        ("{county_head}", "副{county_head}", "副书记"),
        (0, 1, 4), 0.15, ("城乡规划",), official=True,
    ),
    Occupation(
        "基层干部", "村（社区）干部", ("{village_committee}",),
        ("{village_head}", "{village_deputy}", "{village_member}"),
        (22, 12, 4), 0.3, ("乡村治理", "社会工作"),
    ),
    Occupation(
        "农民", "农民", ("{village}",), ("种植大户", "养殖户", "家庭农场主"),
        (26, 9, 3), 0.3, ("农业技术",),
    ),
    Occupation(
        "农民", "农民", ("{village_stem}{crop}专业合作社",), ("理事长", "副理事长"),
        (6, 4, 3), 0.25, ("农业技术", "食品安全"),
    ),
    Occupation(
        "工人", "工人", ("{county}{stem}{factory}",), ("一线职工", "车间主任", "班组长", "技术员", "质检员"),
        (8, 9, 5), 0.3, ("安全生产",),
    ),
    Occupation(
        "工人", "工人", ("国网{county}供电公司", "{county}自来水有限公司", "{county}公共交通有限公司"),
        ("班组长", "调度员", "检修工"), (1, 2, 1), 0.2, ("安全生产",),
    ),
    Occupation(
        "企业负责人", "企业管理人员", ("{county}{stem}{company}",),
        ("董事长", "总经理", "董事长、总经理", "执行董事"),
        (5, 12, 20), 0.2, ("企业管理", "财务会计"),
    ),
    Occupation(
        "专业技术人员", "农业技术人员", ("{county}农业技术推广中心", "{township}农业综合服务中心"),
        ("高级农艺师", "农艺师", "农技员"), (3, 3, 2), 0.3, ("农业技术",),
    ),
    Occupation(
        "专业技术人员", "工程技术人员",
        ("{county}水利工程服务中心", "{county}建筑设计院", "{county}交通工程建设中心"),
        ("工程师", "高级工程师"), (1, 3, 3), 0.2, ("工程建设", "交通运输"),
    ),
    Occupation(
        "专业技术人员", "律师", ("{county}{stem}律师事务所",), ("律师", "主任律师"),
        (0.5, 2, 3), 0.35, ("法律",),
    ),
    Occupation(
        "专业技术人员", "会计师", ("{county}{stem}会计师事务所",), ("注册会计师", "所长"),
        (0.5, 1, 1), 0.45, ("财务会计",),
    ),
    Occupation(
        "教育", "教师", ("{county}第一中学", "{county}第二中学", "{county}实验小学", "{county}职业技术学校",
                        "{township}中心小学", "{township}初级中学"),
        ("校长", "副校长", "高级教师", "一级教师", "教师"), (6, 6, 6), 0.55, ("教育",),
    ),
    Occupation(
        "医疗卫生", "医生",
        ("{county}人民医院", "{county}中医医院", "{county}妇幼保健院", "{township}卫生院"),
        ("院长", "副院长", "主任医师", "副主任医师", "主治医师", "护士长"), (4, 6, 6), 0.5, ("医疗卫生",),
    ),
    Occupation(
        "医疗卫生", "乡村医生", ("{village}卫生室",), ("乡村医生",), (3, 1, 0), 0.4, ("医疗卫生",),
    ),
    Occupation(
        "科技", "科技人员", ("{county}{stem}电子科技有限公司", "{county}{stem}生物科技有限公司"),
        ("工程师", "研发总监", "技术总监"), (1, 2, 3), 0.25, ("信息技术", "科技创新"),
    ),
    Occupation(
        "文化体育", "文化工作者", ("{county}文化馆", "{county}图书馆"), ("馆长", "副馆长", "馆员"),
        (1, 1, 1), 0.5, ("文化旅游",),
    ),
    Occupation(
        "文化体育", "文化工作者", ("{township}综合文化站",), ("站长",), (1, 0.5, 0), 0.4, ("文化旅游",),
    ),
    Occupation(
        "社会组织", "社会工作者", ("{county}慈善总会", "{county}个体劳动者协会"), ("会长", "秘书长"),
        (1, 1, 1), 0.45, ("社会工作", "养老服务"),
    ),
    Occupation(
        "解放军和武警", "军人", ("{county}人民武装部",), ("部长", "政治委员"), (0, 1, 1), 0.05,
        ("退役军人事务",), official=True,
    ),
    Occupation(
        "归侨", "社团工作者", ("{county}归国华侨联合会",), ("主席", "副主席"), (0, 0.5, 0.5), 0.4,
        ("民族宗教",),
    ),
    Occupation(
        "其他", "个体工商户", ("{township}{stem}商行", "{township}{stem}饭店"), ("经营者",),
        (3, 1, 0.5), 0.4, ("食品安全",),
    ),
)
# fmt: on

EXPERTISE_TAGS = (
    "法律",
    "财务会计",
    "农业技术",
    "教育",
    "医疗卫生",
    "城乡规划",
    "生态环保",
    "工程建设",
    "企业管理",
    "社会工作",
    "文化旅游",
    "信息技术",
    "科技创新",
    "交通运输",
    "食品安全",
    "乡村治理",
    "安全生产",
    "民族宗教",
    "退役军人事务",
    "养老服务",
)

_CUMULATIVE = [
    [sum(o.weights[level] for o in OCCUPATIONS[: i + 1]) for i in range(len(OCCUPATIONS))]
    for level in (TOWNSHIP, COUNTY, UPPER)
]


def choose_occupation(rng: random.Random, level: int) -> Occupation:
    return rng.choices(OCCUPATIONS, cum_weights=_CUMULATIVE[level])[0]


# Share of 中共党员 among deputies of each sector.
_PARTY_MEMBERS = {
    "党政机关": 0.96,
    "基层干部": 0.92,
    "解放军和武警": 1.0,
    "企业负责人": 0.45,
    "教育": 0.6,
    "医疗卫生": 0.55,
    "专业技术人员": 0.55,
    "科技": 0.45,
    "文化体育": 0.6,
    "社会组织": 0.5,
    "农民": 0.45,
    "工人": 0.5,
    "归侨": 0.3,
    "其他": 0.2,
}
# The democratic party a professional of each sector most often belongs to.
_DEMOCRATIC_PARTY = {
    "企业负责人": "民建会员",
    "教育": "民进会员",
    "医疗卫生": "农工党党员",
    "专业技术人员": "民盟盟员",
    "科技": "九三学社社员",
    "文化体育": "民盟盟员",
    "社会组织": "民革党员",
    "归侨": "致公党党员",
}


def choose_party(rng: random.Random, industry: str) -> str:
    if rng.random() < _PARTY_MEMBERS[industry]:
        return "中共党员" if rng.random() > 0.02 else "中共预备党员"
    democratic = _DEMOCRATIC_PARTY.get(industry)
    if democratic:
        roll = rng.random()
        if roll < 0.4:
            return democratic
        if roll < 0.55:
            return "无党派人士"
    return "群众"


_ETHNICITIES = ("汉族", "回族", "满族", "土家族", "苗族", "壮族", "蒙古族", "彝族", "侗族", "瑶族")
_ETHNICITY_WEIGHTS = (940, 18, 10, 8, 7, 6, 4, 3, 2, 2)


def choose_ethnicity(rng: random.Random) -> str:
    return rng.choices(_ETHNICITIES, weights=_ETHNICITY_WEIGHTS)[0]


def choose_tags(rng: random.Random, occupation: Occupation) -> list[str]:
    tags = set()
    if occupation.tags and rng.random() < 0.75:
        tags.add(rng.choice(occupation.tags))
    while rng.random() < 0.3 and len(tags) < 3:
        tags.add(rng.choice(EXPERTISE_TAGS))
    return sorted(tags)


_CROPS = ("果蔬", "茶叶", "水稻", "生猪养殖", "中药材", "食用菌", "油茶", "水产养殖")
_FACTORIES = (
    "机械制造有限公司",
    "纺织有限公司",
    "建材有限公司",
    "食品有限公司",
    "电子有限公司",
    "包装材料有限公司",
)
_COMPANIES = (
    "农业科技有限公司",
    "建筑工程有限公司",
    "实业有限公司",
    "商贸有限公司",
    "物流有限公司",
    "旅游开发有限公司",
    "新材料有限公司",
)


def fill(rng: random.Random, pattern: str, places: dict[str, str], department: str) -> str:
    return pattern.format(
        **places,
        stem=rng.choice("鑫华泰宏盛兴隆达丰源恒信佳润") + rng.choice("鑫华泰宏盛兴隆达丰源恒信佳润"),
        crop=rng.choice(_CROPS),
        factory=rng.choice(_FACTORIES),
        company=rng.choice(_COMPANIES),
        department=department,
    )
