"""Settings shared by every environment.

Environment-specific modules (demo, test, production) import everything from here and
change only what differs; production differs by environment variables alone.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from lianxin.settings.env import env_bool, env_int, env_list, env_secret, env_str

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PACKAGE_DIR.parent
VAR_DIR = Path(env_str("LIANXIN_VAR_DIR") or BASE_DIR / "var")

SECRET_KEY = env_secret("DJANGO_SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "template_partials",
    "django_htmx",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    # The captcha on the public opinion form: drawn on the server, so it works offline.
    "captcha",
    # Domain apps, most basic first.
    "lianxin.accounts",
    "lianxin.audit",
    "lianxin.privacy",
    "lianxin.calendar",
    "lianxin.regions",
    "lianxin.congresses",
    "lianxin.deputies",
    "lianxin.stations",
    "lianxin.units",
    "lianxin.casework",
    "lianxin.opinions",
    "lianxin.suggestions",
    "lianxin.documents",
    "lianxin.stationrating",
    "lianxin.onlinestation",
    "lianxin.notifications",
    "lianxin.duty",
    "lianxin.analysis",
    "lianxin.routing",
    # Interface and tooling apps without models of their own.
    "lianxin.backoffice",
    "lianxin.spreadsheets",
    "lianxin.workbench",
    "lianxin.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Before the account middlewares below: they tell the user why they were redirected.
    "django.contrib.messages.middleware.MessageMiddleware",
    "lianxin.accounts.middleware.IdleTimeoutMiddleware",
    "lianxin.accounts.middleware.SecurityRequirementsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Axes must come last so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lianxin.urls"
WSGI_APPLICATION = "lianxin.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lianxin.workbench.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'lianxin.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0, minimum=0),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "workbench:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Password policy (等保 8.1.4.1 a); the numbers are the common assessment defaults, not statute.
LIANXIN_PASSWORD_MIN_LENGTH = env_int("LIANXIN_PASSWORD_MIN_LENGTH", 8, minimum=8)
LIANXIN_PASSWORD_MIN_CLASSES = env_int("LIANXIN_PASSWORD_MIN_CLASSES", 3, minimum=1)
LIANXIN_PASSWORD_MAX_AGE_DAYS = env_int("LIANXIN_PASSWORD_MAX_AGE_DAYS", 90, minimum=0)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "lianxin.accounts.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": LIANXIN_PASSWORD_MIN_LENGTH},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {
        "NAME": "lianxin.accounts.passwords.CharacterClassValidator",
        "OPTIONS": {"min_classes": LIANXIN_PASSWORD_MIN_CLASSES},
    },
]

# Login failures: lock the account after N failures for M minutes (等保 8.1.4.1 b).
AXES_FAILURE_LIMIT = env_int("LIANXIN_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LIANXIN_LOCKOUT_MINUTES", 30, minimum=1))
# Per account, not per address: a county's offices often share one NAT address, and one
# mistyped password there must not lock everybody out. Hence axes.W006 is silenced below.
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "lianxin.accounts.actor.client_ip"
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
# Number of reverse proxies in front of the app whose X-Forwarded-For is trusted.
LIANXIN_TRUSTED_PROXY_COUNT = env_int("LIANXIN_TRUSTED_PROXY_COUNT", 0, minimum=0)

# Sessions end after an idle period and, in any case, after 12 hours (ASVS 3.3.2 L2).
LIANXIN_IDLE_TIMEOUT_MINUTES = env_int("LIANXIN_IDLE_TIMEOUT_MINUTES", 30, minimum=1)
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Second factor (TOTP) for the roles named here; production turns enforcement on.
LIANXIN_REQUIRE_TOTP = env_bool("LIANXIN_REQUIRE_TOTP", False)
LIANXIN_TOTP_ROLES = ["staff", "leader", "admin", "auditor"]
OTP_TOTP_ISSUER = "连心"

# Personal data: SM4-GCM keys as "id:base64key" pairs separated by commas; the first is active.
LIANXIN_DATA_KEYS = env_secret("LIANXIN_DATA_KEYS", "")
LIANXIN_LOOKUP_KEY = env_secret("LIANXIN_LOOKUP_KEY", "")

# Audit events are kept at least 180 days (网络安全法 第21条: logs kept no less than six months).
LIANXIN_AUDIT_RETENTION_DAYS = env_int("LIANXIN_AUDIT_RETENTION_DAYS", 365, minimum=180)

# Text messages (verification codes, notifications): a class with send(phone, text).
LIANXIN_SMS_BACKEND = env_str("LIANXIN_SMS_BACKEND") or "lianxin.notifications.sms.ConsoleBackend"

# E-mail for notifications (whoever sets an address in their notification settings). Without
# EMAIL_HOST messages are printed to the console, as in the demo and in development.
EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend"
    if env_str("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env_str("EMAIL_HOST") or "localhost"
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL") or "lianxin@localhost"
# The site's public address, for links in e-mails (https://rd.example.gov.cn); none without it.
LIANXIN_SITE_URL = env_str("LIANXIN_SITE_URL") or ""

# Deadline display: items due within this many days show as 黄灯.
LIANXIN_DUE_SOON_DAYS = env_int("LIANXIN_DUE_SOON_DAYS", 3, minimum=0)

# 民意直通车, the public opinion form (/yijian/).
# Submitters' personal data is kept this many years after the case is closed (个保法 第19、47条);
# the processing notice states it.
LIANXIN_OPINION_RETENTION_YEARS = env_int("LIANXIN_OPINION_RETENTION_YEARS", 3, minimum=1)
# The version of the processing notice a consent refers to: change it whenever the notice changes.
LIANXIN_OPINION_NOTICE_VERSION = env_str("LIANXIN_OPINION_NOTICE_VERSION") or "2026-1"
LIANXIN_OPINION_MAX_ATTACHMENTS = env_int("LIANXIN_OPINION_MAX_ATTACHMENTS", 5, minimum=0)
LIANXIN_OPINION_MAX_ATTACHMENT_MB = env_int("LIANXIN_OPINION_MAX_ATTACHMENT_MB", 10, minimum=1)
# A person needs longer than this to fill in the form; a script posting at once does not.
LIANXIN_OPINION_MIN_FILL_SECONDS = env_int("LIANXIN_OPINION_MIN_FILL_SECONDS", 5, minimum=0)
# Rate limits as "count/period" (s, m, h, d), counted in the shared cache (Redis: REDIS_URL).
LIANXIN_RATE_OPINION_PER_PHONE = env_str("LIANXIN_RATE_OPINION_PER_PHONE") or "5/d"
LIANXIN_RATE_OPINION_PER_ADDRESS = env_str("LIANXIN_RATE_OPINION_PER_ADDRESS") or "20/h"
LIANXIN_RATE_SMS_CODE_PER_PHONE = env_str("LIANXIN_RATE_SMS_CODE_PER_PHONE") or "10/d"
LIANXIN_RATE_SMS_CODE_PER_ADDRESS = env_str("LIANXIN_RATE_SMS_CODE_PER_ADDRESS") or "20/h"
LIANXIN_RATE_TRACKING_PER_ADDRESS = env_str("LIANXIN_RATE_TRACKING_PER_ADDRESS") or "30/h"
RATELIMIT_USE_CACHE = "default"
# Sums, differences and products of small numbers: easier for older citizens than distorted letters.
CAPTCHA_CHALLENGE_FUNCT = "captcha.helpers.math_challenge"
CAPTCHA_MATH_CHALLENGE_OPERATOR = "×"
CAPTCHA_FONT_SIZE = 30
# Minutes; a citizen writes the opinion before asking for the SMS code, which needs the captcha.
CAPTCHA_TIMEOUT = 30

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    # The project's own CSS and JavaScript: `lianxin` itself is a package, not an installed app.
    PACKAGE_DIR / "static",
    # Front-end packages installed by `npm ci`; served from here, never from a CDN.
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/echarts", BASE_DIR / "node_modules" / "echarts" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploads live outside the web root and are only ever served through permission-checked views.
MEDIA_ROOT = VAR_DIR / "uploads"
MEDIA_URL = None
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if env_str("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env_str("REDIS_URL"),
        }
    }

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Bootstrap draws form controls with data: SVG images.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        # Phone and ID numbers never reach a log in clear (PIPL; ASVS 7.1.2).
        "mask_personal_data": {"()": "lianxin.privacy.log_filters.MaskPersonalDataFilter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["mask_personal_data"]},
    },
    "root": {"handlers": ["console"], "level": env_str("LIANXIN_LOG_LEVEL") or "WARNING"},
}

FORM_RENDERER = "lianxin.workbench.rendering.BootstrapFormRenderer"
CSRF_FAILURE_VIEW = "lianxin.workbench.errors.csrf_failure"
