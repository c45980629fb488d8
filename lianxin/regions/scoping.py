"""Choosing regions inside the user's scope in forms."""

from django import forms

from lianxin.accounts.permissions import scope_filter
from lianxin.regions.models import Region


def regions_in_scope(user, permission: str, *, max_level: int = Region.Level.GRID):
    return Region.objects.filter(scope_filter(user, permission, "path"), level__lte=max_level)


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Region) -> str:
        # Indent by level so the tree reads in a plain <select>.
        return "\u3000" * max(obj.level - 1, 0) + obj.name
