"""Writes of 答复质量审核: scoring a unit's reply to a citizen's opinion, and the staff's review of
a weak one (release it, or send it back to the unit through the engine's 督办).

The reply itself is not held back: the engine has no state for "replied but not yet shown", and
adding one would touch its rating window, the citizen's page, the SMS and the 回音壁. A weak
reply is flagged instead — a badge on the case and the opinion, and the queue
/office/analysis/replies/ — and sending it back urges the unit with the staff's reasons.
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


def on_announcement(announcement) -> None:
    """The engine's listener: a unit's reply (not a deputy's direct answer) to an opinion."""
    if announcement.kind != "replied" or announcement.assignment_id is None:
        return
    reply = Reply.objects.filter(assignment_id=announcement.assignment_id, case__source=SOURCE).first()
    if reply is not None:
        score(reply=reply)


@transaction.atomic
def score(*, reply: Reply) -> ReplyReview:
    """Score a reply once (a second call returns the first review: announcements may repeat)."""
    # Lock the reply row only: PostgreSQL refuses FOR UPDATE on the nullable side of the joins.
    reply = (
        Reply.objects.select_for_update(of=("self",))
        .select_related("case__opinion", "assignment")
        .get(pk=reply.pk)
    )
    existing = ReplyReview.objects.filter(reply=reply).first()
    if existing is not None:
        return existing
    case = reply.case
    opinion = case.opinion
    result = score_reply(
        question_title=opinion.title,
        question_body=opinion.content,
        reply=reply.text,
        replied_on=timezone.localdate(reply.replied_at),
        due=reply.assignment.due_date if reply.assignment_id else case.due_date,
    )
    review = ReplyReview.objects.create(
        reply=reply,
        region_id=case.region_id,
        relevance=result.relevance,
        completeness=result.completeness,
        timeliness=result.timeliness,
        weak=result.weak,
        reasons=result.reasons,
        state=ReplyReview.State.PENDING if result.weak else ReplyReview.State.PASSED,
    )
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
    """退回补充: the unit is urged (督办, through the engine) with what the reply lacks."""
    if not note.strip():
        raise ReviewError({"note": _("请写明答复需要补充或改正的内容。")})
    review = _locked_pending(actor, review)
    reply = Reply.objects.select_related("case").get(pk=review.reply_id)
    try:
        casework.urge(
            actor=actor, case=reply.case, message=_("答复质量审核退回补充：%(note)s") % {"note": note.strip()}
        )
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
