"""Publishing deputies' suggestions with their replies (legal-rules §8.1 S17).

``prepare`` gives a draft de-identified by the 回音壁's ``opinions.deidentify`` (phones, ID
numbers, addresses, private persons' names…) and the words that suggest a secret; a person
reviews it, edits it and ``publish``es. Publishing re-checks the reviewed texts: a phone or ID
number, or the name of the citizen whose opinion became the suggestion, is refused, and each
word of the secret list (``config.secret_words``) must be confirmed harmless by the reviewer.

Deputies act publicly: the signers' names are not masked (the draft puts back any the automatic
pass took for a private person), and the public page names the lead and the co-signers.
"""

from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q, Subquery, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxin.accounts.actor import Actor
from lianxin.audit.recorder import record
from lianxin.casework.models import Case, Promise, Reply
from lianxin.opinions.deidentify import NAME, Deidentified, Finding, contact_numbers, deidentify
from lianxin.suggestions import config, outcomes
from lianxin.suggestions.models import Publication, Suggestion

PUBLISH = "suggestions.publish_suggestion"
TITLE_MAX = Publication._meta.get_field("title").max_length
# Still being handled: the counts on a deputy's profile name it beside the three outcomes.
HANDLING = "handling"


class PublicationError(ValidationError):
    """A publication the suggestion's state or the reviewed texts do not allow."""


# ---------------------------------------------------------------- the draft


def final_replies(suggestion: Suggestion) -> list[Reply]:
    """The replies of the latest round: one from the lead unit, or one per unit handling separately."""
    if suggestion.case_id is None:
        return []
    replies = list(
        Reply.objects.filter(case_id=suggestion.case_id)
        .select_related("assignment__unit")
        .order_by("-round", "replied_at", "pk")
    )
    if not replies:
        return []
    last = replies[0].round
    return sorted((r for r in replies if r.round == last), key=lambda r: (r.replied_at, r.pk))


def reply_text(replies: list[Reply]) -> str:
    if len(replies) == 1:
        return replies[0].text
    # Units handling separately answer each for their part: the reader sees whose part is whose.
    return "\n\n".join(
        f"【{r.assignment.unit.name if r.assignment_id else _('答复')}】\n{r.text}" for r in replies
    )


def signer_names(suggestion: Suggestion) -> set[str]:
    return set(suggestion.signers.values_list("deputy__name", flat=True)) | {suggestion.deputy.name}


def private_names(suggestion: Suggestion) -> list[str]:
    """Names that must not be published: the citizen whose opinion became this suggestion."""
    opinion = suggestion.source_opinion
    if opinion is not None and opinion.submitter_name.strip():
        return [opinion.submitter_name.strip()]
    return []


def keeping_names(result: Deidentified, keep: set[str]) -> Deidentified:
    """``result`` with the names in ``keep`` put back where the automatic pass masked them."""
    out, findings, cursor, position = [], [], 0, 0
    for finding in result.findings:
        out.append(result.text[cursor : finding.start])
        position += finding.start - cursor
        piece = finding.text if finding.kind == NAME and finding.text in keep else None
        if piece is None:
            piece = result.text[finding.start : finding.end]
            findings.append(Finding(finding.kind, position, position + len(piece), finding.text))
        out.append(piece)
        position += len(piece)
        cursor = finding.end
    out.append(result.text[cursor:])
    return Deidentified("".join(out), tuple(findings))


def secret_words_in(*texts: str) -> list[str]:
    joined = "\n".join(texts)
    return [word for word in config.secret_words() if word in joined]


@dataclass(frozen=True)
class Draft:
    title: Deidentified
    content: Deidentified
    reply: Deidentified
    secret_words: tuple[str, ...]

    @property
    def findings(self) -> int:
        return len(self.title.findings) + len(self.content.findings) + len(self.reply.findings)


def prepare(suggestion: Suggestion) -> Draft:
    names, keep = private_names(suggestion), signer_names(suggestion)

    def clean(text: str) -> Deidentified:
        return keeping_names(deidentify(text, names=names), keep - set(names))

    title = clean(suggestion.title)
    content = clean(suggestion.content)
    reply = clean(reply_text(final_replies(suggestion)))
    return Draft(title, content, reply, tuple(secret_words_in(title.text, content.text, reply.text)))


# ---------------------------------------------------------------- checks


def state_problem(suggestion: Suggestion) -> str:
    """Why the suggestion cannot be published now, or ""."""
    if suggestion.status != Suggestion.Status.ACCEPTED or suggestion.case_id is None:
        return _("只有已立案的建议才能公开。")
    if suggestion.case.state == Case.State.WITHDRAWN:
        return _("建议已撤回，不能公开。")
    if not Reply.objects.filter(case_id=suggestion.case_id).exists():
        return _("承办单位答复后才能公开。")
    publication = getattr(suggestion, "publication", None)
    if publication is not None and publication.published_at is not None:
        return _("该建议已公开；如需修改，请先撤下再重新公开。")
    return ""


LABELS = {"title": "公开标题", "content": "公开内容", "reply": "公开答复", "text": "公开文本"}


def text_problems(texts: dict[str, str], *, names=(), confirmed=False) -> dict[str, str]:
    """Chinese messages by field for reviewed texts that may not be published as they are."""
    errors = {}
    for field, text in texts.items():
        label = _(LABELS[field])
        if not text.strip():
            errors[field] = _("%(label)s不能为空。") % {"label": label}
            continue
        left = contact_numbers(text)
        if left:
            errors[field] = _("%(label)s中仍有%(kinds)s，请改为*号后再公开。") % {
                "label": label,
                "kinds": "、".join(dict.fromkeys(f.label for f in left)),
            }
            continue
        for name in names:
            if len(name) >= 2 and name in text:
                errors[field] = _("%(label)s中仍有群众的姓名，请隐去后再公开。") % {"label": label}
    words = secret_words_in(*texts.values())
    if words and not confirmed:
        errors["confirm_secrets"] = _(
            "公开稿中有“%(words)s”等词语，请核实不涉及国家秘密、商业秘密和个人隐私后勾选确认。"
        ) % {"words": "、".join(words)}
    return errors


