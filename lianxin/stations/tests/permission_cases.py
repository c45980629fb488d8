"""Permission matrix: the 接待 rota, the reception log, activities, statistics and the public finder.

Objects belong to the east station: its liaison and the county's offices act on them; the
west township's staff and liaison are told they do not exist.
"""

from lianxin.accounts.tests.matrix import KEEPERS, OFFICE_VIEWERS, STAFF, Case
from lianxin.stations.tests.fixtures import activity, day, reception

VIEWERS = OFFICE_VIEWERS | {"deputy", "liaison"}
EVERY_VIEWER = VIEWERS | {"west_staff", "west_liaison"}
WEST = {"west_staff", "west_liaison"}
ROTA_KEEPERS = KEEPERS | {"liaison"}


def _day(w) -> dict:
    return {"pk": day(w).pk}


def _reception(w) -> dict:
    return {"pk": reception(w).pk}


def _activity(w) -> dict:
    return {"pk": activity(w).pk}


def _photo(w) -> dict:
    item = activity(w, with_photo=True)
    return {"pk": item.pk, "photo_pk": item.photos.first().pk}


def _public_photo(w) -> dict:
    item = activity(w, with_photo=True)
    return {"code": w.east_station.public_code, "pk": item.pk, "photo_pk": item.photos.first().pk}


CASES = {
    "stations:days": Case(ok=EVERY_VIEWER),
    "stations:day_create": Case(ok=ROTA_KEEPERS | WEST),
    "stations:day_plan": Case(ok=ROTA_KEEPERS | WEST),
    "stations:day_detail": Case(ok=VIEWERS, hidden=WEST, kwargs=_day),
    "stations:day_edit": Case(ok=ROTA_KEEPERS, hidden=WEST, kwargs=_day),
    # A future day: the allowed POST is answered with "not yet" and changes nothing.
    "stations:day_attendance": Case(ok=ROTA_KEEPERS, hidden=WEST, method="post", kwargs=_day),
    "stations:receptions": Case(ok=STAFF | {"leader", "liaison"} | WEST),
    "stations:reception_create": Case(ok=STAFF | {"liaison"} | WEST),
    "stations:reception_detail": Case(ok=STAFF | {"leader", "liaison"}, hidden=WEST, kwargs=_reception),
    "stations:activities": Case(ok=EVERY_VIEWER),
    "stations:activity_create": Case(ok=ROTA_KEEPERS | WEST),
    "stations:activity_detail": Case(ok=VIEWERS, hidden=WEST, kwargs=_activity),
    "stations:activity_edit": Case(ok=ROTA_KEEPERS, hidden=WEST, kwargs=_activity),
    "stations:activity_photo": Case(ok=VIEWERS, hidden=WEST, kwargs=_photo),
    "stations:statistics": Case(ok=STAFF | {"leader", "liaison"} | WEST),
    "stations:duty_ledger": Case(ok=KEEPERS | {"leader", "liaison"} | WEST),
    "stations_public:finder": Case(public=True),
    "stations_public:station": Case(public=True, kwargs=lambda w: {"code": w.east_station.public_code}),
    "stations_public:qr_png": Case(public=True, kwargs=lambda w: {"code": w.east_station.public_code}),
    "stations_public:qr_svg": Case(public=True, kwargs=lambda w: {"code": w.east_station.public_code}),
    "stations_public:activity_photo": Case(public=True, kwargs=_public_photo),
}
