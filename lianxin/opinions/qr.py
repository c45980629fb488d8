"""Printable QR codes (代表码 / 站点码) that open the opinion form bound to a deputy or a station."""

import io

import segno
from django.http import HttpResponse
from django.urls import reverse
from django.utils.http import content_disposition_header

CONTENT_TYPES = {"png": "image/png", "svg": "image/svg+xml"}


def form_url(request, url_name: str, public_code: str) -> str:
    """The absolute address the code carries: printed posters outlive any relative path."""
    return request.build_absolute_uri(reverse(url_name, args=[public_code]))


def qr_response(url: str, *, kind: str, title: str, filename: str) -> HttpResponse:
    # Error level M survives a poster's creases and stains; the white border is the quiet zone
    # scanners need.
    code = segno.make(url, error="m")
    out = io.BytesIO()
    if kind == "svg":
        code.save(out, kind="svg", scale=10, border=4, light="#fff", title=title, xmldecl=False)
    else:
        code.save(out, kind="png", scale=12, border=4, light="#fff")
    response = HttpResponse(out.getvalue(), content_type=CONTENT_TYPES[kind])
    response["Content-Disposition"] = content_disposition_header(False, f"{filename}.{kind}")
    return response
