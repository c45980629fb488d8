"""Latency of the opinion's hint panel: a benchmark, run on its own, never by `make test`.

    LIANXIN_CITIZEN_MESSAGES=/path/to/citizen-messages \
    LIANXIN_INSIGHT_MODEL_DIR=<a category model from python -m lianxin.insight.train> \
      .venv/bin/python -m pytest -q -s -p no:cacheprovider bench/routing_panel_latency.py

A county with 1,000 open opinions of the last 90 days (real messages from hotspots.csv), a unit
model trained on 300 finished decisions; the panel of a new opinion is fetched 30 times with the
models warm, and the server's own time (Server-Timing) is reported. The project's fixtures are
imported below so that pytest finds them from bench/ too.
"""

import csv
import os
import statistics
from pathlib import Path

import pytest
from django.urls import reverse

from lianxin.accounts.actor import Actor
from lianxin.conftest import client_for, world  # noqa: F401
from lianxin.opinions.models import Opinion
from lianxin.routing import training
from lianxin.routing.tests.conftest import (  # noqa: F401
    _routing_models_in_a_temporary_folder,
    decided,
    open_case,
    opinion,
)

DATA = Path(os.environ.get("LIANXIN_CITIZEN_MESSAGES", "/path/to/citizen-messages"))


@pytest.mark.django_db
def test_panel_latency(world):  # noqa: F811 - the fixture imported above
    with (DATA / "hotspots.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))[:1400]
    for n, row in enumerate(rows[:1000]):
        open_case(world, opinion(world, row["留言主题"][:100], row["留言详情"].strip(), days_ago=n % 80))
    for n, row in enumerate(rows[1000:1300]):
        decided(
            world, world.unit if n % 2 else world.other_unit, row["留言主题"][:100], row["留言详情"].strip()
        )
    training.retrain(actor=Actor.system(), region=world.county)
    client = client_for(world.staff)
    spent = {"new": [], "assign": []}
    for row in rows[1300:1330]:
        fresh = opinion(world, row["留言主题"][:100], row["留言详情"].strip())
        waiting = open_case(world, opinion(world, row["留言主题"][:100], row["留言详情"].strip()))
        for kind, item in (("new", fresh), ("assign", waiting)):
            response = client.get(reverse("routing:opinion_panel", args=[item.pk]))
            assert response.status_code == 200
            spent[kind].append(float(response["Server-Timing"].split("dur=")[1]))
    for kind, values in spent.items():
        values = sorted(values[1:])  # the first request loads the models
        print(
            f"\npanel ({kind}): median {statistics.median(values):.0f} ms, max {values[-1]:.0f} ms, "
            f"open opinions {Opinion.objects.count()}"
        )
