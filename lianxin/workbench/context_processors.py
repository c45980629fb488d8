from functools import cache

from django.apps import apps
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lianxin.accounts.actor import active_membership


@cache
def _entries() -> list[tuple[str, str, str, int]]:
    entries = []
    for config in apps.get_app_configs():
        entries.extend(getattr(config, "navigation", []))
    return sorted(entries, key=lambda entry: entry[3])


def navigation(request):
    """Menu entries the user holds the permission for: templates never test role names."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    items = [{"url": reverse("workbench:home"), "label": _("工作台"), "active": request.path == "/"}]
    for url_name, label, permission, _order in _entries():
        if user.has_perm(permission):
            url = reverse(url_name)
            items.append({"url": url, "label": label, "active": request.path.startswith(url)})
    return {
        "nav_items": items,
        "memberships": user.active_memberships(),
        "active_membership": active_membership(request),
    }
