from lianxin.accounts.access import fetch_for_user
from lianxin.accounts.permissions import scope_filter
from lianxin.analysis.models import ReplyReview
from lianxin.casework.models import Case

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


def waiting_for_review(user):
    """Weak replies held from citizens that the user may review: withdrawn or finished items
    have nothing left to show, so they leave the queue."""
    return ReplyReview.objects.filter(
        scope_filter(user, REVIEW, "region__path"), state=ReplyReview.State.PENDING
    ).exclude(reply__case__state__in=Case.FINISHED)
