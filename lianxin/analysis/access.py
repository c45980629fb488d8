from lianxin.accounts.access import fetch_for_user
from lianxin.analysis.models import ReplyReview

REVIEW = "analysis.review_reply"


def review_for(user, pk, action: str | None = None) -> ReplyReview:
    return fetch_for_user(
        ReplyReview.objects.select_related("region", "reply__case", "reply__assignment__unit"),
        user,
        pk,
        view=REVIEW,
        path_field="region__path",
        action=action,
    )
