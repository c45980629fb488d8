import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lianxin import calendar
from lianxin.accounts.actor import Actor
from lianxin.accounts.decorators import permission
from lianxin.backoffice.forms_views import attach_errors
from lianxin.calendar import services
from lianxin.calendar.forms import DueDateForm, HolidayYearForm
from lianxin.calendar.models import HolidayYear, SpecialDay
from lianxin.calendar.notice_lines import format_days
from lianxin.calendar.periods import add_months

FIRST_YEAR = 2024
SOURCE_LABELS = {
    "entered": _("录入"),
    "package": _("chinesecalendar 包"),
    "weekends": _("仅周末"),
}


def _lines(days, kind) -> list[str]:
    text = format_days([(day.date, day.name) for day in days if day.kind == kind])
    return text.splitlines()


def _year_rows(today: datetime.date) -> list[dict]:
    entered = {entry.year: entry for entry in HolidayYear.objects.prefetch_related("days")}
    rows = []
    for year in sorted(set(range(FIRST_YEAR, today.year + 3)) | set(entered)):
        entry = entered.get(year)
        days = list(entry.days.all()) if entry else []
        source = calendar.source_of(year)
        rows.append(
            {
                "year": year,
                "source": source,
                "source_label": SOURCE_LABELS[source],
                "entry": entry,
                "holidays": _lines(days, SpecialDay.Kind.HOLIDAY),
                "workdays": _lines(days, SpecialDay.Kind.WORKDAY),
            }
        )
    return rows


def _calculation(form: DueDateForm) -> dict:
    start, count, unit = (form.cleaned_data[name] for name in ("start", "count", "unit"))
    due = calendar.due_date(start, **{unit: count})
    # Periods in days or months end on a calendar day and move to the next working day when it is a rest day.
    if unit == "days":
        nominal = start + datetime.timedelta(days=count)
    elif unit == "months":
        nominal = add_months(start, count)
    else:
        nominal = due
    return {
        "start": start,
        "count": count,
        "unit_label": dict(DueDateForm.UNITS)[unit],
        "nominal": nominal,
        "due": due,
        "moved": nominal != due,
        "unknown_years": calendar.unknown_years(start, due),
    }


@permission("calendar.view_holidayyear")
def year_list(request):
    today = timezone.localdate()
    calculator = (
        DueDateForm(request.GET)
        if "start" in request.GET
        else DueDateForm(initial={"start": today.isoformat(), "unit": "days"})
    )
    result = _calculation(calculator) if calculator.is_bound and calculator.is_valid() else None
    return render(
        request,
        "calendar/list.html",
        {
            "title": _("工作日历"),
            "rows": _year_rows(today),
            "calculator": calculator,
            "result": result,
        },
    )


def _initial_for(year_text: str) -> tuple[dict, HolidayYear | None]:
    if not year_text.isdigit():
        return {}, None
    year = int(year_text)
    entry = HolidayYear.objects.filter(year=year).prefetch_related("days").first()
    if entry is None:
        return {"year": year}, None
    days = list(entry.days.all())
    return {
        "year": year,
        "source": entry.source,
        "holidays": "\n".join(_lines(days, SpecialDay.Kind.HOLIDAY)),
        "workdays": "\n".join(_lines(days, SpecialDay.Kind.WORKDAY)),
    }, entry


@permission("calendar.publish_holidayyear")
def publish(request):
    initial, existing = _initial_for(request.GET.get("year", ""))
    form = HolidayYearForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            year = form.cleaned_data["year"]
            try:
                services.publish_holiday_year(
                    actor=Actor.from_request(request),
                    year=year,
                    source=form.cleaned_data["source"],
                    holidays=form.days("holidays"),
                    workdays=form.days("workdays"),
                )
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.success(request, gettext("%(year)d 年节假日安排已保存。") % {"year": year})
                return redirect(f"{reverse('calendar:list')}#year-{year}")
        messages.error(request, gettext("请根据提示修改后再保存，未保存任何内容。"))
    return render(
        request,
        "calendar/publish.html",
        {"title": _("录入年度节假日安排"), "form": form, "existing": existing},
    )
