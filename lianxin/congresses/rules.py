from lianxin.accounts.permissions import declare, grant
from lianxin.accounts.roles import Role, WorkingBody

_MANAGERS = (
    grant(Role.ADMIN),
    grant(Role.STAFF, working_bodies=[WorkingBody.OFFICE, WorkingBody.DEPUTY_AFFAIRS]),
)

declare(
    {
        "congresses.view_congress": grant(Role.STAFF, Role.LEADER, Role.ADMIN),
        "congresses.add_congress": grant(Role.ADMIN),
        "congresses.change_congress": _MANAGERS,
    }
)
