import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lianxin.settings.production")

application = get_wsgi_application()

# Load the 民意分析 models in the background once per process, so that the first page that shows
# suggestions does not wait for them (loading takes about two seconds); requests never wait here.
from lianxin.routing import warm  # noqa: E402

warm.start()
