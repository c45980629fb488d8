from lianxin.accounts.access import fetch_for_user
from lianxin.units.models import HandlingUnit, UnitContact

VIEW = "units.view_unit"


def unit_for(user, pk, action: str | None = None) -> HandlingUnit:
    return fetch_for_user(
        HandlingUnit.objects.select_related("region"),
        user,
        pk,
        view=VIEW,
        path_field="region__path",
        action=action,
    )


def contact_for(user, pk, action: str | None = None) -> UnitContact:
    return fetch_for_user(
        UnitContact.objects.select_related("unit__region"),
        user,
        pk,
        view=VIEW,
        path_field="unit__region__path",
        action=action,
    )


def contact_for_reveal(user, pk) -> UnitContact:
    return contact_for(user, pk, action="units.reveal_contact")
