import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lianxin.accounts.actor import Actor
from lianxin.audit.recorder import record
from lianxin.calendar import sources
from lianxin.calendar.models import HolidayYear, SpecialDay


@transaction.atomic
def publish_holiday_year(
    *,
    actor: Actor,
    year: int,
    source: str,
    holidays: list[tuple[datetime.date, str]],
    workdays: list[tuple[datetime.date, str]],
) -> HolidayYear:
    """Enter (or replace) a year's arrangement: the rest days and the make-up working days."""
    errors = []
    seen: set[datetime.date] = set()
    for day, _name in [*holidays, *workdays]:
        if day.year != year:
            errors.append(_("%(day)s 不在 %(year)d 年内。") % {"day": day.isoformat(), "year": year})
        if day in seen:
            errors.append(_("%(day)s 重复出现。") % {"day": day.isoformat()})
        seen.add(day)
    if not holidays:
        errors.append(_("至少要有一个放假日期。"))
    if errors:
        raise ValidationError(errors)

    entry = HolidayYear.objects.select_for_update().filter(year=year).first()
    action = "calendar.year.updated" if entry else "calendar.year.published"
    before = sorted(str(d) for d in entry.days.all()) if entry else []
    if entry:
        entry.source = source
        entry.save(update_fields=["source"])
        entry.days.all().delete()
    else:
        entry = HolidayYear.objects.create(year=year, source=source)
    SpecialDay.objects.bulk_create(
        [SpecialDay(year=entry, date=d, kind=SpecialDay.Kind.HOLIDAY, name=n) for d, n in holidays]
        + [SpecialDay(year=entry, date=d, kind=SpecialDay.Kind.WORKDAY, name=n) for d, n in workdays]
    )
    after = sorted(str(d) for d in entry.days.all())
    record(
        actor=actor,
        action=action,
        target=entry,
        changes={"days": [before, after]} if before != after else {},
        data={"source": source},
    )
    # Every process reads the year through the shared cache; drop it once the rows are committed.
    transaction.on_commit(lambda: sources.forget(year))
    return entry
