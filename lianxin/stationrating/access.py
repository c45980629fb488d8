"""Fetching rating records for a user: 404 outside what they may see, 403 for a refused action.

A round usually covers a county while its liaisons work in a township: they see the open
rounds that cover one of their stations, and assessors see the rounds they assess, besides
the rounds inside their own scope.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from lianxin.accounts.access import fetch_for_user
from lianxin.accounts.permissions import scope_filter
from lianxin.stationrating.models import Application, Round, Template
from lianxin.stations.models import Station

VIEW_TEMPLATE = "stationrating.view_template"
MANAGE_TEMPLATE = "stationrating.manage_template"
VIEW_ROUND = "stationrating.view_round"
MANAGE_ROUND = "stationrating.manage_round"
APPLY = "stationrating.apply_rating"
VIEW_APPLICATION = "stationrating.view_application"
SCORE = "stationrating.score_application"


def template_for(user, pk, action: str | None = None) -> Template:
    return fetch_for_user(
        Template.objects.select_related("region"),
        user,
        pk,
        view=VIEW_TEMPLATE,
        path_field="region__path",
        action=action,
    )


def _ancestor_paths(path: str) -> list[str]:
    """'/99/9901/990101/' → ['/99/', '/99/9901/', '/99/9901/990101/']"""
    parts = [part for part in path.split("/") if part]
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def kept_stations(user) -> QuerySet:
    """The stations ``user`` may apply for: those they are a liaison of, within their scope."""
    return Station.objects.filter(liaisons=user, is_active=True).filter(
        scope_filter(user, APPLY, "region__path")
    )


def rounds_visible_to(user) -> QuerySet:
    if not user.has_perm(VIEW_ROUND):
        return Round.objects.none()
    query = scope_filter(user, VIEW_ROUND, "region__path") | Q(assessors=user)
    covering = {
        path
        for station_path in kept_stations(user).values_list("region__path", flat=True)
        for path in _ancestor_paths(station_path)
    }
    if covering:
        query |= Q(region__path__in=covering)
    ids = Round.objects.filter(query).values("pk")
    return Round.objects.filter(pk__in=ids).select_related("region", "template")


def round_for(user, pk, action: str | None = None) -> Round:
    round_ = get_object_or_404(rounds_visible_to(user), pk=pk)
    if action is not None and not user.has_perm(action, round_):
        raise PermissionDenied
    return round_


def application_for(user, pk, action: str | None = None) -> Application:
    return fetch_for_user(
        Application.objects.select_related("round__template", "round__region", "station__region", "grade"),
        user,
        pk,
        view=VIEW_APPLICATION,
        path_field="station__region__path",
        action=action,
    )
