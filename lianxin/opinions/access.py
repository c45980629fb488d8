from lianxin.accounts.access import fetch_for_user
from lianxin.opinions.models import Opinion

VIEW = "opinions.view_opinion"


def opinion_for(user, pk, action: str | None = None) -> Opinion:
    return fetch_for_user(
        Opinion.objects.select_related("region", "category", "deputy", "station", "case"),
        user,
        pk,
        view=VIEW,
        path_field="region__path",
        action=action,
    )


def opinion_for_reveal(user, pk) -> Opinion:
    return opinion_for(user, pk, action="opinions.reveal_opinion")
