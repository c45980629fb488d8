"""Production settings with the bench URLconf: the real site plus a trivial page as the ceiling."""

from lianxin.settings.production import *  # noqa: F403
from lianxin.settings.production import PACKAGE_DIR, STATICFILES_DIRS

ROOT_URLCONF = "bench.urls"

# app.css and app.js live in lianxin/static, which the base settings do not list yet (fixed on
# another branch, 473f496); without it every page fails on its missing manifest entry.
if PACKAGE_DIR / "static" not in STATICFILES_DIRS:
    STATICFILES_DIRS = [PACKAGE_DIR / "static", *STATICFILES_DIRS]
