"""Where routing models live and how far back duplicates are looked for (deployment settings)."""

from pathlib import Path

from django.conf import settings


def model_directory() -> Path:
    """var/routing (LIANXIN_ROUTING_MODEL_DIR to move it): generated files, never committed."""
    configured = getattr(settings, "LIANXIN_ROUTING_MODEL_DIR", "")
    return Path(configured) if configured else Path(settings.VAR_DIR) / "routing"


def duplicate_days() -> int:
    # 并案 is for the same matter raised again while it is still being handled; three months
    # covers one statutory reply period of most sources.
    return int(getattr(settings, "LIANXIN_DUPLICATE_DAYS", 90))


def min_unit_decisions() -> int:
    """How many finished assignments a unit needs before the model may suggest it."""
    return int(getattr(settings, "LIANXIN_ROUTING_MIN_DECISIONS", 5))
