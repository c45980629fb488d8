"""Helpers for the stations' tests: 接待日, receptions and activities of the east station."""

import datetime
import io

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image

from lianxin.accounts.actor import Actor
from lianxin.stations import services
from lianxin.stations.models import Activity, ActivityPhoto, Reception, ReceptionDay


def png_bytes(size=(8, 8)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "red").save(out, format="PNG")
    return out.getvalue()


def actor(user) -> Actor:
    return Actor(user=user, role="staff", ip=None)


def day(w, *, days_from_today: int = 5, station=None, on_duty=None) -> ReceptionDay:
    """A 接待日 written directly (past days cannot be planned through the service)."""
    station = station or w.east_station
    date = timezone.localdate() + datetime.timedelta(days=days_from_today)
    made, created = ReceptionDay.objects.get_or_create(
        station=station, date=date, defaults={"hours": "9:00–11:30"}
    )
    if created:
        made.on_duty.set(on_duty or [w.east_deputy if station == w.east_station else w.west_deputy])
    return made


def reception(w) -> Reception:
    found = Reception.objects.filter(station=w.east_station).first()
    if found is not None:
        return found
    return services.log_reception(
        actor=actor(w.liaison),
        station=w.east_station,
        received_on=timezone.localdate(),
        title="东城社区菜市场门口积水",
        content="一下雨菜市场门口就积水，老人进出不便。",
        region=w.east_village,
        phone="13912340000",
        name="钱大伯",
        deputy=w.east_deputy,
    )


_MATRIX_PHOTO = "stations/permission-matrix.png"


def activity(w, *, with_photo: bool = False, is_public: bool = True) -> Activity:
    found = Activity.objects.filter(station=w.east_station).first()
    if found is None:
        found = Activity.objects.create(
            station=w.east_station,
            kind=Activity.Kind.COUNCIL,
            title="老旧小区加装电梯议事会",
            held_on=timezone.localdate() - datetime.timedelta(days=3),
            minutes="居民代表和人大代表商议加装电梯的费用分摊。",
            attendance=25,
            is_public=is_public,
            created_by=w.liaison,
        )
        found.deputies.set([w.east_deputy])
    if with_photo and not found.photos.exists():
        # One fixed file, written once: the matrix runs often and must not fill the uploads folder.
        if not default_storage.exists(_MATRIX_PHOTO):
            default_storage.save(_MATRIX_PHOTO, ContentFile(png_bytes()))
        ActivityPhoto.objects.create(
            activity=found, file=_MATRIX_PHOTO, name="现场.png", content_type="image/png", size=10
        )
    return found
