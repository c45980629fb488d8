"""找站点: the public finder of stations by region, each station's page and its 站点码.

Nothing personal is shown: deputies by name only, the station's own public line, no visitor.
"""

import datetime

from django import forms
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import OuterRef, Q, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lianxin.accounts.decorators import public
from lianxin.opinions import qr
from lianxin.opinions.models import Opinion
from lianxin.regions.models import Region
from lianxin.stations.models import Activity, ReceptionDay, Station
from lianxin.stations.office_views import photo_response

PAGE_SIZE = 20
# Regions change rarely; a new township with a station shows in the finder within five minutes.
REGION_CHOICES_SECONDS = 300


def _counties() -> list:
    """Counties with a station open to the public, grouped by city when there are several."""
    paths = (
        Station.objects.filter(is_active=True)
        .exclude(kind=Station.Kind.ONLINE)
        .values_list("region__path", flat=True)
    )
    codes = {path.strip("/").split("/")[2] for path in paths.distinct() if path.count("/") > 3}
    rows = list(
        Region.objects.filter(code__in=codes, level=Region.Level.COUNTY)
        .order_by("path")
        .values_list("code", "name", "parent__name")
    )
    if len({city for _code, _name, city in rows}) <= 1:
        return [(code, name) for code, name, _city in rows]
    grouped: dict = {}
    for code, name, city in rows:
        grouped.setdefault(city, []).append((code, name))
    return list(grouped.items())


def _townships(county_code: str) -> list:
    county = Region.objects.filter(code=county_code, level=Region.Level.COUNTY).only("path").first()
    if county is None:
        return []
    with_stations = Station.objects.filter(
        is_active=True, region__path__startswith=county.path, region__level__gte=Region.Level.TOWNSHIP
    ).values_list("region__path", flat=True)
    codes = {path.strip("/").split("/")[3] for path in with_stations.distinct()}
    return list(
        Region.objects.filter(code__in=codes, level=Region.Level.TOWNSHIP)
        .order_by("path")
        .values_list("code", "name")
    )


class FinderForm(forms.Form):
    # A county first, then its townships: one <select> of every township in a province would be
    # 1,500 options on every page.
    county = forms.ChoiceField(label=gettext_lazy("县（市、区）"), required=False)
    region = forms.ChoiceField(label=gettext_lazy("乡镇（街道）"), required=False)
    q = forms.CharField(label=gettext_lazy("站点名称或地址"), max_length=50, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("全部"))]
        counties = cache.get_or_set("stations:finder-counties", _counties, REGION_CHOICES_SECONDS)
        self.fields["county"].choices = everything + counties
        county = self.data.get("county", "")
        townships = (
            cache.get_or_set(
                f"stations:finder-townships:{county}", lambda: _townships(county), REGION_CHOICES_SECONDS
            )
            if county
            else []
        )
        self.fields["region"].choices = everything + townships
        if self.is_bound and self.data.get("region") not in {"", *(code for code, _name in townships)}:
            # A township left selected from the county chosen before: the new county decides.
            self.data = self.data.copy()
            self.data["region"] = ""
        for name in ("county", "region"):
            self.fields[name].widget.attrs.update({"class": "form-select", "data-autosubmit": ""})
        self.fields["q"].widget.attrs["class"] = "form-control"

    def area_code(self) -> str:
        """The township chosen, else the county (a township of another county counts for nothing)."""
        return self.cleaned_data.get("region") or self.cleaned_data.get("county") or ""


def next_days(station: Station, today: datetime.date):
    """The station's 接待日 shown to the public: from today to ``announce_days`` ahead."""
    return station.reception_days.filter(
        date__gte=today, date__lte=today + datetime.timedelta(days=station.announce_days)
    ).order_by("date")


@public
def finder(request):
    form = FinderForm(request.GET or None)
    today = timezone.localdate()
    stations = Station.objects.filter(is_active=True).exclude(kind=Station.Kind.ONLINE)
    if form.is_valid():
        code = form.area_code()
        if code:
            region = Region.objects.filter(code=code).only("path").first()
            stations = stations.filter(region__path__startswith=region.path) if region else stations.none()
        term = form.cleaned_data["q"].strip()
        if term:
            stations = stations.filter(Q(name__contains=term) | Q(address__contains=term))
    coming = ReceptionDay.objects.filter(station=OuterRef("pk"), date__gte=today).order_by("date")
    stations = (
        stations.select_related("region")
        .annotate(next_day=Subquery(coming.values("date")[:1]))
        .order_by("region__path", "name")
    )
    page = Paginator(stations, PAGE_SIZE).get_page(request.GET.get("page"))
    for station in page.object_list:
        # A day further ahead than the station announces is not public yet.
        if station.next_day and station.next_day > today + datetime.timedelta(days=station.announce_days):
            station.next_day = None
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "stations/public/finder.html",
        {"form": form, "page": page, "querystring": query.urlencode()},
    )


def _station(code: str) -> Station:
    return get_object_or_404(Station.objects.select_related("region"), public_code=code, is_active=True)


@public
def station_page(request, code):
    station = _station(code)
    today = timezone.localdate()
    return render(
        request,
        "stations/public/station.html",
        {
            "station": station,
            "days": next_days(station, today).prefetch_related("on_duty")[:6],
            "deputies": station.deputies.order_by("name"),
            "activities": station.activities.filter(is_public=True).prefetch_related("photos", "deputies")[
                :10
            ],
            # 公示栏: what came through this station and was answered and published on the 回音壁.
            "handled": Opinion.objects.filter(station=station, published_at__isnull=False)
            .select_related("case")
            .order_by("-published_at", "-id")[:10],
        },
    )


@public
def station_qr(request, code, kind):
    station = _station(code)
    url = qr.form_url(request, "opinions_public:station_form", station.public_code)
    title = _("%(name)s的站点码") % {"name": station.name}
    return qr.qr_response(url, kind=kind, title=title, filename=_("站点码-%(name)s") % {"name": station.name})


@public
def activity_photo(request, code, pk, photo_pk):
    station = _station(code)
    activity = get_object_or_404(Activity, pk=pk, station=station, is_public=True)
    photo = activity.photos.filter(pk=photo_pk).first()
    if photo is None:
        raise Http404
    return photo_response(photo)
