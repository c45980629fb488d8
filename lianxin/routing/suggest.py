"""承办单位 suggestions for the 交办 form. Staff choose; this only ranks, and never raises."""

import logging
import threading
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from lianxin.insight.suggest import text_problem
from lianxin.routing import config
from lianxin.routing.models import RoutingModel
from lianxin.routing.training import file_sha256
from lianxin.units.models import HandlingUnit

logger = logging.getLogger(__name__)

REASONS = {
    "empty": _("没有文字内容，无法给出承办单位建议。"),
    "too_short": _("文字太短，无法给出承办单位建议。"),
    "not_chinese": _("内容不是中文，无法给出承办单位建议。"),
    "no_known_words": _("内容中没有模型认识的文字，无法给出承办单位建议。"),
    "no_model": _("承办单位建议暂不可用：本地还没有足够的交办记录训练模型。"),
    "corrupt_model": _("承办单位建议暂不可用：模型文件缺失或已损坏。"),
    "error": _("承办单位建议暂不可用：计算时出错。"),
}


@dataclass(frozen=True)
class UnitSuggestion:
    units: list[tuple[HandlingUnit, float]] = field(default_factory=list)
    reason: str = ""
    model_version: str = ""

    @property
    def message(self):
        return REASONS.get(self.reason, "")

    def __bool__(self) -> bool:
        return bool(self.units)


def model_for(region) -> RoutingModel | None:
    """The newest model of the nearest region above (or at) the item's that has one."""
    parts = [code for code in region.path.split("/") if code]
    paths = ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]
    return (
        RoutingModel.objects.filter(region__path__in=paths)
        .order_by("-region__level", "-trained_at", "-pk")
        .first()
    )


_cache: dict[str, object] = {}
_cache_lock = threading.Lock()


class _Unusable(Exception):
    pass


def _load(model: RoutingModel):
    """The router in the file, checked against the hash recorded when it was trained."""
    with _cache_lock:
        if model.version in _cache:
            return _cache[model.version]
        path = config.model_directory() / model.file_name
        if not path.is_file() or file_sha256(path) != model.file_sha256:
            raise _Unusable  # missing, truncated or altered: refused before unpickling
        import joblib

        from lianxin.routing.router import UnitRouter

        router = joblib.load(path)
        if not isinstance(router, UnitRouter):
            raise _Unusable
        _cache.clear()  # one region's model per process is the common case; keep memory flat
        _cache[model.version] = router
        return router


def suggest_units(text: str, *, category: str, region, top: int = 3) -> UnitSuggestion:
    problem = text_problem(text)
    if problem:
        return UnitSuggestion(reason=problem)
    try:
        model = model_for(region)
        if model is None:
            return UnitSuggestion(reason="no_model")
        try:
            router = _load(model)
        except Exception:
            logger.warning("routing: model %s is missing or corrupt", model.version)
            return UnitSuggestion(reason="corrupt_model", model_version=model.version)
        # Rank more than shown: a unit deactivated since training is skipped, not suggested.
        ranked = router.ranked(text, category or "", top + 5)
        if not ranked:
            return UnitSuggestion(reason="no_known_words", model_version=model.version)
        units = HandlingUnit.objects.in_bulk([unit_id for unit_id, _p in ranked])
        chosen = [(units[u], p) for u, p in ranked if u in units and units[u].is_active][:top]
        if not chosen:
            return UnitSuggestion(reason="no_known_words", model_version=model.version)
        return UnitSuggestion(units=chosen, model_version=model.version)
    except Exception:
        logger.exception("routing: suggesting units failed")
        return UnitSuggestion(reason="error")
