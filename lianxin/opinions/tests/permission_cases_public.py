"""Permission matrix: the public side of 民意直通车."""

from captcha.models import CaptchaStore

from lianxin.accounts.tests.matrix import Case

CASES = {
    "opinions_public:form": Case(public=True),
    "opinions_public:deputy_form": Case(public=True, kwargs=lambda w: {"code": w.east_deputy.public_code}),
    "opinions_public:station_form": Case(public=True, kwargs=lambda w: {"code": w.east_station.public_code}),
    "opinions_public:villages": Case(public=True),
    "opinions_public:captcha_image": Case(public=True, kwargs=lambda w: {"key": CaptchaStore.generate_key()}),
    "opinions_public:notice": Case(public=True),
    "opinions_public:done": Case(public=True),
    "opinions_public:track": Case(public=True),
    "opinions_public:track_status": Case(public=True),
    "opinions_public:track_rate": Case(public=True, method="post"),
}
