"""Random transitions by random actors, checked against the engine's invariants.

Hypothesis drives the real service functions against the real database: every step picks
a transition and an actor (the right one or not), and the machine checks that only allowed
transitions happen, that a refused one changes nothing, that no due date passes its cap,
that the audit trail replays to the current state, and that no case is lost or held by two
lead units. A reply check holds some replies (those starting 待审), so holding, showing,
returning and rewriting a reply are in the loop too.
"""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from lianxin.accounts.actor import Actor
from lianxin.accounts.models import Membership, User
from lianxin.accounts.roles import Role
from lianxin.audit.models import Event
from lianxin.casework import reply_checks, services
from lianxin.casework.models import Assignment, Case, Extension, Reply
from lianxin.casework.services import CaseworkError
from lianxin.units.models import HandlingUnit

S = Case.State
ALLOWED = {
    (S.REGISTERED, S.ASSIGNED),
    (S.REGISTERED, S.REPLIED),
    (S.ASSIGNED, S.HANDLING),
    (S.ASSIGNED, S.REGISTERED),
    (S.HANDLING, S.REPLIED),
    (S.HANDLING, S.REGISTERED),
    (S.HANDLING, S.ASSIGNED),
    (S.REPLIED, S.CLOSED),
    (S.REPLIED, S.REHANDLING),
    (S.REPLIED, S.REGISTERED),
    (S.REHANDLING, S.REPLIED),
    (S.REHANDLING, S.REGISTERED),
    *((state, S.WITHDRAWN) for state in (S.REGISTERED, S.ASSIGNED, S.HANDLING, S.REPLIED, S.REHANDLING)),
}
START = datetime.date(2026, 1, 5)
# States the case was in after some step, across all runs: the machine must really explore the
# loop, not only collect refusals.
VISITED: set = set()


def _snapshot(case: Case):
    case.refresh_from_db()
    assignments = tuple(case.assignments.order_by("pk").values_list("pk", "state", "due_date"))
    extensions = tuple(Extension.objects.filter(assignment__case=case).values_list("pk", "state"))
    replies = tuple(case.replies.order_by("pk").values_list("pk", "text", "shown_at", "held_note"))
    return (
        case.state,
        case.round,
        case.due_date,
        case.rating_due,
        assignments,
        extensions,
        replies,
        case.ratings.count(),
    )


