"""Retraining a region's 承办单位 model from its staff's finished decisions (nightly, per congress)."""

import hashlib
import logging
import os
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone

from lianxin.accounts.actor import Actor
from lianxin.audit.writes import create_recorded
from lianxin.regions.models import Region
from lianxin.routing import config
from lianxin.routing.decisions import Decision, data_sha256, decisions_for
from lianxin.routing.models import RoutingModel

logger = logging.getLogger(__name__)

# The newest fifth of the decisions is held out to measure the model, when there are this many.
MIN_HELD_OUT_DECISIONS = 20


@dataclass(frozen=True)
class Outcome:
    model: RoutingModel | None
    # "trained"; "unchanged" (same data as the model in use); "too_few" (under two units with
    # enough decisions each)
    status: str
    decisions: int = 0


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _usable(decisions: list[Decision]) -> list[Decision]:
    """Decisions of units with enough of them: one or two assignments are not a pattern."""
    counts = Counter(d.unit_id for d in decisions)
    return [d for d in decisions if counts[d.unit_id] >= config.min_unit_decisions()]


def _fit(decisions: list[Decision]):
    from lianxin.routing.router import UnitRouter

    return UnitRouter().fit(
        [d.text for d in decisions], [d.category for d in decisions], [d.unit_id for d in decisions]
    )


def _figures(decisions: list[Decision]) -> dict:
    """Top-1 and top-3 hits on the newest fifth, trained on the rest (time order: no peeking ahead)."""
    if len(decisions) < MIN_HELD_OUT_DECISIONS:
        return {"held_out": 0}
    cut = len(decisions) * 4 // 5
    train, test = decisions[:cut], decisions[cut:]
    if len({d.unit_id for d in train}) < 2:
        return {"held_out": 0}
    router = _fit(train)
    top1 = top3 = 0
    for decision in test:
        units = [unit for unit, _p in router.ranked(decision.text, decision.category, 3)]
        top1 += bool(units) and units[0] == decision.unit_id
        top3 += decision.unit_id in units
    return {"held_out": len(test), "top1": round(top1 / len(test), 4), "top3": round(top3 / len(test), 4)}


def _write(router, path: Path) -> None:
    import joblib

    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    os.close(handle)
    try:
        joblib.dump(router, temporary, compress=3)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def current_model(region: Region) -> RoutingModel | None:
    return RoutingModel.objects.filter(region=region).order_by("-trained_at", "-pk").first()


def retrain(*, actor: Actor, region: Region, force: bool = False) -> Outcome:
    """Train a new version for the region unless its decisions are the same as last time."""
    decisions = _usable(decisions_for(region))
    if len({d.unit_id for d in decisions}) < 2:
        return Outcome(None, "too_few", len(decisions))
    digest = data_sha256(decisions)
    current = current_model(region)
    if current is not None and current.data_sha256 == digest and not force:
        return Outcome(current, "unchanged", len(decisions))
    figures = _figures(decisions)
    router = _fit(decisions)
    now = timezone.now()
    version = f"{region.code}-{now:%Y%m%dT%H%M%S%f}"
    path = config.model_directory() / f"units-{version}.joblib"
    _write(router, path)
    model = create_recorded(
        RoutingModel,
        actor=actor,
        action="routing.routingmodel.trained",
        values={
            "region": region,
            "version": version,
            "trained_at": now,
            "decisions": len(decisions),
            "units": len(set(router.model.classes_)),
            "data_sha256": digest,
            "file_name": path.name,
            "file_sha256": file_sha256(path),
            "figures": figures,
        },
    )
    logger.info("routing: trained %s on %d decisions: %s", version, len(decisions), figures)
    return Outcome(model, "trained", len(decisions))
