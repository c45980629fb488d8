"""Public pages (/daibiao/): find my deputy, a deputy's profile with the 代表码, the quarterly
points (季度亮分) and voters' rating of a 述职 with a one-time code. No account is needed.

Only basic and duty information is shown (代表法 第58条): never a phone or ID number, nor the
text of what citizens wrote to the deputy.
"""

from collections import Counter

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from lianxin.accounts.actor import Actor, client_ip
from lianxin.accounts.decorators import public
from lianxin.backoffice.forms_views import attach_errors
from lianxin.congresses.models import Congress, Constituency
from lianxin.deputies.choices import SeatStatus
from lianxin.deputies.models import Deputy, Seat
from lianxin.duty import services
from lianxin.duty.forms import PublicVoteForm
from lianxin.duty.models import DutyActivity, Kind, Photo, Publication, PublishedPoint
from lianxin.opinions import qr
from lianxin.regions.models import Region

# What citizens wrote is theirs: the profile counts these, it does not show their titles.
PRIVATE_KINDS = {Kind.OPINION_RECEIVED, Kind.OPINION_ANSWERED}


def suggestion_outcomes(deputy) -> dict:
    """Suggestions the deputy led: the published ones with how each ended, all as counts by outcome."""
    from lianxin.suggestions.publication import deputy_summary

    return deputy_summary(deputy)


@public
def find(request):
    """找代表: by region (walking down the tree) or constituency, or by name."""
    region = None
    if request.GET.get("region", "").isdigit():
        region = Region.objects.filter(pk=request.GET["region"], level__lte=Region.Level.VILLAGE).first()
    constituency = None
    if request.GET.get("constituency", "").isdigit():
        constituency = (
            Constituency.objects.select_related("term__congress")
            .filter(pk=request.GET["constituency"])
            .first()
        )
    name = request.GET.get("q", "").strip()[:20]
    children = (
        (Region.objects.filter(parent=region) if region else Region.objects.filter(parent__isnull=True))
        .filter(level__lte=Region.Level.VILLAGE)
        .order_by("code")
    )
    deputies = None
    if region or constituency or name:
        serving = Seat.objects.filter(status=SeatStatus.SERVING)
        if constituency:
            serving = serving.filter(constituency=constituency)
        elif region:
            serving = serving.filter(
                Q(deputy__region__path__startswith=region.path)
                | Q(constituency__region__path__startswith=region.path)
            )
        if name:
            serving = serving.filter(deputy__name__contains=name)
        deputies = Paginator(
            Deputy.objects.filter(pk__in=serving.values("deputy_id"))
            .select_related("region")
            .order_by("name", "pk"),
            30,
        ).get_page(request.GET.get("page"))
    constituencies = (
        Constituency.objects.filter(region__path__startswith=region.path).select_related("term__congress")[
            :200
        ]
        if region and region.level >= Region.Level.COUNTY
        else []
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "duty/public/find.html",
        {
            "region": region,
            "ancestors": _ancestors(region),
            "children": children,
            "constituency": constituency,
            "constituencies": constituencies,
            "q": name,
            "deputies": deputies,
            "querystring": query.urlencode(),
        },
    )


def _ancestors(region) -> list:
    if region is None:
        return []
    codes = [part for part in region.path.strip("/").split("/") if part]
    found = {r.code: r for r in Region.objects.filter(code__in=codes)}
    return [found[c] for c in codes if c in found]


def _public_deputy(code: str) -> Deputy:
    # A person with no seat at all is not a deputy the public can look up. Phone and ID number
    # are not even read (nor decrypted) on a public page.
    return get_object_or_404(
        Deputy.objects.select_related("region")
        .defer("phone", "phone_digest", "id_number", "id_number_digest")
        .filter(Exists(Seat.objects.filter(deputy=OuterRef("pk")))),
        public_code=code,
    )


