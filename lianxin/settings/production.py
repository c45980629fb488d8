"""Production: every secret and host comes from the environment (docs/deployment.md)."""

from lianxin.settings.base import *  # noqa: F403
from lianxin.settings.base import DATABASES
from lianxin.settings.env import env_bool, env_int, env_list, env_required_secret, env_str

SECRET_KEY = env_required_secret("DJANGO_SECRET_KEY")
LIANXIN_DATA_KEYS = env_required_secret("LIANXIN_DATA_KEYS")
LIANXIN_LOOKUP_KEY = env_required_secret("LIANXIN_LOOKUP_KEY")
DEBUG = False
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", [])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

if not env_str("DATABASE_URL"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL in production")
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

if not env_str("REDIS_URL"):
    # Several processes must share one cache (calendar, rate limits); the database is the fallback.
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "lianxin_cache"}
    }

LIANXIN_REQUIRE_TOTP = env_bool("LIANXIN_REQUIRE_TOTP", True)

# TLS terminates at the reverse proxy, which sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# Until the deployment names its SMS gateway class, messages are kept in files outside the web root.
LIANXIN_SMS_BACKEND = env_str("LIANXIN_SMS_BACKEND") or "lianxin.notifications.sms.FileBackend"
