"""Chinese names of audit action codes, collected from each app's ``audit_actions``."""

from functools import cache

from django.apps import apps


@cache
def _labels() -> dict:
    labels: dict = {}
    for config in apps.get_app_configs():
        labels.update(getattr(config, "audit_actions", {}))
    return labels


def label_for(action: str) -> str:
    return str(_labels().get(action, action))


def known_actions() -> set[str]:
    return set(_labels())
