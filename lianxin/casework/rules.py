from lianxin.accounts.permissions import declare, grant
from lianxin.accounts.roles import Role

declare(
    {
        "casework.view_case": grant(Role.STAFF, Role.LEADER),
        # 交办、审批退回和延期 are for the congress's offices (代表法 第51条: 办事机构、工作机构).
        "casework.assign_case": grant(Role.STAFF),
        "casework.urge_case": grant(Role.STAFF, Role.LEADER),
    }
)
