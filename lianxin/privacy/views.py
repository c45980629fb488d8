from django.http import Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from lianxin.accounts.actor import Actor
from lianxin.accounts.decorators import signed_in
from lianxin.audit.recorder import record
from lianxin.privacy import reveal


@signed_in
@require_POST
@never_cache
def reveal_value(request, kind: str, pk: int, field: str):
    """Show one personal value in clear text, once, and record who looked (PIPL 第51条)."""
    fetch = reveal.lookup(kind, field)
    if fetch is None:
        raise Http404
    obj = fetch(request.user, pk)
    value = getattr(obj, field)
    record(
        actor=Actor.from_request(request),
        action="privacy.personal_data.revealed",
        target=obj,
        data={"field": field, "field_label": str(obj._meta.get_field(field).verbose_name)},
    )
    response = render(request, "privacy/revealed.html", {"value": value.reveal() if value else ""})
    response["Cache-Control"] = "no-store"
    return response
