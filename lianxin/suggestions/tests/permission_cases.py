"""Permission matrix: deputies' suggestions. A deputy sees their own drafts; staff and leaders
those in their scope; the west township's staff are told the east's do not exist."""

from lianxin.accounts.tests.matrix import STAFF, Case
from lianxin.suggestions.models import Suggestion


def _draft(w) -> dict:
    suggestion, _created = Suggestion.objects.get_or_create(
        title="关于东城社区路灯维护的建议",
        defaults={
            "deputy": w.east_deputy,
            "congress": w.county_congress,
            "region": w.east,
            "content": "建议建立路灯巡查制度。",
            "created_by": w.staff,
        },
    )
    return {"pk": suggestion.pk}


CASES = {
    "suggestions:list": Case(ok=STAFF | {"leader", "deputy", "west_staff"}),
    "suggestions:detail": Case(ok=STAFF | {"leader", "deputy"}, hidden={"west_staff"}, kwargs=_draft),
}
