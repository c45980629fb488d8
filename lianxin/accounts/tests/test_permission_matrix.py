"""Every view × every persona: who gets the page, who is refused (403), who is told it does
not exist (404, outside their scope), and that a refused request changes nothing.

The expectations are written out by hand from the permission declarations and scopes, so
that wiring a view to the wrong permission or forgetting the scope check fails here.
A URL added without an entry here fails ``test_every_url_is_in_the_matrix``.
"""

import datetime
import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from lianxin.accounts.tests.matrix import (
    ANY,
    KEEPERS,
    LOGIN,
    OFFICE_VIEWERS,
    OK,
    PERSONAS,
    SIGNED_IN_ALL,
    Case,
)
from lianxin.congresses.models import Delegation, DeputyGroup, Session
from lianxin.deputies.models import Seat


def _session(w):
    return Session.objects.get_or_create(
        term=w.county_term,
        number=1,
        defaults={"start_date": datetime.date(2022, 1, 5), "end_date": datetime.date(2022, 1, 8)},
    )[0]


def _delegation(w):
    return Delegation.objects.get_or_create(
        term=w.county_term, name="东城代表团", defaults={"region": w.east}
    )[0]


def _group(w):
    return DeputyGroup.objects.get_or_create(
        term=w.county_term, name="东城代表小组", defaults={"region": w.east}
    )[0]


def _seat(w):
    return Seat.objects.filter(deputy=w.east_deputy).first()


