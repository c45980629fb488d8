"""Choosing regions inside the user's scope in forms."""

from django import forms

from lianxin.accounts.permissions import scope_filter, scope_paths
from lianxin.regions.models import Region

# How many levels below the top of a user's scope a list filter offers: a county's staff pick
# a township, a province's staff a city or county (not 1,500 townships in one <select>).
FILTER_DEPTH = 2


def regions_in_scope(user, permission: str, *, max_level: int = Region.Level.GRID):
    return Region.objects.filter(scope_filter(user, permission, "path"), level__lte=max_level)


def filter_depth(user, permission: str) -> int:
    """The deepest level a list filter offers: two below the top of the user's scope, at most townships."""
    roots = Region.objects.filter(path__in=scope_paths(user, permission)).values_list("level", flat=True)
    return min(min(roots, default=Region.Level.TOWNSHIP) + FILTER_DEPTH, Region.Level.TOWNSHIP)


def filter_regions(user, permission: str):
    """Regions worth offering in a list filter: the scope's top and two levels below it."""
    return regions_in_scope(user, permission, max_level=filter_depth(user, permission))


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Region) -> str:
        # Indent by level so the tree reads in a plain <select>.
        return "\u3000" * max(obj.level - 1, 0) + obj.name
