"""Opinions answered by a unit, for the analysis tests and the permission matrix."""

from lianxin.analysis import services
from lianxin.casework.models import Reply
from lianxin.opinions.models import Opinion
from lianxin.opinions.tests.intake_fixtures import accepted, make_opinion, replied

WEAK_REPLY = "您的留言已收悉，已转交有关部门。"
GOOD_REPLY = (
    "关于东城社区路灯不亮的问题，我局已于3月5日派人到人民路东段现场核查，确认为线路老化。"
    "根据《城市照明管理规定》，已安排维修班组更换线路，3月10日前恢复照明。"
    "如仍有问题，请拨打联系电话 0731-84561234。"
)


def answered(world, text: str = WEAK_REPLY, **values) -> Reply:
    opinion = accepted(world, make_opinion(world, **values))
    replied(world, opinion, text=text, release=False)
    return Reply.objects.get(case=opinion.case)


def weak_review(world, title: str = "分析矩阵待审核答复"):
    """A pending review, scored directly (the matrix runs without on-commit callbacks)."""
    existing = Opinion.objects.filter(title=title).first()
    if existing is not None:
        return Reply.objects.get(case=existing.case).quality_review
    return services.score(reply=answered(world, title=title))
