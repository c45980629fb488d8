"""Handling units (承办单位) of a county: 一府一委两院, government departments, other bodies
that answer deputies' suggestions, and the township governments, each with one to three contacts."""

import random

from lianxin.demo.identity import IdentityIssuer
from lianxin.demo.names import person_name, road_address
from lianxin.demo.regions import STREET, County
from lianxin.units.models import HandlingUnit, UnitContact

Kind = HandlingUnit.Kind

# County government departments as a county of 2024 has them after the institutional reform.
DEPARTMENTS = (
    ("人民政府办公室", Kind.DEPARTMENT),
    ("发展和改革局", Kind.DEPARTMENT),
    ("教育局", Kind.DEPARTMENT),
    ("科学技术局", Kind.DEPARTMENT),
    ("工业和信息化局", Kind.DEPARTMENT),
    ("公安局", Kind.DEPARTMENT),
    ("民政局", Kind.DEPARTMENT),
    ("司法局", Kind.DEPARTMENT),
    ("财政局", Kind.DEPARTMENT),
    ("人力资源和社会保障局", Kind.DEPARTMENT),
    ("自然资源局", Kind.DEPARTMENT),
    ("住房和城乡建设局", Kind.DEPARTMENT),
    ("交通运输局", Kind.DEPARTMENT),
    ("水利局", Kind.DEPARTMENT),
    ("农业农村局", Kind.DEPARTMENT),
    ("商务局", Kind.DEPARTMENT),
    ("文化广电旅游体育局", Kind.DEPARTMENT),
    ("卫生健康局", Kind.DEPARTMENT),
    ("退役军人事务局", Kind.DEPARTMENT),
    ("应急管理局", Kind.DEPARTMENT),
    ("审计局", Kind.DEPARTMENT),
    ("市场监督管理局", Kind.DEPARTMENT),
    ("统计局", Kind.DEPARTMENT),
    ("医疗保障局", Kind.DEPARTMENT),
    ("林业局", Kind.DEPARTMENT),
    ("城市管理局", Kind.DEPARTMENT),
    ("行政审批服务局", Kind.DEPARTMENT),
    ("信访局", Kind.DEPARTMENT),
    ("数据局", Kind.DEPARTMENT),
    ("民族宗教事务局", Kind.DEPARTMENT),
    ("人民防空办公室", Kind.DEPARTMENT),
    ("粮食和物资储备局", Kind.DEPARTMENT),
    ("机关事务服务中心", Kind.OTHER),
    ("供销合作社联合社", Kind.OTHER),
    ("消防救援大队", Kind.OTHER),
    ("气象局", Kind.OTHER),
    ("总工会", Kind.OTHER),
    ("妇女联合会", Kind.OTHER),
    ("残疾人联合会", Kind.OTHER),
)
# Departments headed by a 局长, for deputies who work in one.
BUREAUS = tuple(name for name, _kind in DEPARTMENTS if name.endswith("局"))
_CONTACT_TITLES = {
    Kind.TOWNSHIP: ("党政办主任", "人大办主任", "党政办工作人员"),
    Kind.COURT: ("办公室主任", "审判管理办公室主任", "办公室科员"),
    Kind.PROCURATORATE: ("办公室主任", "案件管理办公室主任", "办公室科员"),
    Kind.SUPERVISORY: ("办公室主任", "办公室科员"),
}
_BUREAU_TITLES = ("办公室主任", "办公室副主任", "综合股股长", "科员", "副局长")
_OTHER_TITLES = ("办公室主任", "办公室副主任", "科员")


def _county_units(county: County) -> list[HandlingUnit]:
    name = county.region.name
    level = name[-1]  # 县, 区 or 市, as in 县教育局
    county_short = name[:-1]
    rows = [
        (f"{name}人民政府", f"{level}政府", Kind.GOVERNMENT),
        *((f"{name}{dept}", f"{level}{dept}", kind) for dept, kind in DEPARTMENTS),
        (f"{county.city.name}生态环境局{county_short}分局", f"{county_short}生态环境分局", Kind.DEPARTMENT),
        (f"国家税务总局{name}税务局", f"{level}税务局", Kind.OTHER),
        (f"国网{name}供电公司", f"{level}供电公司", Kind.OTHER),
        (f"{name}监察委员会", f"{level}监委", Kind.SUPERVISORY),
        (f"{name}人民法院", f"{level}法院", Kind.COURT),
        (f"{name}人民检察院", f"{level}检察院", Kind.PROCURATORATE),
    ]
    return [
        HandlingUnit(name=full, short_name=short, kind=kind, region=county.region)
        for full, short, kind in rows
    ]


def create_units(
    rng: random.Random, issuer: IdentityIssuer, county: County, area_code: str
) -> list[HandlingUnit]:
    units = _county_units(county)
    for unit in units:
        unit.address = road_address(rng, county.region.name)
    for township in county.townships:
        name = township.region.name
        units.append(
            HandlingUnit(
                name=f"{name}办事处" if township.kind == STREET else f"{name}人民政府",
                short_name=name,
                kind=Kind.TOWNSHIP,
                region=township.region,
                address=road_address(rng, f"{county.region.name}{name}"),
            )
        )
    HandlingUnit.objects.bulk_create(units)

    contacts = []
    for unit in units:
        titles = _CONTACT_TITLES.get(unit.kind) or (
            _BUREAU_TITLES if unit.name.endswith("局") else _OTHER_TITLES
        )
        for index in range(rng.choice((1, 2, 2, 3))):
            # Mostly mobiles; some units give the office's landline.
            phone = issuer.mobile() if rng.random() < 0.8 else issuer.landline(area_code)
            contacts.append(
                UnitContact(
                    unit=unit,
                    name=person_name(rng, female=rng.random() < 0.4),
                    title=rng.choice(titles),
                    phone=phone,
                    is_primary=index == 0,
                )
            )
    UnitContact.objects.bulk_create(contacts, batch_size=2000)
    return units
