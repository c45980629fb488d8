"""`make test`: PostgreSQL when DATABASE_URL is set, SQLite in memory otherwise."""

import warnings

from lianxin.settings.base import *  # noqa: F403
from lianxin.settings.demo import LIANXIN_LOOKUP_KEY, STORAGES  # noqa: F401

SECRET_KEY = "test-only-" + "x" * 50
# Two keys so that rotation is exercised: "t2" encrypts, "t1" must still decrypt.
LIANXIN_DATA_KEYS = "t2:ZmVkY2JhOTg3NjU0MzIxMA==,t1:MDEyMzQ1Njc4OWFiY2RlZg=="
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
LIANXIN_SMS_BACKEND = "lianxin.notifications.sms.MemoryBackend"
# The captcha accepts the answer "PASSED" in tests (browser journeys included). The package warns
# about this outside DEBUG, rightly for a deployment; here it is the point.
CAPTCHA_TEST_MODE = True
warnings.filterwarnings("ignore", message="CAPTCHA_TEST_MODE is enabled", category=RuntimeWarning)