FOUNDATION = {
    "workbench:home": Case(public=True),
    "accounts:login": Case(public=True),
    "accounts:login_verify": Case(public=True),
    "accounts:logout": Case(signs_out=True, method="post"),
    "accounts:password_change": Case(ok=SIGNED_IN_ALL),
    "accounts:totp_setup": Case(ok=SIGNED_IN_ALL),
    "accounts:switch_role": Case(ok=SIGNED_IN_ALL, method="post"),
    # Revealing a deputy's phone: only 代表工委 staff with the deputy in scope; others who can
    # see the deputy are refused, those who cannot see it are told it does not exist.
    "privacy:reveal": Case(
        ok={"staff"},
        hidden={"citizen", "deputy", "clerk", "auditor", "west_staff", "west_liaison", "west_clerk"},
        method="post",
        kwargs=lambda w: {"kind": "deputies.deputy", "pk": w.east_deputy.pk, "field": "phone"},
    ),
    # Deputies
    "deputies:list": Case(ok=OFFICE_VIEWERS | {"liaison", "west_staff", "west_liaison"}),
    "deputies:create": Case(ok=KEEPERS | {"west_staff"}),
    "deputies:import": Case(ok=KEEPERS | {"west_staff"}),
    "deputies:import_template": Case(ok=KEEPERS | {"west_staff"}),
    "deputies:detail": Case(
        ok=OFFICE_VIEWERS | {"liaison"},
        hidden={"west_staff", "west_liaison"},
        kwargs=lambda w: {"pk": w.east_deputy.pk},
    ),
    "deputies:edit": Case(ok=KEEPERS, hidden={"west_staff"}, kwargs=lambda w: {"pk": w.east_deputy.pk}),
    "deputies:seat_create": Case(
        ok=KEEPERS, hidden={"west_staff"}, kwargs=lambda w: {"pk": w.east_deputy.pk}
    ),
    "deputies:seat_edit": Case(ok=KEEPERS, hidden={"west_staff"}, kwargs=lambda w: {"pk": _seat(w).pk}),
    # Stations
    "stations:list": Case(ok=OFFICE_VIEWERS | {"liaison", "deputy", "west_staff", "west_liaison"}),
    "stations:create": Case(ok=KEEPERS | {"west_staff"}),
    "stations:import": Case(ok=KEEPERS | {"west_staff"}),
    "stations:import_template": Case(ok=KEEPERS | {"west_staff"}),
    "stations:detail": Case(
        ok=OFFICE_VIEWERS | {"liaison", "deputy"},
        hidden={"west_staff", "west_liaison"},
        kwargs=lambda w: {"pk": w.east_station.pk},
    ),
    # The station's own liaison may edit it; the other township's liaison cannot even see it.
    "stations:edit": Case(
        ok=KEEPERS | {"liaison"},
        hidden={"west_staff", "west_liaison"},
        kwargs=lambda w: {"pk": w.east_station.pk},
    ),
    # Units
    "units:list": Case(ok=OFFICE_VIEWERS | {"clerk", "west_clerk", "west_staff"}),
    "units:create": Case(ok=KEEPERS | {"west_staff"}),
    "units:import": Case(ok=KEEPERS | {"west_staff"}),
    "units:import_template": Case(ok=KEEPERS | {"west_staff"}),
    "units:detail": Case(
        ok=OFFICE_VIEWERS | {"clerk", "west_clerk"}, hidden={"west_staff"}, kwargs=lambda w: {"pk": w.unit.pk}
    ),
    "units:edit": Case(ok=KEEPERS, hidden={"west_staff"}, kwargs=lambda w: {"pk": w.unit.pk}),
    # Another unit's clerk sees the unit (it is in their county) but may not touch its contacts.
    "units:contact_create": Case(
        ok=KEEPERS | {"clerk"}, hidden={"west_staff"}, kwargs=lambda w: {"pk": w.unit.pk}
    ),
    "units:contact_edit": Case(
        ok=KEEPERS | {"clerk"}, hidden={"west_staff"}, kwargs=lambda w: {"pk": w.unit.contacts.first().pk}
    ),
    # Congresses
    "congresses:list": Case(ok=OFFICE_VIEWERS | {"west_staff"}),
    "congresses:create": Case(ok={"admin"}),
    "congresses:detail": Case(
        ok=OFFICE_VIEWERS, hidden={"west_staff"}, kwargs=lambda w: {"pk": w.county_congress.pk}
    ),
    "congresses:edit": Case(
        ok=KEEPERS | {"admin"}, hidden={"west_staff"}, kwargs=lambda w: {"pk": w.county_congress.pk}
    ),
    "congresses:term_create": Case(
        ok=KEEPERS | {"admin"}, hidden={"west_staff"}, kwargs=lambda w: {"pk": w.county_congress.pk}
    ),
    "congresses:term_edit": Case(
        ok=KEEPERS | {"admin"}, hidden={"west_staff"}, kwargs=lambda w: {"pk": w.county_term.pk}
    ),
    "congresses:sessions_create": Case(
        ok=KEEPERS | {"admin"}, hidden={"west_staff"}, kwargs=lambda w: {"pk": w.county_term.pk}
    ),
    "congresses:sessions_edit": Case(
        ok=KEEPERS | {"admin"}, hidden={"west_staff"}, kwargs=lambda w: {"pk": _session(w).pk}
    ),
    "congresses:delegations_create": Case(
        ok=KEEPERS | {"admin"}, hidden={"west_staff"}, kwargs=lambda w: {"pk": w.county_term.pk}
    ),
    "congresses:delegations_edit": Case(
        ok=KEEPERS | {"admin"}, hidden={"west_staff"}, kwargs=lambda w: {"pk": _delegation(w).pk}
    ),
    "congresses:groups_create": Case(
        ok=KEEPERS | {"admin"}, hidden={"west_staff"}, kwargs=lambda w: {"pk": w.county_term.pk}
    ),
    "congresses:groups_edit": Case(
        ok=KEEPERS | {"admin"}, hidden={"west_staff"}, kwargs=lambda w: {"pk": _group(w).pk}
    ),
    "congresses:constituencies_create": Case(
        ok=KEEPERS | {"admin"}, hidden={"west_staff"}, kwargs=lambda w: {"pk": w.county_term.pk}
    ),
    "congresses:constituencies_edit": Case(
        ok=KEEPERS | {"admin"}, hidden={"west_staff"}, kwargs=lambda w: {"pk": w.constituency.pk}
    ),
    # Regions
    "regions:list": Case(ok=OFFICE_VIEWERS | {"west_staff"}),
    "regions:create": Case(ok={"admin"}),
    "regions:detail": Case(ok=OFFICE_VIEWERS, hidden={"west_staff"}, kwargs=lambda w: {"pk": w.east.pk}),
    "regions:edit": Case(ok={"admin"}, kwargs=lambda w: {"pk": w.east.pk}),
    # Accounts (the county administrator only)
    "accounts_office:user_list": Case(ok={"admin"}),
    "accounts_office:user_create": Case(ok={"admin"}),
    "accounts_office:user_detail": Case(ok={"admin"}, kwargs=lambda w: {"pk": w.staff.pk}),
    "accounts_office:user_edit": Case(ok={"admin"}, kwargs=lambda w: {"pk": w.staff.pk}),
    "accounts_office:membership_grant": Case(ok={"admin"}, kwargs=lambda w: {"pk": w.staff.pk}),
    "accounts_office:membership_revoke": Case(
        ok={"admin"}, method="post", kwargs=lambda w: {"pk": w.staff.memberships.first().pk}
    ),
    "accounts_office:password_reset": Case(ok={"admin"}, method="post", kwargs=lambda w: {"pk": w.staff.pk}),
    "accounts_office:totp_reset": Case(ok={"admin"}, method="post", kwargs=lambda w: {"pk": w.staff.pk}),
    "accounts_office:unlock": Case(ok={"admin"}, method="post", kwargs=lambda w: {"pk": w.staff.pk}),
    # Calendar and audit
    "calendar:list": Case(ok=OFFICE_VIEWERS | {"west_staff"}),
    "calendar:publish": Case(ok={"office", "admin"}),
    "audit:list": Case(ok={"auditor"}),
}