def build_machine(world, units, people):
    wrong_people = st.sampled_from(sorted(people))
    indexes = st.integers(0, 9)

    class CaseMachine(RuleBasedStateMachine):
        """Each transition is tried by the right actor (to get deep into the loop) and, by
        ``someone_else_tries``, by anybody at all (to prove refusals change nothing)."""

        def __init__(self):
            super().__init__()
            self.day = START
            with self.clock():
                self.case = services.open_case(
                    actor=self.as_("staff"), source="test", title="随机件", region=world.east
                )

        @initialize(
            start=st.sampled_from(
                ["registered", "held", "assigned", "return_requested", "handling", "replied", "rehandling"]
            ),
            how=st.sampled_from(["lead", "lead+co", "separate"]),
        )
        def begin_at(self, start, how):
            """Walk the case to a starting state by the right actors, so every state is explored."""
            if start == "registered":
                return
            with self.clock():
                made = services.assign(actor=self.as_("staff"), case=self.case, **self.plan(how))
                if start == "assigned":
                    return
                if start == "return_requested":
                    services.request_return(
                        actor=self.clerk(made[0]), assignment=made[0], reason="不属于本单位"
                    )
                    return
                answering = [a for a in made if a.kind != "co"]
                for assignment in answering:
                    services.sign(actor=self.clerk(assignment), assignment=assignment)
                if start == "handling":
                    return
                for assignment in answering:
                    services.reply(
                        actor=self.clerk(assignment),
                        assignment=assignment,
                        # "held": replied, but every reply held for staff.
                        text="待审答复" if start == "held" else "答复",
                        category="B",
                        signed_off_by="签发人",
                    )
                if start == "rehandling":
                    services.rate(
                        actor=self.as_("citizen"), case=self.case, value="unsatisfied", comment="没解决"
                    )

        @staticmethod
        def plan(how):
            if how == "lead":
                return {"lead": units[0]}
            if how == "lead+co":
                return {"lead": units[1], "co": [units[0]]}
            return {"separate": [units[0], units[2]]}

        def clock(self):
            moment = timezone.make_aware(datetime.datetime.combine(self.day, datetime.time(10)))
            return time_machine.travel(moment, tick=False)

        def as_(self, name):
            return Actor(user=people[name], role="", ip=None)

        def clerk(self, assignment):
            return Actor(user=assignment.unit.clerks.first(), role="", ip=None)

        def pick(self, index):
            assignments = list(self.case.assignments.order_by("pk"))
            return assignments[index % len(assignments)] if assignments else None

        def attempt(self, call):
            self.steps = getattr(self, "steps", 0) + 1
            before = _snapshot(self.case)
            try:
                with self.clock():
                    call()
            except (CaseworkError, PermissionDenied):
                assert _snapshot(self.case) == before, "a refused transition changed something"
                VISITED.add(before[0])
                return
            after = _snapshot(self.case)
            if before[0] != after[0]:
                assert (before[0], after[0]) in ALLOWED, f"{before[0]} → {after[0]}"
            VISITED.update((before[0], after[0]))

        # Every transition as a call for a given actor; the rules below choose who acts.
        def transitions(self, index, choice):
            assignment = self.pick(index)
            extension = Extension.objects.filter(assignment__case=self.case).order_by("-pk").first()
            waiting = self.case.assignments.filter(state=Assignment.State.RETURN_REQUESTED).first()
            held = self.held_reply()
            how, approve, successor, days, value, weak = choice
            text = "待审答复" if weak else "答复"
            return {
                "assign": lambda a: services.assign(actor=a, case=self.case, **self.plan(how)),
                "sign": lambda a: assignment and services.sign(actor=a, assignment=assignment),
                "request_return": lambda a: (
                    assignment
                    and services.request_return(actor=a, assignment=assignment, reason="不属于本单位")
                ),
                "decide_return": lambda a: (
                    (waiting or assignment)
                    and services.decide_return(
                        actor=a,
                        assignment=waiting or assignment,
                        approve=approve,
                        reassign_to=units[successor] if successor is not None else None,
                    )
                ),
                "request_extension": lambda a: (
                    assignment
                    and services.request_extension(
                        actor=a,
                        assignment=assignment,
                        new_date=assignment.due_date + datetime.timedelta(days=days),
                        reason="复杂",
                    )
                ),
                "decide_extension": lambda a: (
                    extension and services.decide_extension(actor=a, extension=extension, approve=approve)
                ),
                "co_opinion": lambda a: (
                    assignment and services.give_co_opinion(actor=a, assignment=assignment, text="会办意见")
                ),
                "reply": lambda a: (
                    assignment
                    and services.reply(
                        actor=a, assignment=assignment, text=text, category="A", signed_off_by="签发人"
                    )
                ),
                "show_reply": lambda a: held and services.show_reply(actor=a, reply=held),
                "return_reply": lambda a: held and services.return_reply(actor=a, reply=held, note="请补充"),
                "revise_reply": lambda a: held and services.revise_reply(actor=a, reply=held, text=text),
                "answer": lambda a: services.answer(actor=a, case=self.case, text="直接答复"),
                "rate": lambda a: services.rate(actor=a, case=self.case, value=value, comment="意见"),
                "close_unrated": lambda a: services.close_unrated(actor=a, case=self.case),
                "urge": lambda a: services.urge(actor=a, case=self.case, message="请抓紧"),
                "withdraw": lambda a: services.withdraw(actor=a, case=self.case, reason="重复"),
            }, assignment

        def held_reply(self):
            return Reply.objects.filter(case=self.case, shown_at=None).select_related("assignment").first()

        def right_actor(self, name, assignment):
            if name in {"sign", "request_return", "request_extension", "co_opinion", "reply"}:
                return self.clerk(assignment) if assignment else self.as_("staff")
            if name == "revise_reply":
                held = self.held_reply()
                return self.clerk(held.assignment) if held else self.as_("staff")
            return self.as_({"answer": "deputy", "rate": "citizen"}.get(name, "staff"))

        choices = st.tuples(
            st.sampled_from(["lead", "lead+co", "separate"]),
            st.booleans(),
            st.sampled_from([None, 0, 1, 2]),
            st.integers(1, 250),
            st.sampled_from(["satisfied", "basically", "unsatisfied"]),
            st.booleans(),
        )
        names = st.sampled_from(
            [
                "assign",
                "sign",
                "request_return",
                "decide_return",
                "request_extension",
                "decide_extension",
                "co_opinion",
                "reply",
                "show_reply",
                "return_reply",
                "revise_reply",
                "answer",
                "rate",
                "close_unrated",
                "urge",
            ]
        )

        @rule(days=st.integers(min_value=1, max_value=20))
        def wait(self, days):
            self.day += datetime.timedelta(days=days)

        @rule(name=names, index=indexes, choice=choices)
        def the_right_actor_acts(self, name, index, choice):
            calls, assignment = self.transitions(index, choice)
            self.attempt(lambda: calls[name](self.right_actor(name, assignment)))

        @rule(name=names, index=indexes, choice=choices, who=wrong_people)
        def someone_else_tries(self, name, index, choice, who):
            calls, _assignment = self.transitions(index, choice)
            self.attempt(lambda: calls[name](self.as_(who)))

        # Rating needs the reply still inside its window; give the submitter a rule of its own.
        @precondition(lambda self: Case.objects.filter(pk=self.case.pk, state=S.REPLIED).exists())
        @rule(value=st.sampled_from(["satisfied", "basically", "unsatisfied"]))
        def the_submitter_rates(self, value):
            self.attempt(
                lambda: services.rate(actor=self.as_("citizen"), case=self.case, value=value, comment="意见")
            )

        # A held reply is shown, returned or rewritten (well or not) by a rule of its own too.
        @precondition(lambda self: Reply.objects.filter(case=self.case, shown_at=None).exists())
        @rule(step=st.sampled_from(["show", "return", "revise"]), weak=st.booleans())
        def a_held_reply_moves_on(self, step, weak):
            held = self.held_reply()
            if step == "show":
                self.attempt(lambda: services.show_reply(actor=self.as_("staff"), reply=held))
            elif step == "return":
                self.attempt(
                    lambda: services.return_reply(actor=self.as_("staff"), reply=held, note="请补充")
                )
            else:
                text = "待审修改" if weak else "修改后的答复"
                self.attempt(
                    lambda: services.revise_reply(actor=self.clerk(held.assignment), reply=held, text=text)
                )

        # Pending requests get their decision by a rule of its own too, approve or not.
        @precondition(
            lambda self: self.case.assignments.filter(state=Assignment.State.RETURN_REQUESTED).exists()
        )
        @rule(approve=st.booleans(), successor=st.sampled_from([None, 0, 1, 2]))
        def staff_decide_a_send_back(self, approve, successor):
            waiting = self.case.assignments.filter(state=Assignment.State.RETURN_REQUESTED).first()
            unit = units[successor] if successor is not None else None
            self.attempt(
                lambda: services.decide_return(
                    actor=self.as_("staff"), assignment=waiting, approve=approve, reassign_to=unit
                )
            )

        @precondition(
            lambda self: Extension.objects.filter(assignment__case=self.case, state="pending").exists()
        )
        @rule(approve=st.booleans())
        def staff_decide_an_extension(self, approve):
            extension = Extension.objects.get(assignment__case=self.case, state="pending")
            self.attempt(
                lambda: services.decide_extension(
                    actor=self.as_("staff"), extension=extension, approve=approve
                )
            )

        # Withdrawing ends a run; later in a run it leaves room for the rest of the loop first.
        @precondition(lambda self: getattr(self, "steps", 0) > 8)
        @rule()
        def withdraw(self):
            self.attempt(lambda: services.withdraw(actor=self.as_("staff"), case=self.case, reason="重复"))

        @invariant()
        def no_due_date_passes_its_cap(self):
            caps = getattr(self, "caps", {})
            for pk, due, cap in Assignment.objects.filter(case=self.case).values_list(
                "pk", "due_date", "cap_date"
            ):
                assert due <= cap
                # The cap is fixed when the item is assigned; nothing moves it later.
                assert caps.setdefault(pk, cap) == cap, "a cap moved"
            self.caps = caps
            self.case.refresh_from_db()
            if self.case.due_date and self.case.cap_date:
                assert self.case.due_date <= self.case.cap_date

        @invariant()
        def never_two_lead_units(self):
            for round_ in set(self.case.assignments.values_list("round", flat=True)):
                leads = self.case.assignments.filter(
                    round=round_, kind="lead", state__in=[*Assignment.ACTIVE, Assignment.State.REPLIED]
                )
                assert leads.count() <= 1

        @invariant()
        def no_case_is_left_without_a_unit(self):
            # A case being handled is always held by some unit; otherwise it is lost between desks.
            self.case.refresh_from_db()
            if self.case.state in (S.ASSIGNED, S.HANDLING, S.REHANDLING):
                holders = self.case.assignments.filter(
                    round=self.case.round, kind__in=Assignment.ANSWERING, state__in=Assignment.ACTIVE
                )
                # A reply held for staff keeps the item on a desk too: the staff's.
                held = self.case.replies.filter(round=self.case.round, shown_at=None)
                assert holders.exists() or held.exists(), f"{self.case.state} with no unit holding it"

        @invariant()
        def the_audit_trail_replays_to_the_current_state(self):
            events = Event.objects.filter(
                target_id=str(self.case.pk), action__startswith="casework."
            ).order_by("pk")
            state = ""
            for event in events:
                assert event.data["from"] == state, f"{event.action}: {event.data['from']} after {state}"
                state = event.data["to"]
            assert Case.objects.filter(pk=self.case.pk, state=state).exists(), (
                "the case is lost or out of step"
            )

    return CaseMachine


@pytest.mark.django_db(transaction=False)
def test_random_transitions_keep_the_invariants(world):
    third = HandlingUnit.objects.create(
        name="连心县住建局", kind=HandlingUnit.Kind.DEPARTMENT, region=world.county
    )
    third_clerk = User.objects.create_user(username="third_clerk", password="x", name="第三经办")
    Membership.objects.create(user=third_clerk, role=Role.UNIT_CLERK, region=world.county)
    third.clerks.add(third_clerk)
    units = [world.unit, world.other_unit, third]
    people = {
        "staff": world.staff,
        "leader": world.leader,
        "clerk": world.clerk,
        "west_clerk": world.west_clerk,
        "third_clerk": third_clerk,
        "citizen": world.citizen,
        "deputy": world.deputy,
        "west_staff": world.west_staff,
    }
    machine = build_machine(world, units, people)
    reply_checks.register("test", lambda reply: "待审核" if reply.text.startswith("待审") else "")
    try:
        run_state_machine_as_test(
            machine,
            settings=settings(
                max_examples=100,
                stateful_step_count=50,
                deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
            ),
        )
    finally:
        reply_checks.unregister("test")
    assert set(S) == VISITED, sorted(set(S) - VISITED)
