"""Which personal fields may be revealed, and how the object is fetched for the check.

Each app's AppConfig lists ``revealable = {"deputy": ("dotted.access.function", ("phone", ...))}``.
The access function takes (user, pk) and returns the object only if the user may reveal
its personal data (else 404/403), so the reveal view holds no permission logic of its own.
"""

from functools import cache

from django.apps import apps
from django.utils.module_loading import import_string


@cache
def registry() -> dict[str, tuple]:
    entries = {}
    for config in apps.get_app_configs():
        for key, (fetch_path, fields) in getattr(config, "revealable", {}).items():
            entries[f"{config.label}.{key}"] = (fetch_path, tuple(fields))
    return entries


def lookup(kind: str, field: str):
    entry = registry().get(kind)
    if entry is None or field not in entry[1]:
        return None
    return import_string(entry[0])
