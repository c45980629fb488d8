"""Permission matrix: the public side of 民意直通车 and the QR codes of deputies and stations."""

from captcha.models import CaptchaStore

from lianxin.accounts.tests.matrix import OFFICE_VIEWERS, Case

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
    # 代表码 / 站点码 follow the record they belong to: whoever may open the deputy's or the
    # station's page may print its code; the other township's staff are told it does not exist.
    "deputies:qr_png": Case(
        ok=OFFICE_VIEWERS | {"liaison"},
        hidden={"west_staff", "west_liaison"},
        kwargs=lambda w: {"pk": w.east_deputy.pk},
    ),
    "deputies:qr_svg": Case(
        ok=OFFICE_VIEWERS | {"liaison"},
        hidden={"west_staff", "west_liaison"},
        kwargs=lambda w: {"pk": w.east_deputy.pk},
    ),
    "stations:qr_png": Case(
        ok=OFFICE_VIEWERS | {"liaison", "deputy"},
        hidden={"west_staff", "west_liaison"},
        kwargs=lambda w: {"pk": w.east_station.pk},
    ),
    "stations:qr_svg": Case(
        ok=OFFICE_VIEWERS | {"liaison", "deputy"},
        hidden={"west_staff", "west_liaison"},
        kwargs=lambda w: {"pk": w.east_station.pk},
    ),
}
