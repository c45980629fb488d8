from lianxin.accounts.permissions import declare, grant
from lianxin.accounts.roles import Role


def is_signer(user, item) -> bool:
    """The user is the lead or a co-signer (invited, confirmed or not) of a suggestion or motion."""
    return item.signers.filter(deputy__user=user).exists()


declare(
    {
        # Deputies see what they lead or were asked to sign; staff and leaders all in their scope.
        "suggestions.view_suggestion": (
            grant(Role.STAFF, Role.LEADER),
            grant(Role.DEPUTY, condition=is_signer),
        ),
        "suggestions.view_motion": (
            grant(Role.STAFF, Role.LEADER),
            grant(Role.DEPUTY, condition=is_signer),
        ),
        "suggestions.add_suggestion": grant(Role.DEPUTY),
        # 代表法 第51条: the congress's offices review and assign; 主任会议 decisions are recorded by them.
        "suggestions.review_suggestion": grant(Role.STAFF),
        "suggestions.decide_motion": grant(Role.STAFF),
        "suggestions.mark_priority": grant(Role.STAFF),
        "suggestions.export_suggestion": grant(Role.STAFF, Role.LEADER),
        # 办理情况统计 (年中、年终): the offices and leaders, over the congresses in their scope.
        "suggestions.view_statistics": grant(Role.STAFF, Role.LEADER),
        # S17 and M8: publishing is reviewed by the congress's staff, and so is entering the
        # motions' 审议结果报告 and 办理情况报告 that are published.
        "suggestions.publish_suggestion": grant(Role.STAFF),
        "suggestions.report_motion": grant(Role.STAFF),
    }
)
