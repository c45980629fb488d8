"""What 星级评定 puts on the workbench's 待办 panel (see lianxin.workbench.todos)."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lianxin.accounts.permissions import scope_filter
from lianxin.stationrating import access
from lianxin.stationrating.models import Application, Round
from lianxin.workbench.todos import Todo


def waiting_for_my_scores(user) -> int:
    return (
        Application.objects.filter(round__status=Round.Status.OPEN, round__assessors=user)
        .exclude(sheets__assessor=user)
        .count()
    )


def waiting_for_my_application(user) -> int:
    """Open rounds × the user's stations inside them that have not applied yet."""
    rounds = list(
        Round.objects.filter(status=Round.Status.OPEN, apply_until__gte=timezone.localdate()).values_list(
            "pk", "region__path"
        )
    )
    if not rounds:
        return 0
    stations = list(access.kept_stations(user).values_list("pk", "region__path"))
    applied = set(
        Application.objects.filter(
            round__in=[pk for pk, _path in rounds], station__in=[pk for pk, _ in stations]
        ).values_list("round", "station")
    )
    return sum(
        1
        for round_pk, round_path in rounds
        for station_pk, station_path in stations
        if station_path.startswith(round_path) and (round_pk, station_pk) not in applied
    )


def waiting_for_combination_or_publication(user) -> int:
    """Rounds past their deadline still to be combined, and combined rounds still to be published."""
    return (
        Round.objects.filter(scope_filter(user, access.MANAGE_ROUND, "region__path"))
        .filter(
            Q(status=Round.Status.COMBINED)
            | Q(status=Round.Status.OPEN, apply_until__lt=timezone.localdate(), applications__isnull=False)
        )
        .distinct()
        .count()
    )


TODOS = (
    Todo(_("星级评定待评分"), "stationrating:list", access.SCORE, waiting_for_my_scores),
    Todo(_("星级评定待申报"), "stationrating:list", access.APPLY, waiting_for_my_application),
    Todo(
        _("星级评定待合分、公布"),
        "stationrating:list",
        access.MANAGE_ROUND,
        waiting_for_combination_or_publication,
    ),
)
