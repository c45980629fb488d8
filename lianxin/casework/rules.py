from lianxin.accounts.permissions import declare, grant
from lianxin.accounts.roles import Role


def is_unit_clerk(user, unit) -> bool:
    """The user keeps this unit's items (承办单位经办人 of the unit)."""
    return unit.clerks.filter(pk=user.pk, is_active=True).exists()


declare(
    {
        # Staff and leaders oversee every item in their region.
        "casework.view_case": grant(Role.STAFF, Role.LEADER),
        "casework.export_case": grant(Role.STAFF, Role.LEADER),
        # A unit's clerk works on what was assigned to the unit, wherever the item arose: this
        # permission is held on the unit (its region), never on the case. casework.access turns
        # it into "the cases with an assignment to one of my units".
        "casework.work_for_unit": grant(Role.UNIT_CLERK, condition=is_unit_clerk),
        # Who may open an item's page at all; access.case_for then decides which items.
        "casework.open_case": grant(Role.STAFF, Role.LEADER, Role.UNIT_CLERK),
        # 交办、审批退回和延期 are for the congress's offices (代表法 第51条: 办事机构、工作机构).
        "casework.assign_case": grant(Role.STAFF),
        "casework.urge_case": grant(Role.STAFF, Role.LEADER),
    }
)
