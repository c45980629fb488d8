"""Staff's own routing decisions: the category chosen and the unit that answered, per item.

A decision counts once the unit it was assigned to has replied (the assignment is finished):
a unit that sent the item back was the wrong choice and teaches nothing. Only the lead unit
(主办) or a unit handling separately (分办) counts; co-handlers (会办) are not the item's owner.
"""

import hashlib
from dataclasses import dataclass

from lianxin.casework.models import Assignment
from lianxin.insight.text import message_text
from lianxin.regions.models import Region


@dataclass(frozen=True)
class Decision:
    text: str
    category: str
    unit_id: int
    assigned_at: object


def decisions_for(region: Region) -> list[Decision]:
    """Every finished decision on an item of the region's subtree to one of its units, oldest
    first (one query)."""
    rows = (
        Assignment.objects.filter(
            case__region__path__startswith=region.path,
            # A congress learns its own units: a township's model does not learn the county's
            # bureaus from items the county's staff assigned in that township.
            unit__region__path__startswith=region.path,
            kind__in=Assignment.ANSWERING,
            state=Assignment.State.REPLIED,
        )
        .order_by("assigned_at", "pk")
        .values_list(
            "unit_id",
            "assigned_at",
            "case__title",
            "case__opinion__title",
            "case__opinion__content",
            "case__opinion__category__name",
            "case__suggestion__title",
            "case__suggestion__content",
            "case__suggestion__category",
        )
    )
    decisions = []
    for unit_id, at, case_title, o_title, o_content, o_category, s_title, s_content, s_category in rows:
        if o_content is not None:
            title, content, category = o_title, o_content, o_category or ""
        elif s_content is not None:
            title, content, category = s_title, s_content, s_category or ""
        else:  # another source: the engine's title is all it says about the matter
            title, content, category = case_title, "", ""
        decisions.append(Decision(message_text(title, content), category, unit_id, at))
    return decisions


def data_sha256(decisions: list[Decision]) -> str:
    """The fingerprint of a training set: same decisions, same hash (nightly runs skip it)."""
    digest = hashlib.sha256()
    for decision in decisions:
        digest.update(f"{decision.unit_id}\x1f{decision.category}\x1f{decision.text}\x1e".encode())
    return digest.hexdigest()
