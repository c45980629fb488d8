"""The one way to reach what letters are made from, for a user: 404 outside what they may see."""

from django.http import Http404

from lianxin.accounts.access import in_scope
from lianxin.casework import access as case_access
from lianxin.casework.models import Reply
from lianxin.congresses.models import Congress
from lianxin.documents.models import LetterTemplate
from lianxin.suggestions import access as suggestion_access

MANAGE = "documents.manage_template"


def congresses_for(user):
    return in_scope(
        Congress.objects.select_related("region"), user, view=MANAGE, path_field="region__path"
    ).order_by("region__path", "pk")


def congress_for(user, pk) -> Congress:
    congress = congresses_for(user).filter(pk=pk).first()
    if congress is None:
        raise Http404
    return congress


def template_for(user, pk) -> LetterTemplate:
    template = (
        LetterTemplate.objects.select_related("congress__region", "uploaded_by")
        .filter(congress__in=congresses_for(user), pk=pk)
        .first()
    )
    if template is None:
        raise Http404
    return template


def reply_for(user, pk) -> Reply:
    """A reply to a deputy's suggestion that the user may see: the offices and leaders in scope,
    the clerks of a unit the item was assigned to, the suggestion's signers. Others: 404."""
    reply = (
        Reply.objects.select_related("case__region", "assignment__unit", "case__suggestion__congress")
        .filter(pk=pk)
        .first()
    )
    if reply is None:
        raise Http404
    suggestion = getattr(reply.case, "suggestion", None)
    if suggestion is None:
        raise Http404
    may_see_case = case_access.may_view(user, reply.case)
    may_see_suggestion = user.has_perm(suggestion_access.VIEW, suggestion)
    if not (may_see_case or may_see_suggestion):
        raise Http404
    return reply
