from datetime import date

from lianxin.insight.reply_quality import score_reply

QUESTION = ("幸福小区路灯不亮", "幸福小区的路灯坏了一个月，晚上很危险，请尽快修复路灯。")


def _score(reply, **dates):
    return score_reply(question_title=QUESTION[0], question_body=QUESTION[1], reply=reply, **dates)


GOOD = (
    "您好！关于您反映的幸福小区路灯不亮问题，我局已于3月5日派人到现场核查，确认为线路老化。"
    "根据《城市照明管理规定》，小区公共路灯由街道负责维护，我局已督促街道安排维修，"
    "3月10日前完成线路更换并恢复照明。如仍有问题，请拨打联系电话 0731-84561234。"
)


def test_a_reply_that_answers_with_measures_dates_and_a_contact_is_not_flagged():
    score = _score(GOOD, replied_on=date(2026, 3, 8), due=date(2026, 3, 20))

    assert not score.weak
    assert score.reasons == []
    assert score.relevance >= 0.3
    assert score.completeness >= 0.8
    assert score.timeliness == 1.0


def test_boilerplate_that_only_passes_the_matter_on_is_flagged_with_the_reason():
    score = _score("您好！您的留言已收悉，已转交有关部门处理，感谢您的关注。")

    assert score.weak
    assert any("套话" in reason for reason in score.reasons)
    assert score.completeness < 0.2


def test_a_very_short_reply_is_flagged():
    score = _score("已收悉")

    assert score.weak
    assert any("答复过短" in reason for reason in score.reasons)


def test_a_reply_about_something_else_is_flagged_as_unrelated():
    other = (
        "您好！关于学校食堂收费问题，经教育局核查，食堂按照物价部门核定标准收费，"
        "2026年春季学期起每餐降低一元，已向家长公示。咨询电话 0731-84000000。"
    )

    score = _score(other)

    assert score.weak
    assert any("关联度低" in reason for reason in score.reasons)
    assert score.relevance < _score(GOOD).relevance


def test_a_long_vague_reply_is_flagged_as_incomplete_naming_what_is_missing():
    vague = (
        "您好！您反映的幸福小区路灯不亮的情况我们高度重视，小区路灯关系群众夜间出行，"
        "我们一直关心小区的路灯问题，感谢您对我们工作的理解和支持，也欢迎您继续提出宝贵意见和建议。"
    )

    score = _score(vague)

    assert score.weak
    incomplete = next(reason for reason in score.reasons if "不够完整" in reason)
    assert "时限或日期" in incomplete
    assert "联系方式" in incomplete


def test_lateness_is_scored_and_reported_but_does_not_flag_by_itself():
    score = _score(GOOD, replied_on=date(2026, 4, 4), due=date(2026, 3, 20))

    assert score.timeliness == 0.5
    assert score.days_late == 15
    assert "超过答复期限 15 天。" in score.reasons
    assert not score.weak
    assert _score(GOOD).timeliness is None


def test_a_short_reply_that_adds_a_service_from_a_relative_date_is_complete():
    # What a unit adds (增开) and when, said relative to the reply (自下月 1 日起), answers a
    # request for a new bus as fully as a repair date answers a broken lamp.
    score = score_reply(
        question_title="希望增开城关镇到县城的早班公交",
        question_body="第一班公交 7:10 才发车，在县城上班的人赶不上 8 点打卡。建议增开 6:30 的早班车。",
        reply="经与县公交公司研究，自下月 1 日起增开 6:30 城关镇至县城早班车一班，试运行三个月。",
    )

    assert not score.weak
    assert score.completeness >= 0.4
