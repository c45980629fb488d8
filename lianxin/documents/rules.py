from lianxin.accounts.permissions import declare, grant
from lianxin.accounts.roles import Role

declare(
    {
        # The congress's offices keep the letter templates and issue the 交办函 (代表法 第51条).
        "documents.manage_template": grant(Role.STAFF),
        "documents.assignment_letter": grant(Role.STAFF),
        # A 答复函 is for whoever may see the reply: the offices, leaders, the replying unit's
        # clerks and the suggestion's signers; documents.access narrows it to the item.
        "documents.reply_letter": grant(Role.STAFF, Role.LEADER, Role.UNIT_CLERK, Role.DEPUTY),
    }
)
