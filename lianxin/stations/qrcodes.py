"""站点码: the QR code of a station's opinion form, for staff to print and post at the station."""

from django.utils.translation import gettext as _

from lianxin.accounts.decorators import permission
from lianxin.opinions import qr
from lianxin.stations import access


@permission(access.VIEW)
def station_qr(request, pk, kind):
    station = access.station_for(request.user, pk)
    url = qr.form_url(request, "opinions_public:station_form", station.public_code)
    title = _("%(name)s的站点码") % {"name": station.name}
    return qr.qr_response(url, kind=kind, title=title, filename=_("站点码-%(name)s") % {"name": station.name})
