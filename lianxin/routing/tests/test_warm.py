"""The web process loads the category model in the background, and survives having none."""

from lianxin.insight import model_files
from lianxin.routing import warm


def test_it_loads_the_category_model_once_in_the_background(category_model):
    model_files._cache.clear()
    warm.start().join(timeout=60)
    assert len(model_files._cache) == 1


def test_without_a_model_it_logs_and_carries_on(no_category_model, caplog):
    warm.start().join(timeout=60)
    assert model_files._cache == {}
    assert "not warmed" in caplog.text
