"""The site's URLs plus /bench/ping/, which does no work: its rate is the stack's ceiling."""

from django.http import HttpResponse
from django.urls import path

from lianxin.accounts.decorators import public
from lianxin.urls import handler400, handler403, handler404, handler500  # noqa: F401
from lianxin.urls import urlpatterns as site_urlpatterns


@public
def ping(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/ping/", ping), *site_urlpatterns]
