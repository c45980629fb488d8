"""Every write of 履职阵地: the register, the 接待 rota, the reception log and activities.

Each function takes an ``Actor`` first, checks the actor's right on the station, locks,
validates with Chinese messages, writes and records an audit event, all in one transaction.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxin import uploads
from lianxin.accounts.actor import Actor
from lianxin.audit.recorder import record
from lianxin.audit.writes import create_recorded, update_recorded
from lianxin.opinions import handling
from lianxin.opinions.models import Opinion
from lianxin.stations import rota
from lianxin.stations.models import Activity, ActivityPhoto, Reception, ReceptionDay, Station

MAX_PHOTOS = 9
MAX_PHOTO_MB = 10


def station_create(*, actor: Actor, values: dict) -> Station:
    return create_recorded(Station, actor=actor, action="stations.station.created", values=values)


def station_update(*, actor: Actor, station: Station, values: dict) -> Station:
    return update_recorded(station, actor=actor, action="stations.station.updated", values=values)


def _require(actor: Actor, permission: str, obj) -> None:
    if actor.user is None or not actor.user.has_perm(permission, obj):
        raise PermissionDenied


def _locked_station(station: Station) -> Station:
    return Station.objects.select_for_update(of=("self",)).select_related("region").get(pk=station.pk)


def _names(deputies) -> str:
    return "、".join(deputy.name for deputy in deputies)


def _not_stationed(station: Station, deputies) -> list:
    stationed = set(station.deputies.values_list("pk", flat=True))
    return [deputy for deputy in deputies if deputy.pk not in stationed]


# ---------------------------------------------------------------- 接待排班


def _check_day(station: Station, date: datetime.date, on_duty, *, exclude_pk=None) -> None:
    errors = {}
    today = timezone.localdate()
    if date < today:
        errors["date"] = _("接待日不能早于今天（%(today)s），过去的日子不能再排班。") % {
            "today": f"{today:%Y-%m-%d}"
        }
    elif ReceptionDay.objects.filter(station=station, date=date).exclude(pk=exclude_pk).exists():
        errors["date"] = _("%(station)s在 %(date)s 已有接待日。") % {
            "station": station.name,
            "date": f"{date:%Y-%m-%d}",
        }
    if not on_duty:
        errors["on_duty"] = _("请至少安排一名值班代表。")
    else:
        outside = _not_stationed(station, on_duty)
        if outside:
            errors["on_duty"] = _("%(names)s不是“%(station)s”的进站代表，不能排班。") % {
                "names": _names(outside),
                "station": station.name,
            }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def day_create(
    *, actor: Actor, station: Station, date: datetime.date, on_duty, hours: str = "", place: str = "", note=""
) -> ReceptionDay:
    """排一个接待日 with its deputies on duty."""
    station = _locked_station(station)
    _require(actor, "stations.manage_rota", station)
    on_duty = list(on_duty)
    _check_day(station, date, on_duty)
    day = ReceptionDay(
        station=station, date=date, hours=hours.strip(), place=place.strip(), note=note.strip()
    )
    day.full_clean(validate_constraints=False)
    day.save()
    day.on_duty.set(on_duty)
    record(
        actor=actor,
        action="stations.day.created",
        target=day,
        data={"date": f"{date:%Y-%m-%d}", "on_duty": [d.name for d in on_duty], "hours": day.hours},
    )
    return day


@transaction.atomic
def day_update(
    *,
    actor: Actor,
    day: ReceptionDay,
    date: datetime.date,
    on_duty,
    hours: str = "",
    place: str = "",
    note="",
) -> ReceptionDay:
    """Change a coming 接待日; a day that has passed is history and stays as it was."""
    day = (
        ReceptionDay.objects.select_for_update(of=("self",)).select_related("station__region").get(pk=day.pk)
    )
    _require(actor, "stations.manage_rota", day)
    if day.date < timezone.localdate():
        raise ValidationError(_("已经过去的接待日不能修改排班，只能登记到站代表。"))
    on_duty = list(on_duty)
    _check_day(day.station, date, on_duty, exclude_pk=day.pk)

    def state(date, names, hours, place, note) -> dict:
        return {
            "date": f"{date:%Y-%m-%d}",
            "on_duty": sorted(names),
            "hours": hours,
            "place": place,
            "note": note,
        }

    before = state(day.date, (d.name for d in day.on_duty.all()), day.hours, day.place, day.note)
    day.date, day.hours, day.place, day.note = date, hours.strip(), place.strip(), note.strip()
    day.full_clean(validate_constraints=False)
    day.save(update_fields=["date", "hours", "place", "note"])
    day.on_duty.set(on_duty)
    after = state(date, (d.name for d in on_duty), day.hours, day.place, day.note)
    record(
        actor=actor,
        action="stations.day.updated",
        target=day,
        changes={key: [before[key], after[key]] for key in before if before[key] != after[key]},
    )
    return day


@transaction.atomic
def plan_days(*, actor: Actor, station: Station, months: int, per_day: int) -> list[ReceptionDay]:
    """按月排班: the station's 接待日 rule for the coming months, deputies taking turns
    (``per_day`` a day, continuing the turn after the station's last planned day). Days
    already on the rota are kept as they are."""
    station = _locked_station(station)
    _require(actor, "stations.manage_rota", station)
    errors = {}
    if not station.reception_day_of_month:
        errors["months"] = _("“%(station)s”没有设置每月接待日，请先在阵地信息中填写。") % {
            "station": station.name
        }
    if not 1 <= months <= 12:
        errors["months"] = _("一次最多排 12 个月。")
    deputies = list(station.deputies.order_by("name", "pk"))
    if not deputies:
        errors["per_day"] = _("“%(station)s”还没有进站代表，无法排班。") % {"station": station.name}
    if per_day < 1:
        errors["per_day"] = _("每个接待日至少安排一名值班代表。")
    if errors:
        raise ValidationError(errors)
    per_day = min(per_day, len(deputies))
    existing = set(station.reception_days.values_list("date", flat=True))
    turn = station.reception_days.count() * per_day
    made = []
    for date in rota.planned_dates(station.reception_day_of_month, start=timezone.localdate(), months=months):
        if date in existing:
            continue
        on_duty = [deputies[(turn + i) % len(deputies)] for i in range(per_day)]
        turn += per_day
        day = ReceptionDay.objects.create(station=station, date=date, hours=station.reception_hours)
        day.on_duty.set(on_duty)
        made.append(day)
    record(
        actor=actor,
        action="stations.day.planned",
        target=station,
        data={"months": months, "dates": [f"{d.date:%Y-%m-%d}" for d in made]},
    )
    return made


@transaction.atomic
def record_attendance(*, actor: Actor, day: ReceptionDay, present) -> ReceptionDay:
    """到站登记: which deputies came on a 接待日 (any of the station's deputies, on duty or not)."""
    day = (
        ReceptionDay.objects.select_for_update(of=("self",)).select_related("station__region").get(pk=day.pk)
    )
    _require(actor, "stations.manage_rota", day)
    present = list(present)
    if day.date > timezone.localdate():
        raise ValidationError(_("接待日还没到，不能登记到站代表。"))
    outside = _not_stationed(day.station, present)
    if outside:
        raise ValidationError(
            {
                "present": _("%(names)s不是“%(station)s”的进站代表。")
                % {"names": _names(outside), "station": day.station.name}
            }
        )
    before = sorted(d.name for d in day.present.all())
    day.present.set(present)
    record(
        actor=actor,
        action="stations.day.attendance",
        target=day,
        changes={"present": [before, sorted(d.name for d in present)]},
    )
    return day


# ---------------------------------------------------------------- 选民接待


@transaction.atomic
def log_reception(
    *,
    actor: Actor,
    station: Station,
    received_on: datetime.date,
    title: str,
    content: str,
    region,
    phone: str,
    name: str = "",
    deputy=None,
    day: ReceptionDay | None = None,
    category=None,
    place: str = "",
    hide_name: bool = True,
    answer: str = "",
) -> Reception:
    """接待登记: a visitor's matter enters the opinion intake bound to the station and the deputy
    who received it. With an ``answer`` it was answered on the spot: accepted and answered at
    once through the intake's own steps; without, it waits in the intake to be 受理."""
    station = _locked_station(station)
    _require(actor, "stations.log_reception", station)
    errors = {}
    today = timezone.localdate()
    if received_on > today:
        errors["received_on"] = _("接待日期不能晚于今天。")
    if day is not None and (day.station_id != station.pk or day.date != received_on):
        errors["day"] = _("所选接待日不是“%(station)s” %(date)s 的接待日。") % {
            "station": station.name,
            "date": f"{received_on:%Y-%m-%d}",
        }
    if deputy is not None:
        if _not_stationed(station, [deputy]):
            errors["deputy"] = _("%(name)s不是“%(station)s”的进站代表，不能登记为接待代表。") % {
                "name": deputy.name,
                "station": station.name,
            }
        elif day is not None and "day" not in errors and not day.on_duty.filter(pk=deputy.pk).exists():
            errors["deputy"] = _("%(name)s不是 %(date)s 接待日的值班代表。") % {
                "name": deputy.name,
                "date": f"{day.date:%Y-%m-%d}",
            }
    if errors:
        raise ValidationError(errors)
    opinion = handling.enter_opinion(
        actor=actor,
        channel=Opinion.Channel.RECEPTION,
        title=title,
        content=content,
        region=region,
        phone=phone,
        name=name,
        category=category,
        place=place,
        hide_name=hide_name,
        deputy=deputy,
        station=station,
    )
    outcome = Reception.Outcome.INTAKE
    if answer.strip():
        handling.accept(actor=actor, opinion=opinion)
        opinion = handling.answer_directly(actor=actor, opinion=opinion, text=answer.strip())
        outcome = Reception.Outcome.ON_THE_SPOT
    if day is not None and deputy is not None:
        day.present.add(deputy)
    reception = Reception.objects.create(
        station=station,
        day=day,
        deputy=deputy,
        received_on=received_on,
        opinion=opinion,
        outcome=outcome,
        logged_by=actor.user,
    )
    record(
        actor=actor,
        action="stations.reception.logged",
        target=reception,
        data={
            "station": station.name,
            "deputy": deputy.name if deputy else "",
            "received_on": f"{received_on:%Y-%m-%d}",
            "outcome": str(reception.get_outcome_display()),
            "opinion": opinion.tracking_code,
        },
    )
    return reception


# ---------------------------------------------------------------- 代表活动


def _check_activity(station: Station, values: dict) -> None:
    errors = {}
    if values["held_on"] > timezone.localdate():
        errors["held_on"] = _("活动日期不能晚于今天：活动结束后再登记。")
    outside = _not_stationed(station, values.get("deputies", []))
    if outside:
        errors["deputies"] = _("%(names)s不是“%(station)s”的进站代表。") % {
            "names": _names(outside),
            "station": station.name,
        }
    if errors:
        raise ValidationError(errors)


def _store_photos(activity: Activity, photos, written: list[str]) -> int:
    try:
        checked = uploads.check_all(photos, max_files=MAX_PHOTOS, max_mb=MAX_PHOTO_MB)
    except ValidationError as error:
        raise ValidationError({"photos": error.messages}) from None
    if activity.photos.count() + len(checked) > MAX_PHOTOS:
        raise ValidationError({"photos": _("每次活动最多 %(n)d 张照片。") % {"n": MAX_PHOTOS}})
    for upload, kind in checked:
        if kind is uploads.PDF:
            raise ValidationError(
                {
                    "photos": _("“%(name)s”不是照片，请上传 JPEG 或 PNG 图片。")
                    % {"name": uploads.display_name(upload)}
                }
            )
    for upload, kind in checked:
        photo = ActivityPhoto(
            activity=activity,
            name=uploads.display_name(upload),
            content_type=kind.content_type,
            size=upload.size,
        )
        photo.file.save(uploads.stored_name(kind), upload, save=False)
        written.append(photo.file.name)
        photo.save()
    return len(checked)


def _removing_files_on_failure(write):
    written: list[str] = []
    try:
        with transaction.atomic():
            return write(written)
    except BaseException:
        for name in written:
            default_storage.delete(name)
        raise


def activity_create(*, actor: Actor, station: Station, values: dict, photos=()) -> Activity:
    """登记代表活动 (代表活动、议事会……) with its minutes and photos; all or nothing."""

    def write(written):
        locked = _locked_station(station)
        _require(actor, "stations.manage_activity", locked)
        _check_activity(locked, values)
        activity = create_recorded(
            Activity,
            actor=actor,
            action="stations.activity.created",
            values={**values, "station": locked, "created_by": actor.user},
        )
        _store_photos(activity, photos, written)
        return activity

    return _removing_files_on_failure(write)


def activity_update(*, actor: Actor, activity: Activity, values: dict, photos=()) -> Activity:
    def write(written):
        _require(actor, "stations.manage_activity", activity)
        _check_activity(activity.station, values)
        updated = update_recorded(activity, actor=actor, action="stations.activity.updated", values=values)
        added = _store_photos(updated, photos, written)
        if added:
            record(
                actor=actor, action="stations.activity.photos_added", target=updated, data={"photos": added}
            )
        return updated

    return _removing_files_on_failure(write)
