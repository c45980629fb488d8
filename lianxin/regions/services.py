"""Writes to the administrative tree.

A region's ``path`` is its parent's path plus its own code, and every scope in the platform
is a path prefix. Moving a region or changing its code therefore rewrites the paths of the
whole subtree, in the same transaction, so that nobody's scope ever points half-way.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from lianxin.accounts.actor import Actor
from lianxin.audit.recorder import record
from lianxin.audit.snapshots import diff, snapshot
from lianxin.audit.writes import create_recorded
from lianxin.regions.models import Region

# The code becomes a segment of every descendant's path; "/" or spaces would break the tree.
CODE_PATTERN = re.compile(r"^[0-9A-Za-z]+$")
EDITABLE = ("name", "code", "level", "parent")
_RECORDED = (*EDITABLE, "path")


def _code_errors(code: str, region: Region | None = None) -> list[str]:
    if not CODE_PATTERN.match(code):
        return [_("区划代码只能由数字或字母组成。")]
    others = Region.objects.filter(code=code)
    if region is not None:
        others = others.exclude(pk=region.pk)
    holder = others.first()
    if holder is not None:
        return [_("区划代码 %(code)s 已被“%(name)s”使用。") % {"code": code, "name": holder.name}]
    return []


def _parent_errors(actor: Actor, permission: str, parent: Region | None) -> list[str]:
    if parent is None:
        return [_("请选择上级区划。")]
    # A new or moved region lies inside the actor's scope exactly when its parent does.
    if actor.user is None or not actor.user.has_perm(permission, parent):
        return [_("上级区划不在您的管辖范围内。")]
    return []


@transaction.atomic
def region_create(*, actor: Actor, values: dict) -> Region:
    errors = {}
    if code_errors := _code_errors(values["code"]):
        errors["code"] = code_errors
    if parent_errors := _parent_errors(actor, "regions.add_region", values.get("parent")):
        errors["parent"] = parent_errors
    if errors:
        raise ValidationError(errors)
    return create_recorded(Region, actor=actor, action="regions.region.created", values=values)


def _move_errors(actor: Actor, region: Region, parent: Region | None) -> list[str]:
    if parent is None:
        # Only a root stays without a parent; nobody's scope reaches above a root to make a new one.
        return [] if region.parent_id is None else [_("请选择上级区划。")]
    if parent.path.startswith(region.path):
        return [_("不能把行政区划移到它自己或它的下级之下。")]
    if parent.pk == region.parent_id:
        return []
    return _parent_errors(actor, "regions.change_region", parent)


@transaction.atomic
def region_update(*, actor: Actor, region: Region, values: dict) -> Region:
    """Change name, code, level or parent; a new path is carried down to every descendant."""
    locked = Region.objects.select_for_update().get(pk=region.pk)
    old_path = locked.path
    parent = values["parent"]
    errors: dict[str, list[str]] = {}
    if code_errors := _code_errors(values["code"], locked):
        errors["code"] = code_errors
    if parent_errors := _move_errors(actor, locked, parent):
        errors["parent"] = parent_errors
    if values["level"] != locked.level and locked.children.exists():
        # Shifting a whole subtree up or down a level is a restructuring, not an edit.
        errors["level"] = [_("该区划已有下级，不能改变层级。")]
    if errors:
        raise ValidationError(errors)

    before = snapshot(locked, _RECORDED)
    for name in EDITABLE:
        setattr(locked, name, values[name])
    locked.path = Region.path_for(locked.code, parent)
    locked.full_clean()
    new_path = locked.path
    moved = 0
    if new_path != old_path:
        descendants = Region.objects.filter(path__startswith=old_path).exclude(pk=locked.pk)
        # Lock the subtree first so that nobody moves a descendant while its prefix is rewritten.
        list(descendants.select_for_update().values_list("pk", flat=True))
        moved = descendants.update(
            path=Concat(
                models.Value(new_path), Substr("path", len(old_path) + 1), output_field=models.CharField()
            )
        )
    locked.save(update_fields=list(EDITABLE))
    changes = diff(before, snapshot(locked, _RECORDED))
    if changes:
        record(
            actor=actor,
            action="regions.region.updated",
            target=locked,
            changes=changes,
            data={"descendants_moved": moved} if moved else None,
        )
    return locked
