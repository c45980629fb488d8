from lianxin.accounts.permissions import declare, grant
from lianxin.accounts.roles import Role

declare(
    {
        # The whole audit log of a scope; each object's own timeline shows on its page.
        "audit.view_event": grant(Role.AUDITOR),
    }
)
