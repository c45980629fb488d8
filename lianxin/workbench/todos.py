"""The 待办 panel at the top of every workbench, filled by the apps that have work to hand out.

An app names a sequence of ``Todo`` on its AppConfig (``todos = "lianxin.opinions.todos.TODOS"``,
a dotted path, since an AppConfig is read before models can be imported); the workbench shows
the ones whose permission the user holds and whose count is not zero, so that the first thing a
clerk with forty items due sees is how many are due. Counts are read when the page is read:
due soon and overdue are computed from due dates, no job keeps them.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.urls import reverse
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Todo:
    label: str
    url_name: str
    permission: str
    count: Callable  # (user) -> int
    query: str = ""  # appended to the URL: the list opens already filtered
    urgent: bool = False  # shown in red: something is late

    def url(self) -> str:
        url = reverse(self.url_name)
        return f"{url}?{self.query}" if self.query else url


@cache
def _declared() -> tuple[Todo, ...]:
    found = []
    for config in apps.get_app_configs():
        if path := getattr(config, "todos", ""):
            found.extend(import_string(path))
    return tuple(found)


def todos_for(user) -> list[dict]:
    shown = []
    for todo in _declared():
        if not user.has_perm(todo.permission):
            continue
        count = todo.count(user)
        if count:
            shown.append({"label": todo.label, "url": todo.url(), "count": count, "urgent": todo.urgent})
    return shown
