"""The categories of citizens' opinions, kept by the office (城乡建设、交通运输……)."""

from lianxin.accounts.actor import Actor
from lianxin.audit.writes import create_recorded, update_recorded
from lianxin.opinions.models import Category

FIELDS = ("name", "order", "is_active")


def category_create(*, actor: Actor, values: dict) -> Category:
    return create_recorded(Category, actor=actor, action="opinions.category.created", values=values)


def category_update(*, actor: Actor, category: Category, values: dict) -> Category:
    return update_recorded(category, actor=actor, action="opinions.category.updated", values=values)


def category_deactivate(*, actor: Actor, category: Category) -> Category:
    # Deactivated, never deleted: past opinions keep their category.
    return update_recorded(
        category, actor=actor, action="opinions.category.updated", values={"is_active": False}
    )
