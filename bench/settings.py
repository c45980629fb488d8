"""Production settings with the bench URLconf: the real site plus a trivial page as the ceiling."""

from lianxin.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