@public
def profile(request, code):
    deputy = _public_deputy(code)
    year = timezone.localdate().year
    activities = list(
        DutyActivity.objects.filter(deputy=deputy, year=year)
        .only("kind", "occurred_on", "title")
        .order_by("-occurred_on", "-pk")
    )
    counts = Counter(a.kind for a in activities)
    seats = (
        deputy.seats.filter(status=SeatStatus.SERVING)
        .select_related("term__congress__region", "constituency", "delegation", "group")
        .order_by("term__congress__region__level")
    )
    latest = {}
    for point in (
        PublishedPoint.objects.filter(deputy=deputy, publication__year=year)
        .select_related("publication__congress")
        .order_by("publication__congress_id", "-publication__quarter")
    ):
        latest.setdefault(point.publication.congress_id, point)
    return render(
        request,
        "duty/public/profile.html",
        {
            "deputy": deputy,
            "has_photo": Photo.objects.filter(deputy=deputy).exists(),
            "year": year,
            "seats": seats,
            "stations": deputy.stations.filter(is_active=True),
            "expertise": deputy.expertise.all(),
            "counts": [(label, counts[value]) for value, label in Kind.choices if counts[value]],
            "recent": [a for a in activities if a.kind not in PRIVATE_KINDS][:20],
            "opinions_received": counts[Kind.OPINION_RECEIVED],
            "opinions_answered": counts[Kind.OPINION_ANSWERED],
            "suggestions": suggestion_outcomes(deputy),
            "points": list(latest.values()),
            "voter_reports": deputy.voter_reports.all()[:5],
            "form_url": reverse("opinions_public:deputy_form", args=[deputy.public_code]),
        },
    )


@public
def photo(request, code):
    deputy = _public_deputy(code)
    item = get_object_or_404(Photo, deputy=deputy)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=item.content_type)
    response["Cache-Control"] = "public, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@public
def deputy_code(request, code, kind):
    """代表码: printed on posters; opens this profile, which leads on to the bound opinion form."""
    deputy = _public_deputy(code)
    url = qr.form_url(request, "duty_public:profile", deputy.public_code)
    return qr.qr_response(
        url,
        kind=kind,
        title=_("%(name)s代表的代表码") % {"name": deputy.name},
        filename=_("代表码-%(name)s") % {"name": deputy.name},
    )


@public
def ranking(request, pk):
    """季度亮分: the latest published quarter of a congress, with the rule table beside it."""
    congress = get_object_or_404(Congress.objects.select_related("region"), pk=pk)
    publications = Publication.objects.filter(congress=congress).order_by("-year", "-quarter")
    chosen = request.GET.get("p", "")
    publication = (
        publications.filter(pk=chosen).first() if chosen.isdigit() else None
    ) or publications.first()
    page = None
    if publication is not None:
        page = Paginator(
            publication.points.select_related("deputy").order_by("rank_congress", "deputy__name"), 50
        ).get_page(request.GET.get("page"))
    return render(
        request,
        "duty/public/ranking.html",
        {"congress": congress, "publication": publication, "publications": publications[:12], "page": page},
    )


def _too_many(request):
    return render(
        request,
        "error.html",
        {"status": 429, "title": _("操作过于频繁"), "message": _("您的操作过于频繁，请稍后再试。")},
        status=429,
    )


@public
def vote(request):
    """述职评议: a voter rates a deputy's report with the one-time code handed out at it."""
    form = PublicVoteForm(request.POST or None)
    if request.method == "POST":
        if is_ratelimited(
            request,
            group="duty-vote",
            key=lambda g, r: client_ip(r) or "unknown",
            rate="20/h",
            increment=True,
        ):
            return _too_many(request)
        if form.is_valid():
            try:
                report = services.cast_vote(
                    actor=Actor.citizen(request, subject="vote", label=_("选民（评议码）")),
                    code=form.cleaned_data["code"],
                    value=form.cleaned_data["value"],
                )
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.success(request, _("感谢您的评议，已记录。"))
                return redirect(reverse("duty_public:profile", args=[report.deputy.public_code]))
    return render(request, "duty/public/vote.html", {"form": form})
