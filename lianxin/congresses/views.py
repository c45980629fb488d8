from django.utils.translation import gettext_lazy as _

from lianxin.backoffice.lists import Column, ScopedListView
from lianxin.congresses.models import Congress


class CongressListView(ScopedListView):
    model = Congress
    view_permission = "congresses.view_congress"
    title = _("人大与届次")
    columns = [Column(_("名称"), "name"), Column(_("行政区划"), "region.name")]
    search_fields = ["name"]
    select_related = ("region",)