def _app_cases() -> dict:
    """Cases from every app's tests/permission_cases*.py (one file per screen set)."""
    cases = {}
    for config in apps.get_app_configs():
        folder = Path(config.path) / "tests"
        for module in sorted(folder.glob("permission_cases*.py")):
            cases.update(importlib.import_module(f"{config.name}.tests.{module.stem}").CASES)
    return cases


MATRIX = {**FOUNDATION, **_app_cases()}


def _url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = (
                f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else pattern.namespace
            )
            yield from _url_names(pattern, inner or namespace)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_url_is_in_the_matrix():
    names = set(_url_names())
    assert names - set(MATRIX) == set(), "views without permission expectations"
    assert set(MATRIX) - names == set(), "expectations for views that no longer exist"


def test_every_view_declares_who_may_open_it():
    def walk(resolver):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern)
            else:
                yield pattern

    undeclared = [str(p.pattern) for p in walk(get_resolver()) if not getattr(p.callback, "access", None)]
    assert undeclared == []


# Models whose rows a request may legitimately touch without changing anything: sessions
# and login bookkeeping.
_VOLATILE = {"sessions.session", "axes.accessattempt", "axes.accesslog", "axes.accessfailurelog"}


def _fingerprint() -> dict:
    state = {}
    for model in apps.get_models():
        if model._meta.label_lower in _VOLATILE or model._meta.proxy:
            continue
        state[model._meta.label_lower] = sorted(
            (tuple(sorted((k, str(v)) for k, v in row.items())) for row in model._default_manager.values()),
        )
    return state


def _classify(response) -> object:
    if response.status_code in (403, 404):
        return response.status_code
    if response.status_code == 302 and response["Location"].startswith(reverse("accounts:login")):
        return LOGIN
    if response.status_code in (200, 302):
        return OK
    return response.status_code


# Data a refused request might try to write with.
_PAYLOAD = {
    "name": "篡改",
    "token": "123456",
    "username": "intruder",
    "membership": "1",
    "year": "2027",
    "source": "篡改",
    "holidays": "2027-03-01 篡改",
}


@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_each_persona_gets_what_its_role_and_scope_allow(world, url_name):
    case = MATRIX[url_name]
    url = reverse(url_name, kwargs=case.kwargs(world) if case.kwargs else None)
    clients = {"anonymous": Client()}
    for persona in PERSONAS[1:]:
        clients[persona] = Client()
        clients[persona].force_login(getattr(world, persona))
    # Refused personas go first, so that an allowed POST (a revocation, say) cannot change
    # what the refused ones would see.
    order = sorted(PERSONAS, key=lambda persona: case.expected(persona) == OK)
    problems = []
    for persona in order:
        expected = case.expected(persona)
        client = clients[persona]
        before = _fingerprint() if expected not in (OK, ANY) and not case.signs_out else None
        response = client.post(url, _PAYLOAD) if case.method == "post" else client.get(url)
        outcome = _classify(response)
        if expected == ANY:
            if response.status_code >= 500:
                problems.append(f"{persona}: {response.status_code}")
            continue
        if outcome != expected:
            problems.append(f"{persona}: expected {expected}, got {outcome} ({response.status_code})")
        if before is not None:
            if case.method == "get":
                # The same refusal must hold for a write attempt, and neither may change anything.
                again = client.post(url, _PAYLOAD)
                # A page that takes no POST may answer 405 before looking anything up.
                if _classify(again) not in (expected, 405):
                    problems.append(f"{persona}: POST expected {expected}, got {_classify(again)}")
            if _fingerprint() != before:
                problems.append(f"{persona}: a refused request changed the database")
    assert problems == [], f"{url_name}: " + "; ".join(problems)
