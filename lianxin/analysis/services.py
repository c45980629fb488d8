"""Writes of 答复质量审核: scoring a unit's reply to a citizen's opinion, and the staff's review of
a weak one — release it to the citizen, or send it back to the unit to be completed.

The scoring is the engine's reply check for opinions (lianxin.casework.reply_checks): it runs
inside the reply's transaction, and a weak reply is held by the engine — the citizen neither
sees it nor is told of it, and the rating window does not start — until staff release it.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxin.accounts.actor import Actor
from lianxin.analysis.models import ReplyReview
from lianxin.audit.recorder import record
from lianxin.casework import services as casework
from lianxin.casework.models import Reply
from lianxin.insight.reply_quality import score_reply

REVIEW = "analysis.review_reply"
# The casework source whose replies are scored: citizens' opinions.
SOURCE = "opinions"


class ReviewError(ValidationError):
    """A refused review; the message is shown to staff."""


def check_reply(reply: Reply) -> str:
    """The engine's reply check: score the reply and say why it is held ("" lets it through).

    A reply the unit rewrote after staff sent it back goes to staff again whatever its scores:
    they asked for something a score cannot see.
    """
    review = score(reply=reply)
    if review.state == ReplyReview.State.PASSED:
        return ""
    return _("答复质量待审核：%(reasons)s") % {"reasons": "；".join(review.reasons) or _("退回后已修改")}


@transaction.atomic
def score(*, reply: Reply) -> ReplyReview:
    """Score a reply (again, after the unit rewrote it) and record its review state."""
    reply = Reply.objects.select_related("case__opinion", "assignment").get(pk=reply.pk)
    case = reply.case
    opinion = case.opinion
    result = score_reply(
        question_title=opinion.title,
        question_body=opinion.content,
        reply=reply.text,
        replied_on=timezone.localdate(reply.replied_at),
        due=reply.assignment.due_date if reply.assignment_id else case.due_date,
    )
    review = ReplyReview.objects.select_for_update(of=("self",)).filter(reply=reply).first()
    sent_back = review is not None and review.state == ReplyReview.State.SENT_BACK
    values = {
        "region_id": case.region_id,
        "relevance": result.relevance,
        "completeness": result.completeness,
        "timeliness": result.timeliness,
        "weak": result.weak,
        "reasons": result.reasons,
        "state": ReplyReview.State.PENDING if result.weak or sent_back else ReplyReview.State.PASSED,
        "scored_at": timezone.now(),
    }
    if review is None:
        review = ReplyReview.objects.create(reply=reply, **values)
    else:
        for name, value in values.items():
            setattr(review, name, value)
        review.save(update_fields=list(values))
    record(
        actor=Actor.system(),
        action="analysis.reply.scored",
        target=review,
        data={
            "case": case.pk,
            "weak": result.weak,
            "relevance": result.relevance,
            "completeness": result.completeness,
            "timeliness": result.timeliness,
            "reasons": result.reasons,
            "state": review.state,
        },
    )
    return review


def _locked_pending(actor: Actor, review: ReplyReview) -> ReplyReview:
    review = ReplyReview.objects.select_for_update(of=("self",)).select_related("region").get(pk=review.pk)
    if actor.user is None or not actor.user.has_perm(REVIEW, review):
        raise PermissionDenied
    if review.state != ReplyReview.State.PENDING:
        raise ReviewError(_("这条答复已经审核过了（%(state)s）。") % {"state": review.get_state_display()})
    return review


@transaction.atomic
def release(*, actor: Actor, review: ReplyReview, note: str = "") -> ReplyReview:
    """审核通过: staff read the reply and let it stand."""
    review = _locked_pending(actor, review)
    reply = Reply.objects.select_related("case").get(pk=review.reply_id)
    try:
        casework.show_reply(actor=actor, reply=reply)
    except casework.CaseworkError as error:
        raise ReviewError(error.messages) from None
    review.state = ReplyReview.State.RELEASED
    review.decided_by, review.decided_at, review.note = actor.user, timezone.now(), note.strip()
    review.save(update_fields=["state", "decided_by", "decided_at", "note"])
    record(
        actor=actor,
        action="analysis.reply.released",
        target=review,
        changes={"state": [ReplyReview.State.PENDING, review.state]},
        data={"note": review.note},
    )
    return review


@transaction.atomic
def send_back(*, actor: Actor, review: ReplyReview, note: str) -> ReplyReview:
    """退回补充: the reply stays held and its unit is told what it lacks, to rewrite it."""
    if not note.strip():
        raise ReviewError({"note": _("请写明答复需要补充或改正的内容。")})
    review = _locked_pending(actor, review)
    reply = Reply.objects.select_related("case").get(pk=review.reply_id)
    try:
        casework.return_reply(actor=actor, reply=reply, note=note.strip())
    except casework.CaseworkError as error:
        raise ReviewError(error.messages) from None
    review.state = ReplyReview.State.SENT_BACK
    review.decided_by, review.decided_at, review.note = actor.user, timezone.now(), note.strip()
    review.save(update_fields=["state", "decided_by", "decided_at", "note"])
    record(
        actor=actor,
        action="analysis.reply.sent_back",
        target=review,
        changes={"state": [ReplyReview.State.PENDING, review.state]},
        data={"note": review.note},
    )
    return review
