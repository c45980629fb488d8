"""What a citizen holding a tracking code may see of their opinion's progress.

Only public facts: the status in plain words, the steps taken (units named, never staff),
the answers. Internal notes, co-handlers' opinions, urging and send-back requests stay
inside the office.
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxin.audit.labels import label_for
from lianxin.audit.models import Event
from lianxin.casework import sources
from lianxin.casework.models import Case, Rating
from lianxin.opinions.models import Opinion

_RATINGS = dict(Rating.Value.choices)


def _units(data) -> str:
    return "、".join(data.get("units", []))


def _unit(data) -> str:
    return data.get("unit", "")


def _rating(data) -> str:
    return str(_RATINGS.get(data.get("rating"), ""))


# Action → how the step reads to the citizen (from the event's data). Anything not listed is
# internal and not shown.
_PUBLIC_STEPS = {
    "opinions.opinion.submitted": lambda data: "",
    "opinions.opinion.entered": lambda data: "",
    "opinions.opinion.accepted": lambda data: "",
    "opinions.opinion.refused": lambda data: "",
    "opinions.opinion.merged": lambda data: "",
    "opinions.opinion.escalated": lambda data: "",
    "opinions.opinion.converted": lambda data: "",
    "opinions.opinion.answered_on_the_spot": lambda data: "",
    "opinions.opinion.published": lambda data: "",
    "casework.case.assigned": _units,
    "casework.assignment.signed": _unit,
    "casework.assignment.extended": lambda data: (
        _("%(unit)s，答复期限延至 %(due)s") % {"unit": _unit(data), "due": data.get("due", "")}
    ),
    "casework.case.replied": _unit,
    "casework.reply.shown": _unit,
    "casework.case.answered": lambda data: "",
    "casework.case.rated": _rating,
    "casework.case.reopened": _rating,
    "casework.case.closed": lambda data: _("未评价") if data.get("unrated") else _rating(data),
    "casework.case.withdrawn": lambda data: "",
}


@dataclass
class Step:
    at: object
    label: str
    detail: str


@dataclass
class Answer:
    round: int
    text: str
    category: str
    unit: str
    at: object


@dataclass
class Progress:
    opinion: Opinion
    followed: Opinion  # the opinion whose case is handled: the main one, if this was merged
    status: str
    main_status: str  # the status of the main opinion, for one merged into it
    case: Case | None
    steps: list[Step] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)
    my_ratings: list[Rating] = field(default_factory=list)

    @property
    def rater(self) -> str:
        return self.opinion.rater_label()

    def can_rate(self, today=None) -> bool:
        case = self.case
        if case is None or case.state != Case.State.REPLIED or case.rating_lapsed(today):
            return False
        if self.rater not in sources.get(case.source).raters(case):
            return False
        return not any(r.round == case.round for r in self.my_ratings)

    @property
    def due_date(self):
        """The answer's deadline, while someone is working on it."""
        running = (Case.State.ASSIGNED, Case.State.HANDLING, Case.State.REHANDLING)
        return self.case.due_date if self.case is not None and self.case.state in running else None

    def rating_closed(self, today=None) -> bool:
        return self.case is not None and self.case.rating_lapsed(today)


def masked_code(code: str) -> str:
    """Enough of another opinion's tracking code to name it, not enough to follow it."""
    return code[:4] + "……"


def _events(target, exclude=()) -> list[Event]:
    return list(
        Event.objects.filter(
            target_type=ContentType.objects.get_for_model(target),
            target_id=str(target.pk),
            action__in=[action for action in _PUBLIC_STEPS if action not in exclude],
        )
    )


def _steps(opinion: Opinion, followed: Opinion, case: Case | None) -> list[Step]:
    events = _events(opinion)
    if followed.pk != opinion.pk:
        # The main opinion's handling is this citizen's too; its submission is someone else's.
        events += _events(followed, exclude={"opinions.opinion.submitted", "opinions.opinion.entered"})
    if case is not None:
        events += _events(case)
    # A reply held for review is not the citizen's news until it is shown (casework.reply.shown).
    events = [e for e in events if not (e.action == "casework.case.replied" and e.data.get("held"))]
    events.sort(key=lambda e: (e.at, e.pk))
    return [Step(at=e.at, label=label_for(e.action), detail=_PUBLIC_STEPS[e.action](e.data)) for e in events]


def _status(opinion: Opinion, case: Case | None) -> str:
    if opinion.status == Opinion.Status.MERGED:
        return _("已并案")
    if opinion.status == Opinion.Status.ACCEPTED:
        # Its own case was withdrawn when it became a suggestion: that, not 已撤回, is the news.
        if opinion.route == Opinion.Route.SUGGESTION:
            return _("已受理 · %(route)s") % {"route": opinion.get_route_display()}
        if case is not None:
            return _("已受理 · %(state)s") % {"state": case.state_label()}
        if opinion.route:
            return _("已受理 · %(route)s") % {"route": opinion.get_route_display()}
    return str(opinion.get_status_display())


def progress_of(opinion: Opinion) -> Progress:
    followed = opinion
    if opinion.status == Opinion.Status.MERGED and opinion.merged_into_id:
        followed = Opinion.objects.select_related("case").get(pk=opinion.merged_into_id)
    case = followed.case
    steps = _steps(opinion, followed, case)
    answers, my_ratings = [], []
    if case is not None:
        answers = [
            Answer(
                round=reply.round,
                text=reply.text,
                category=reply.category,
                unit=reply.assignment.unit.name if reply.assignment_id else _("直接答复"),
                at=timezone.localdate(reply.replied_at),
            )
            for reply in case.replies.filter(shown_at__isnull=False)
            .select_related("assignment__unit")
            .order_by("round", "replied_at", "pk")
        ]
        my_ratings = list(case.ratings.filter(rater=opinion.rater_label()).order_by("round"))
    return Progress(
        opinion=opinion,
        followed=followed,
        status=_status(opinion, case),
        main_status=_status(followed, case) if followed.pk != opinion.pk else "",
        case=case,
        steps=steps,
        answers=answers,
        my_ratings=my_ratings,
    )
