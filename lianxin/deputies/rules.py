from lianxin.accounts.permissions import declare, grant
from lianxin.accounts.roles import Role, WorkingBody

# Deputies' records are kept by the deputy-affairs committee (代表/选联工委) and the office.
_KEEPERS = grant(Role.STAFF, working_bodies=[WorkingBody.DEPUTY_AFFAIRS, WorkingBody.OFFICE])

declare(
    {
        "deputies.view_deputy": grant(Role.STAFF, Role.LEADER, Role.ADMIN, Role.LIAISON),
        "deputies.add_deputy": _KEEPERS,
        "deputies.change_deputy": _KEEPERS,
        "deputies.import_deputy": _KEEPERS,
        "deputies.export_deputy": (_KEEPERS, grant(Role.LEADER)),
        # Clear-text phone and ID numbers: only the committee that keeps the records.
        "deputies.reveal_deputy": grant(Role.STAFF, working_bodies=[WorkingBody.DEPUTY_AFFAIRS]),
    }
)
