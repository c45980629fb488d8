from lianxin.accounts.permissions import declare, grant
from lianxin.accounts.roles import Role, WorkingBody


def is_unit_clerk(user, obj) -> bool:
    unit = getattr(obj, "unit", obj)
    return unit.clerks.filter(pk=user.pk).exists()


_KEEPERS = grant(Role.STAFF, working_bodies=[WorkingBody.OFFICE, WorkingBody.DEPUTY_AFFAIRS])

declare(
    {
        "units.view_unit": grant(Role.STAFF, Role.LEADER, Role.ADMIN, Role.UNIT_CLERK),
        "units.add_unit": _KEEPERS,
        "units.change_unit": _KEEPERS,
        # A unit's clerk keeps its contact people up to date.
        "units.change_contact": (_KEEPERS, grant(Role.UNIT_CLERK, condition=is_unit_clerk)),
        "units.import_unit": _KEEPERS,
        "units.export_unit": (_KEEPERS, grant(Role.LEADER)),
        "units.reveal_contact": (grant(Role.STAFF), grant(Role.UNIT_CLERK, condition=is_unit_clerk)),
    }
)
