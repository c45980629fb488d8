from lianxin.accounts.access import fetch_for_user
from lianxin.regions.models import Region

VIEW = "regions.view_region"


def region_for(user, pk, action: str | None = None) -> Region:
    return fetch_for_user(
        Region.objects.select_related("parent"), user, pk, view=VIEW, path_field="path", action=action
    )
