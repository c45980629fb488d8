"""`make demo`: embedded SQLite, demo data, production-like pages on 127.0.0.1."""

from lianxin.settings.base import *  # noqa: F403
from lianxin.settings.base import VAR_DIR
from lianxin.settings.env import env_str

# Fixed, public keys: the demo holds only generated people. Never use these elsewhere.
SECRET_KEY = "demo-only-" + "x" * 50
LIANXIN_DATA_KEYS = "demo1:MDEyMzQ1Njc4OWFiY2RlZg=="
LIANXIN_LOOKUP_KEY = "ZGVtby1sb29rdXAta2V5LW5vdC1zZWNyZXQ="

if not env_str("DATABASE_URL"):
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": VAR_DIR / "demo.sqlite3"}}

# Static files straight from the app and node_modules, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Codes and notifications land in var/sms/*.jsonl, where a demonstrator can read them.
LIANXIN_SMS_BACKEND = "lianxin.notifications.sms.FileBackend"
