"""Routing tests train real (tiny) models: the category model from insight's synthetic data
set, the unit model from finished assignments written here."""

import datetime

import pytest
from django.utils import timezone

from lianxin.casework.models import Assignment, Case
from lianxin.insight import model_files
from lianxin.insight.tests.conftest import dataset_dir, model_copy, trained_model_dir  # noqa: F401
from lianxin.opinions.models import Category, Opinion
from lianxin.routing import suggest


@pytest.fixture(autouse=True)
def _routing_models_in_a_temporary_folder(settings, tmp_path):
    settings.LIANXIN_ROUTING_MODEL_DIR = str(tmp_path / "routing")
    suggest._cache.clear()
    yield
    suggest._cache.clear()


@pytest.fixture
def category_model(model_copy, monkeypatch):  # noqa: F811
    """The synthetic category model (城乡建设, 教育文体, 卫生计生) as the one in use."""
    monkeypatch.setenv(model_files.DIRECTORY_VARIABLE, str(model_copy))
    model_files._cache.clear()
    yield model_copy
    model_files._cache.clear()


@pytest.fixture
def no_category_model(tmp_path, monkeypatch):
    monkeypatch.setenv(model_files.DIRECTORY_VARIABLE, str(tmp_path / "no-models"))
    model_files._cache.clear()
    yield
    model_files._cache.clear()


def opinion(world, title, content, *, region=None, category=None, days_ago=0, **fields) -> Opinion:
    return Opinion.objects.create(
        channel=Opinion.Channel.PHONE,
        title=title,
        content=content,
        region=region or world.east,
        category=Category.objects.get_or_create(name=category)[0] if category else None,
        submitter_phone="13912345678",
        submitted_at=timezone.now() - datetime.timedelta(days=days_ago),
        **fields,
    )


def open_case(world, item: Opinion, state=Case.State.REGISTERED) -> Opinion:
    item.case = Case.objects.create(source="opinions", title=item.title, region=item.region, state=state)
    item.status = Opinion.Status.ACCEPTED
    item.save(update_fields=["case", "status"])
    return item


def decided(world, unit, title, content, category="") -> Assignment:
    """A finished decision: an accepted opinion whose lead unit has replied."""
    item = open_case(world, opinion(world, title, content, category=category), state=Case.State.CLOSED)
    today = timezone.localdate()
    return Assignment.objects.create(
        case=item.case,
        unit=unit,
        kind=Assignment.Kind.LEAD,
        state=Assignment.State.REPLIED,
        due_date=today,
        cap_date=today,
        return_window_end=today,
    )
