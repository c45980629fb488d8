from lianxin.accounts.permissions import declare, grant
from lianxin.accounts.roles import Role


def is_own_suggestion(user, suggestion) -> bool:
    return suggestion.deputy.user_id == user.pk


declare(
    {
        # A deputy sees their own drafts; staff and leaders every suggestion in their scope.
        "suggestions.view_suggestion": (
            grant(Role.STAFF, Role.LEADER),
            grant(Role.DEPUTY, condition=is_own_suggestion),
        ),
    }
)
