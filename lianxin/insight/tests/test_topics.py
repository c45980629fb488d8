import math
from datetime import UTC, datetime, timedelta

import pytest

from lianxin.insight import topics
from lianxin.insight.topics import Message, find_topics, heat_score

START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def _message(key, title, body, day=0, place="", votes=0):
    return Message(key=key, title=title, body=body, at=START + timedelta(days=day), place=place, votes=votes)


# Three matters written by different hands, and two messages about nothing the others share.
NOISE_LAMPS = [
    _message("l1", "幸福小区路灯不亮", "幸福小区的路灯坏了一个月，晚上路灯不亮很危险。", 1, "东城镇"),
    _message("l2", "幸福小区路灯坏了没人修", "幸福小区路灯不亮，物业说不归他们管，谁来修？", 12, "东城镇"),
    _message("l3", "反映幸福小区路灯问题", "幸福小区晚上路灯不亮，老人孩子出门摔倒。", 20, "西山乡"),
]
NOISE_MIXER = [
    _message("m1", "搅拌站噪音扰民", "河边搅拌站夜里施工噪音扰民，搅拌站粉尘很大。", 25, "东城镇"),
    _message("m2", "投诉搅拌站夜间噪音", "搅拌站每天夜里噪音扰民，粉尘污染，请求搬迁搅拌站。", 26, "东城镇"),
    _message("m3", "河边搅拌站噪音粉尘", "河边的搅拌站噪音和粉尘扰民，晚上睡不着。", 27, "东城镇"),
    _message("m4", "搅拌站扰民何时解决", "搅拌站噪音扰民反映多次，夜里粉尘大。", 28, "东城镇", votes=40),
]
SCHOOL = [
    _message("s1", "幼儿园收费太高", "民办幼儿园学费涨价，希望改为普惠幼儿园。", 3, "西山乡"),
    _message("s2", "希望幼儿园改普惠", "幼儿园学费太贵，普惠幼儿园名额不够。", 4, "西山乡"),
]
LONERS = [
    _message("x1", "图书馆开放时间", "希望图书馆周末延长开放时间。", 5),
    _message("x2", "公交站台没有遮雨棚", "公交站台下雨没有遮雨棚，乘客淋雨。", 6),
]
ALL = NOISE_LAMPS + NOISE_MIXER + SCHOOL + LONERS


def _groups(found):
    return sorted(sorted(m.key for m in t.members) for t in found)


def test_similar_messages_make_one_topic_each_and_loners_none():
    found = find_topics(ALL, start=START, end=START + timedelta(days=30))

    assert _groups(found) == [["l1", "l2", "l3"], ["m1", "m2", "m3", "m4"], ["s1", "s2"]]


def test_the_result_does_not_depend_on_the_order_of_the_messages():
    forwards = find_topics(ALL, start=START, end=START + timedelta(days=30))
    backwards = find_topics(list(reversed(ALL)), start=START, end=START + timedelta(days=30))

    assert _groups(forwards) == _groups(backwards)
    assert [t.label for t in forwards] == [t.label for t in backwards]


def test_hottest_first_with_keywords_representatives_and_place_time_summary():
    found = find_topics(ALL, start=START, end=START + timedelta(days=30))

    mixer = found[0]  # four messages, all in the second half, 40 votes
    assert {m.key for m in mixer.members} == {"m1", "m2", "m3", "m4"}
    assert "搅拌站" in mixer.keywords
    assert len(mixer.representatives) == 3
    assert mixer.places == [("东城镇", 4)]
    assert (mixer.first_at, mixer.last_at) == (START + timedelta(days=25), START + timedelta(days=28))
    assert (mixer.earlier, mixer.later, mixer.votes) == (0, 4, 40)
    lamps = next(t for t in found if "路灯" in t.keywords)
    assert dict(lamps.places) == {"东城镇": 2, "西山乡": 1}


def test_heat_follows_its_written_definition():
    heat, growth = heat_score(count=4, earlier=1, later=3, votes=0)
    assert growth == pytest.approx(math.sqrt(4 / 2))
    assert heat == pytest.approx(4 * math.sqrt(2))

    # Growth is bounded both ways, so one burst or one quiet half cannot dominate.
    assert heat_score(count=10, earlier=0, later=10)[1] == 2.0
    assert heat_score(count=10, earlier=10, later=0)[1] == 0.5
    # Support votes: 1 + ln(1 + votes) / 10.
    heat_with_votes, _ = heat_score(count=4, earlier=2, later=2, votes=99)
    assert heat_with_votes == pytest.approx(4 * 1.0 * (1 + math.log(100) / 10))
    assert "热度 = 留言数 × 增长系数 × 支持系数" in topics.HEAT_DEFINITION


def test_votes_can_be_left_out_of_the_heat():
    found = find_topics(NOISE_MIXER, use_votes=False)

    assert found[0].votes == 0


def test_a_growing_topic_outranks_a_fading_one_of_the_same_size():
    rising = [_message(f"r{i}", "小区停车难", f"小区停车位太少，停车难{i}。", 20 + i) for i in range(3)]
    fading = [_message(f"f{i}", "菜市场脏乱", f"菜市场脏乱差，垃圾没人清理{i}。", i) for i in range(3)]

    found = find_topics(fading + rising, start=START, end=START + timedelta(days=30))

    assert [t.members[0].key[0] for t in found] == ["r", "f"]


def test_empty_and_wordless_input():
    assert find_topics([]) == []
    assert find_topics([_message("p1", "？？", "！！"), _message("p2", "。。", "……")]) == []
