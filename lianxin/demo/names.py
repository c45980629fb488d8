"""Chinese personal and place names for generated people and regions.

Surnames are drawn with their real frequencies and given names from the common male and
female names Faker ships for zh_CN, so a county's register reads like a real one (同名
people included). Place names are built from the syllables real place names use.
"""

import random
from itertools import accumulate

from faker.providers.person.zh_CN import Provider as ChineseNames

_SURNAMES = list(ChineseNames.last_names)
_SURNAME_WEIGHTS = list(accumulate(ChineseNames.last_names.values()))
_MALE = ChineseNames.first_names_male
_FEMALE = ChineseNames.first_names_female
# Generation characters (字辈) that pair with a one-character name to make a two-character one.
_MALE_LEADS = "建国志海文明永德晓立俊家庆春新卫振光忠红"
_FEMALE_LEADS = "秀玉桂丽晓春美淑雪海红凤小佳静月"


def person_name(rng: random.Random, *, female: bool) -> str:
    surname = rng.choices(_SURNAMES, cum_weights=_SURNAME_WEIGHTS)[0]
    given = rng.choice(_FEMALE if female else _MALE)
    if len(given) == 1 and rng.random() < 0.55:
        given = rng.choice(_FEMALE_LEADS if female else _MALE_LEADS) + given
    return surname + given


_PLACE_HEADS = (
    "东西南北青石白龙凤金清长安平永新兴丰福和桃柳梅松竹黄红双马鹿云月星河湖溪泉"
    "塘岭峰岗沙田禾茶花古高大小上下前后太宝玉同仁义礼德顺富贵华阳"
)
_PLACE_TAILS = "山河溪湖桥岭坪坝湾塘林田港口源阳岗庄集店铺堡寨泉洲滩冲垭关营铺园"
_COMMUNITY_WORDS = (
    "幸福",
    "和平",
    "建设",
    "文化",
    "人民",
    "解放",
    "胜利",
    "新华",
    "友谊",
    "团结",
    "光明",
    "育才",
    "花园",
    "锦绣",
    "阳光",
    "滨河",
    "南湖",
    "北门",
    "东门",
    "西门",
    "站前",
    "园林",
    "翠竹",
    "金桥",
    "朝阳",
    "向阳",
    "丽景",
    "书院",
    "龙泉",
    "迎宾",
)
# Sub-district (街道) names of a county seat, in the order counties usually number them.
_STREET_NAMES = ("城关", "东城", "西城", "南城", "北城", "城南", "城北", "城东", "城西")
_ROADS = (
    "人民路",
    "解放路",
    "建设路",
    "中山路",
    "新华路",
    "文化路",
    "和平路",
    "迎宾大道",
    "滨河路",
    "府前路",
)


class PlaceNamer:
    """Hands out place names that are unique within one naming scope (a parent region)."""

    def __init__(self, rng: random.Random, taken: set[str] | None = None):
        self.rng = rng
        self.taken = set(taken or ())

    def _fresh(self, make) -> str:
        for _attempt in range(200):
            name = make()
            if name not in self.taken:
                self.taken.add(name)
                return name
        raise RuntimeError("ran out of place names")

    def stem(self) -> str:
        """A two-character place stem such as 青石 or 龙泉."""
        return self._fresh(lambda: self.rng.choice(_PLACE_HEADS) + self.rng.choice(_PLACE_TAILS))

    def community(self) -> str:
        return self._fresh(lambda: self.rng.choice(_COMMUNITY_WORDS)) + "社区"

    def street(self, index: int) -> str:
        name = _STREET_NAMES[index] if index < len(_STREET_NAMES) else self.stem()
        self.taken.add(name)
        return name + "街道"


def road_address(rng: random.Random, place: str) -> str:
    return f"{place}{rng.choice(_ROADS)}{rng.randint(1, 399)}号"
