from django.utils.translation import gettext_lazy as _

from lianxin.backoffice.lists import Column, ScopedListView
from lianxin.regions.models import Region


class RegionListView(ScopedListView):
    model = Region
    view_permission = "regions.view_region"
    path_field = "path"
    title = _("行政区划")
    columns = [
        Column(_("名称"), "name"),
        Column(_("区划代码"), "code"),
        Column(_("层级"), "get_level_display"),
    ]
    search_fields = ["name", "code"]
