from lianxin.accounts.permissions import declare, grant
from lianxin.accounts.roles import Role

declare(
    {
        # 民意热点: staff and leaders of a region read its topics (de-identified, no submitter).
        "analysis.view_topics": grant(Role.STAFF, Role.LEADER),
        # Weak replies are reviewed by the congress's staff, who handle the opinions.
        "analysis.review_reply": grant(Role.STAFF),
    }
)
