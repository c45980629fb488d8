from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lianxin.accounts.actor import Actor
from lianxin.audit.writes import create_recorded, update_recorded
from lianxin.congresses.models import Congress, Constituency, Delegation, DeputyGroup, Session, Term
from lianxin.congresses.numerals import chinese_number

# The audit code segment of each kind of term part: congresses.<segment>.created / .updated.
TERM_PART_ACTIONS = {Delegation: "delegation", DeputyGroup: "group", Constituency: "constituency"}


@transaction.atomic
def congress_create(*, actor: Actor, values: dict) -> Congress:
    region = values["region"]
    if actor.user is None or not actor.user.has_perm("congresses.add_congress", region):
        raise ValidationError({"region": _("该行政区划不在您的管辖范围内。")})
    existing = Congress.objects.filter(region=region).first()
    if existing is not None:
        raise ValidationError(
            {"region": _("%(region)s已设立“%(name)s”。") % {"region": region.name, "name": existing.name}}
        )
    return create_recorded(Congress, actor=actor, action="congresses.congress.created", values=values)


def congress_update(*, actor: Actor, congress: Congress, values: dict) -> Congress:
    # The region is what the congress is; only its name is edited.
    return update_recorded(
        congress, actor=actor, action="congresses.congress.updated", values={"name": values["name"]}
    )


def _check_term_number(congress: Congress, number: int, term: Term | None = None) -> None:
    others = Term.objects.filter(congress=congress, number=number)
    if term is not None:
        others = others.exclude(pk=term.pk)
    if others.exists():
        raise ValidationError(
            {
                "number": _("%(congress)s已有第%(n)s届。")
                % {"congress": congress.name, "n": chinese_number(number)}
            }
        )


@transaction.atomic
def term_create(*, actor: Actor, congress: Congress, values: dict) -> Term:
    _check_term_number(congress, values["number"])
    return create_recorded(
        Term, actor=actor, action="congresses.term.created", values={"congress": congress, **values}
    )


@transaction.atomic
def term_update(*, actor: Actor, term: Term, values: dict) -> Term:
    _check_term_number(term.congress, values["number"], term)
    return update_recorded(term, actor=actor, action="congresses.term.updated", values=values)


def _check_session_number(term: Term, number: int, session: Session | None = None) -> None:
    others = Session.objects.filter(term=term, number=number)
    if session is not None:
        others = others.exclude(pk=session.pk)
    if others.exists():
        raise ValidationError(
            {
                "number": _("%(term)s已有第%(n)s次会议。")
                % {"term": term.short_name, "n": chinese_number(number)}
            }
        )


@transaction.atomic
def session_create(*, actor: Actor, term: Term, values: dict) -> Session:
    _check_session_number(term, values["number"])
    return create_recorded(
        Session, actor=actor, action="congresses.session.created", values={"term": term, **values}
    )


@transaction.atomic
def session_update(*, actor: Actor, session: Session, values: dict) -> Session:
    _check_session_number(session.term, values["number"], session)
    return update_recorded(session, actor=actor, action="congresses.session.updated", values=values)


def _check_part_name(model, term: Term, name: str, part=None) -> None:
    others = model.objects.filter(term=term, name=name)
    if part is not None:
        others = others.exclude(pk=part.pk)
    if others.exists():
        raise ValidationError(
            {
                "name": _("%(term)s已有名为“%(name)s”的%(kind)s。")
                % {"term": term.short_name, "name": name, "kind": model._meta.verbose_name}
            }
        )


@transaction.atomic
def term_part_create(*, actor: Actor, model, term: Term, values: dict):
    """Create a delegation, deputies' group or constituency (``model``) in ``term``."""
    _check_part_name(model, term, values["name"])
    return create_recorded(
        model,
        actor=actor,
        action=f"congresses.{TERM_PART_ACTIONS[model]}.created",
        values={"term": term, **values},
    )


@transaction.atomic
def term_part_update(*, actor: Actor, part, values: dict):
    model = type(part)
    _check_part_name(model, part.term, values["name"], part)
    return update_recorded(
        part, actor=actor, action=f"congresses.{TERM_PART_ACTIONS[model]}.updated", values=values
    )
