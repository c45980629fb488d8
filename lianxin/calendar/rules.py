from lianxin.accounts.permissions import declare, grant
from lianxin.accounts.roles import Role, WorkingBody

declare(
    {
        "calendar.view_holidayyear": grant(Role.STAFF, Role.LEADER, Role.ADMIN),
        "calendar.publish_holidayyear": (
            grant(Role.ADMIN),
            grant(Role.STAFF, working_bodies=[WorkingBody.OFFICE]),
        ),
    }
)
