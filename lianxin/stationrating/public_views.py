"""The public listing of published star ratings (星级评定结果公示)."""

from django.shortcuts import render

from lianxin.accounts.decorators import public
from lianxin.stationrating.grades import published_results
from lianxin.stationrating.models import Round


@public
def results(request):
    rounds = list(Round.objects.filter(status=Round.Status.PUBLISHED).order_by("-published_at", "-pk"))
    chosen = next((r for r in rounds if str(r.pk) == request.GET.get("round")), rounds[0] if rounds else None)
    return render(
        request,
        "stationrating/public/results.html",
        {"rounds": rounds, "chosen": chosen, "results": published_results(chosen) if chosen else []},
    )
