"""Writes to suggestions. For now only the draft a citizen's opinion becomes."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lianxin.accounts.actor import Actor
from lianxin.audit.recorder import record
from lianxin.deputies.choices import SeatStatus
from lianxin.suggestions.models import Suggestion


class SuggestionError(ValidationError):
    """A suggestion write refused, with a Chinese message (maybe keyed by field)."""


def congress_for(deputy, region):
    """The congress in which ``deputy`` serves that is closest to ``region`` (the most local one
    covering it), else any congress in which they serve; None if they serve in none."""
    seats = deputy.seats.filter(status=SeatStatus.SERVING).select_related("term__congress__region")
    congresses = [seat.term.congress for seat in seats]
    covering = [c for c in congresses if region.path.startswith(c.region.path)]
    candidates = covering or congresses
    return max(candidates, key=lambda c: len(c.region.path), default=None)


@transaction.atomic
def create_draft_from_opinion(
    *, actor: Actor, opinion, deputy, title: str = "", content: str = ""
) -> Suggestion:
    """A draft suggestion for ``deputy`` carrying a citizen's opinion; the deputy finishes it.

    The caller (the opinion's handling service) holds the opinion's lock and has checked the
    actor; this checks what belongs to suggestions: the deputy serves somewhere, and the
    opinion has not become a suggestion already.
    """
    if deputy is None:
        raise SuggestionError({"deputy": _("请选择代表。")})
    congress = congress_for(deputy, opinion.region)
    if congress is None:
        raise SuggestionError(
            {"deputy": _("%(name)s 目前没有在任的代表资格，不能提出建议。") % {"name": deputy.name}}
        )
    if Suggestion.objects.filter(source_opinion=opinion).exists():
        raise SuggestionError(_("这件意见已经转为代表建议。"))
    suggestion = Suggestion(
        deputy=deputy,
        congress=congress,
        region=opinion.region,
        title=(title or opinion.title).strip(),
        content=(content or opinion.content).strip(),
        source_opinion=opinion,
        created_by=actor.user,
    )
    suggestion.full_clean(validate_unique=False)
    suggestion.save()
    record(
        actor=actor,
        action="suggestions.suggestion.drafted_from_opinion",
        target=suggestion,
        data={"deputy": deputy.name, "congress": congress.name, "opinion": opinion.tracking_code},
    )
    return suggestion
