import jieba
import pytest

from lianxin.insight.text import _segmenter, message_text, tokenize

SENTENCES = [
    "关于A市A3区星沙大道路灯不亮的问题",
    "西地省K8县2019年12月3日的公租房分配不公平，请尽快处理！",
    "我们小区的iPhone维修店占道经营，噪音超过60dB，影响居民休息。",
    "学校老师组织有偿补课，每人收费3000元/学期……家长敢怒不敢言",
    "医院门诊挂号难：早上6:30排队，到10点还没挂上号（内科）。",
    "The bus No.5 is always late; 公交5路车经常晚点、脱班",
    "  \t\n广铁集团铁路职工退休后的医保待遇问题\r\n请有关部门解释。 ",
    "C++ 培训机构 #1 的学费 99.9% 不退 - 怎么办？",
    "长沙市天心区暮云街道洋湖湿地公园周边的餐饮油烟扰民",
    "",
]


@pytest.mark.parametrize("text", SENTENCES)
def test_the_fast_segmenter_cuts_exactly_as_jieba_without_hmm(text):
    assert _segmenter().cut(text) == jieba.lcut(text, HMM=False)


def test_words_without_punctuation_spaces_or_stop_words():
    words = tokenize("我们小区的路灯，不亮了！\n请 尽快 修理。", hmm=False)

    assert "路灯" in words
    assert "小区" in words
    for dropped in ("我们", "的", "了", "，", "！", "。", " ", "\n"):
        assert dropped not in words


def test_a_message_is_its_title_then_its_body():
    assert message_text("  路灯不亮 ", "\n\t\t小区路灯坏了\r很久\n") == "路灯不亮\n小区路灯坏了 很久"
