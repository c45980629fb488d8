"""代表码 and 站点码: printable QR codes of the bound forms, for staff who can see the record."""

import io

import segno
from django.urls import reverse

from lianxin.deputies.models import Deputy


def expected_png(url: str) -> bytes:
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=12, border=4, light="#fff")
    return out.getvalue()


def test_a_deputys_png_code_carries_the_absolute_address_of_the_bound_form(as_user, world):
    response = as_user(world.staff).get(reverse("deputies:qr_png", args=[world.east_deputy.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    url = f"http://testserver/yijian/d/{world.east_deputy.public_code}/"
    assert response.content == expected_png(url)
    assert "inline" in response["Content-Disposition"]


def test_a_stations_svg_code_is_titled_for_printing(as_user, world):
    response = as_user(world.liaison).get(reverse("stations:qr_svg", args=[world.east_station.pk]))
    assert response["Content-Type"] == "image/svg+xml"
    body = response.content.decode()
    assert body.startswith("<svg")
    assert "<title>东城镇人大代表联络站的站点码</title>" in body
    assert "<script" not in body


def test_the_code_follows_the_record_and_changes_nothing_when_refused(as_user, world):
    before = list(Deputy.objects.values_list("pk", "public_code"))
    response = as_user(world.west_staff).get(reverse("deputies:qr_png", args=[world.east_deputy.pk]))
    assert response.status_code == 404
    response = as_user(world.clerk).get(reverse("deputies:qr_svg", args=[world.east_deputy.pk]))
    assert response.status_code == 403
    assert list(Deputy.objects.values_list("pk", "public_code")) == before


def test_the_detail_pages_link_to_their_codes(as_user, world):
    deputy_page = as_user(world.staff).get(reverse("deputies:detail", args=[world.east_deputy.pk]))
    assert reverse("deputies:qr_png", args=[world.east_deputy.pk]) in deputy_page.content.decode()
    station_page = as_user(world.staff).get(reverse("stations:detail", args=[world.east_station.pk]))
    body = station_page.content.decode()
    assert reverse("stations:qr_png", args=[world.east_station.pk]) in body
    assert reverse("stations:qr_svg", args=[world.east_station.pk]) in body
