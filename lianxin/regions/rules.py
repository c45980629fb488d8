from lianxin.accounts.permissions import declare, grant
from lianxin.accounts.roles import Role

declare(
    {
        "regions.view_region": grant(Role.STAFF, Role.LEADER, Role.ADMIN),
        "regions.add_region": grant(Role.ADMIN),
        "regions.change_region": grant(Role.ADMIN),
    }
)
