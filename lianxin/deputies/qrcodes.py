"""代表码: the QR code of a deputy's opinion form, for staff to print."""

from django.utils.translation import gettext as _

from lianxin.accounts.decorators import permission
from lianxin.deputies import access
from lianxin.opinions import qr


@permission(access.VIEW)
def deputy_qr(request, pk, kind):
    deputy = access.deputy_for(request.user, pk)
    url = qr.form_url(request, "opinions_public:deputy_form", deputy.public_code)
    title = _("%(name)s代表的代表码") % {"name": deputy.name}
    return qr.qr_response(url, kind=kind, title=title, filename=_("代表码-%(name)s") % {"name": deputy.name})