def _require(actor: Actor, obj) -> None:
    if actor.user is None or not actor.user.has_perm(PUBLISH, obj):
        raise PermissionDenied


# ---------------------------------------------------------------- publish and withdraw


def _locked(suggestion: Suggestion) -> Suggestion:
    return (
        Suggestion.objects.select_for_update(of=("self",))
        .select_related("region", "case", "deputy", "source_opinion")
        .get(pk=suggestion.pk)
    )


@transaction.atomic
def publish(
    *,
    actor: Actor,
    suggestion: Suggestion,
    title: str,
    content: str,
    reply: str,
    confirm_secrets: bool = False,
) -> Publication:
    """Publish the reviewed texts of a suggestion that has a reply."""
    suggestion = _locked(suggestion)
    _require(actor, suggestion)
    problem = state_problem(suggestion)
    if problem:
        raise PublicationError(problem)
    texts = {"title": title.strip(), "content": content.strip(), "reply": reply.strip()}
    errors = text_problems(texts, names=private_names(suggestion), confirmed=confirm_secrets)
    if len(texts["title"]) > TITLE_MAX:
        errors.setdefault("title", _("公开标题不能超过%(max)d个字。") % {"max": TITLE_MAX})
    if errors:
        raise PublicationError(errors)
    words = secret_words_in(*texts.values())
    publication, _created = Publication.objects.select_for_update().get_or_create(
        suggestion=suggestion, defaults=texts
    )
    for field, value in texts.items():
        setattr(publication, field, value)
    publication.confirmed_words = words
    publication.published_at, publication.published_by = timezone.now(), actor.user
    publication.withdrawn_at, publication.withdrawal_reason = None, ""
    publication.save()
    record(
        actor=actor,
        action="suggestions.suggestion.published",
        target=suggestion,
        data={"title": texts["title"], "confirmed_words": words},
    )
    return publication


@transaction.atomic
def unpublish(*, actor: Actor, suggestion: Suggestion, reason: str) -> Publication:
    """Withdraw a published suggestion; the reason is kept on the row and in the audit log."""
    suggestion = _locked(suggestion)
    _require(actor, suggestion)
    publication = Publication.objects.select_for_update().filter(suggestion=suggestion).first()
    if publication is None or publication.published_at is None:
        raise PublicationError(_("该建议没有公开。"))
    if not reason.strip():
        raise PublicationError({"reason": _("请写明撤下的理由。")})
    publication.published_at = publication.published_by = None
    publication.withdrawn_at, publication.withdrawal_reason = timezone.now(), reason.strip()
    publication.save(update_fields=["published_at", "published_by", "withdrawn_at", "withdrawal_reason"])
    record(
        actor=actor,
        action="suggestions.suggestion.unpublished",
        target=suggestion,
        data={"reason": reason.strip(), "title": publication.title},
    )
    return publication


# ---------------------------------------------------------------- how it ended, in SQL


def with_outcome(queryset, case: str = "case"):
    """``queryset`` annotated with ``outcome``: ``outcomes.outcome()``'s rule as one expression,
    so that a list filters and counts by it without a query per row. ``case`` is the path from
    the queryset's model to the suggestion's case."""
    promises = Promise.objects.filter(case_id=OuterRef(f"{case}__pk"))
    last_category = (
        Reply.objects.filter(case_id=OuterRef(f"{case}__pk"))
        .order_by("-round", "-replied_at")
        .values("category")
    )
    closed = Q(**{f"{case}__state": Case.State.CLOSED})
    return queryset.annotate(_last_category=Subquery(last_category[:1])).annotate(
        outcome=models.Case(
            When(
                closed & Exists(promises.exclude(state=Promise.State.CONFIRMED)),
                then=Value(outcomes.CARRYING_OUT),
            ),
            When(closed & Exists(promises), then=Value(outcomes.SOLVED)),
            When(closed & Q(_last_category="A"), then=Value(outcomes.SOLVED)),
            When(closed, then=Value(outcomes.NOT_SOLVED)),
            default=Value(HANDLING),
            output_field=models.CharField(),
        )
    )


def outcome_label(value: str) -> str:
    if value == HANDLING:
        return _("正在办理")
    return str(outcomes.LABELS.get(value, ""))


def deputy_summary(deputy) -> dict:
    """For the deputy's public profile: the published suggestions they led, with how each ended,
    and how all they led ended, as counts only — an unpublished suggestion's title stays inside."""
    led = with_outcome(Suggestion.objects.filter(deputy=deputy, status=Suggestion.Status.ACCEPTED))
    # One query for both: a deputy leads tens of suggestions in a term, not thousands.
    rows = led.order_by("-publication__published_at", "-pk").values_list(
        "outcome", "publication__pk", "publication__title", "publication__published_at"
    )
    counted, published = Counter(), []
    for value, pk, title, published_at in rows:
        counted[value] += 1
        if published_at is not None:
            published.append({"pk": pk, "title": title, "outcome": outcome_label(value)})
    order = (outcomes.SOLVED, outcomes.CARRYING_OUT, outcomes.NOT_SOLVED, HANDLING)
    return {
        "published": published,
        "counts": [(outcome_label(key), counted[key]) for key in order if counted.get(key)],
        "total": sum(counted.values()),
    }
