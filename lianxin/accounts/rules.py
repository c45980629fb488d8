from lianxin.accounts.permissions import declare, grant
from lianxin.accounts.roles import Role

declare(
    {
        "accounts.view_user": grant(Role.ADMIN),
        "accounts.add_user": grant(Role.ADMIN),
        "accounts.change_user": grant(Role.ADMIN),
        "accounts.reveal_user": grant(Role.ADMIN),
    }
)
