"""The 回音壁: publishing answered opinions, de-identified and reviewed by a person.

Only an accepted opinion whose case has been answered — 已答复 (waiting for the rating) or
办结 — can go on the wall: the public sees a question with its answer, never one still being
handled. If the citizen's rating later reopens the case, the entry stays with the answer given;
staff withdraw it with ``unpublish`` if it should not. What is published is what the reviewer
approved: ``prepare`` gives a de-identified draft, ``publish`` re-checks the reviewed texts and
refuses any phone or ID number and the submitter's name.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxin.accounts.actor import Actor
from lianxin.audit.recorder import record
from lianxin.casework.models import Case, Reply
from lianxin.opinions.deidentify import Deidentified, contact_numbers, deidentify
from lianxin.opinions.models import Opinion

PUBLISH = "opinions.publish_opinion"
ANSWERED = (Case.State.REPLIED, Case.State.CLOSED)
TITLE_MAX = Opinion._meta.get_field("public_title").max_length


class WallError(ValidationError):
    """A publication the opinion's state or the reviewed texts do not allow."""


def publishable() -> QuerySet:
    """Opinions that may go on the wall: accepted, answered, not on it yet."""
    return Opinion.objects.filter(
        status=Opinion.Status.ACCEPTED, case__state__in=ANSWERED, published_at__isnull=True
    )


def final_reply(opinion: Opinion) -> Reply | None:
    """The answer of the latest round the citizen could read (the one they rated, or are rating)."""
    if opinion.case_id is None:
        return None
    return (
        Reply.objects.filter(case_id=opinion.case_id, shown_at__isnull=False)
        .select_related("assignment__unit")
        .order_by("-round", "-replied_at", "-pk")
        .first()
    )


def answering_unit(reply: Reply | None) -> str:
    if reply is None:
        return ""
    if reply.assignment_id is not None:
        return reply.assignment.unit.name
    return _("直接答复")


@dataclass(frozen=True)
class Draft:
    title: Deidentified
    content: Deidentified
    reply: Deidentified
    unit: str

    @property
    def findings(self) -> int:
        return len(self.title.findings) + len(self.content.findings) + len(self.reply.findings)


def _names(opinion: Opinion) -> list[str]:
    return [opinion.submitter_name] if opinion.submitter_name else []


def prepare(opinion: Opinion) -> Draft:
    """A de-identified draft of the title, the content and the final reply, for review."""
    names = _names(opinion)
    reply = final_reply(opinion)
    return Draft(
        title=deidentify(opinion.title, names=names),
        content=deidentify(opinion.content, names=names),
        reply=deidentify(reply.text if reply else "", names=names),
        unit=answering_unit(reply),
    )


def state_problem(opinion: Opinion) -> str:
    """Why the opinion cannot be published now, or ""."""
    if opinion.status != Opinion.Status.ACCEPTED or opinion.case_id is None:
        return _("只有已受理的意见才能在回音壁公开。")
    if opinion.case.state not in ANSWERED:
        return _("办理单位答复后才能在回音壁公开。")
    if opinion.published_at is not None:
        return _("该意见已在回音壁公开；如需修改，请先撤下再重新公开。")
    return ""


def _text_problems(opinion: Opinion, texts: dict[str, str]) -> dict[str, str]:
    errors = {}
    labels = {"title": _("公开标题"), "content": _("公开内容"), "reply": _("公开答复")}
    for field, text in texts.items():
        if not text.strip():
            errors[field] = _("%(label)s不能为空。") % {"label": labels[field]}
            continue
        left = contact_numbers(text)
        if left:
            errors[field] = _("%(label)s中仍有%(kinds)s，请改为*号后再公开。") % {
                "label": labels[field],
                "kinds": "、".join(dict.fromkeys(f.label for f in left)),
            }
            continue
        name = opinion.submitter_name.strip()
        if len(name) >= 2 and name in text:
            errors[field] = _("%(label)s中仍有提交人的姓名，请隐去后再公开。") % {"label": labels[field]}
    if len(texts.get("title", "")) > TITLE_MAX:
        errors.setdefault("title", _("公开标题不能超过%(max)d个字。") % {"max": TITLE_MAX})
    return errors


def _locked(opinion: Opinion) -> Opinion:
    return Opinion.objects.select_for_update(of=("self",)).select_related("region", "case").get(pk=opinion.pk)


def _require_publisher(actor: Actor, opinion: Opinion) -> None:
    if actor.user is None or not actor.user.has_perm(PUBLISH, opinion):
        raise PermissionDenied


@transaction.atomic
def publish(*, actor: Actor, opinion: Opinion, title: str, content: str, reply: str) -> Opinion:
    """Put the reviewed texts on the wall."""
    opinion = _locked(opinion)
    _require_publisher(actor, opinion)
    problem = state_problem(opinion)
    if problem:
        raise WallError(problem)
    texts = {"title": title.strip(), "content": content.strip(), "reply": reply.strip()}
    errors = _text_problems(opinion, texts)
    if errors:
        raise WallError(errors)
    opinion.public_title, opinion.public_content, opinion.public_reply = (
        texts["title"],
        texts["content"],
        texts["reply"],
    )
    opinion.published_at, opinion.published_by = timezone.now(), actor.user
    opinion.save(
        update_fields=["public_title", "public_content", "public_reply", "published_at", "published_by"]
    )
    record(actor=actor, action="opinions.opinion.published", target=opinion, data={"title": texts["title"]})
    return opinion


@transaction.atomic
def unpublish(*, actor: Actor, opinion: Opinion, reason: str) -> Opinion:
    """Withdraw an entry from the wall; its public texts go with it."""
    opinion = _locked(opinion)
    _require_publisher(actor, opinion)
    if opinion.published_at is None:
        raise WallError(_("该意见不在回音壁上。"))
    if not reason.strip():
        raise WallError({"reason": _("请写明撤下的理由。")})
    title = opinion.public_title
    opinion.published_at = opinion.published_by = None
    opinion.public_title = opinion.public_content = opinion.public_reply = ""
    opinion.save(
        update_fields=["public_title", "public_content", "public_reply", "published_at", "published_by"]
    )
    record(
        actor=actor,
        action="opinions.opinion.unpublished",
        target=opinion,
        data={"reason": reason.strip(), "title": title},
    )
    return opinion
