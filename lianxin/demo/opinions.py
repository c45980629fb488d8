"""The demo county's 民意直通车: a dozen citizens' opinions, each moved through the real services
up to the stage its story ends in, so that timelines, due dates, lights, inbox messages and the
回音壁 are what the platform itself would have produced.

The stories happened over the last weeks: each step runs on a clock moved back to its day
(time-machine), so a case assigned five weeks ago really is overdue today and its timeline
reads in order. Unlike the registers, which are bulk-loaded, every row here is written by the
service that owns it, with its audit event.
"""

import datetime
import random

import time_machine
from django.utils import timezone

from lianxin.accounts.actor import Actor
from lianxin.accounts.models import User
from lianxin.accounts.roles import Role
from lianxin.analysis import services as reply_reviews
from lianxin.audit.recorder import record
from lianxin.casework import services as casework
from lianxin.casework.models import Assignment, Rating
from lianxin.demo.identity import IdentityIssuer
from lianxin.demo.opinion_stories import REFUSAL_REASON, STAGES, STORIES, Story
from lianxin.opinions import handling, wall
from lianxin.opinions.casework_source import POLICY
from lianxin.opinions.intake import citizen_label
from lianxin.opinions.models import Category, Opinion
from lianxin.regions.models import Region

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = ("建国", "秀英", "桂兰", "志强", "海燕", "明", "丽", "德胜", "春花", "小军", "玉梅", "国平")


class _Cast:
    """Who does what in the demo county: the demo accounts and the records they work with."""

    def __init__(self, county: Region):
        self.county = county
        users = {
            u.username: u
            for u in User.objects.filter(username__in=["gongwei", "chengban", "lianluoyuan", "daibiao"])
        }
        self.staff = Actor(user=users["gongwei"], role=Role.STAFF)
        self.clerk = Actor(user=users["chengban"], role=Role.UNIT_CLERK)
        self.liaison = Actor(user=users["lianluoyuan"], role=Role.LIAISON)
        self.deputy_user = users["daibiao"]
        self.deputy = self.deputy_user.deputy
        self.station = users["lianluoyuan"].liaison_stations.select_related("region").first()
        self.lead = users["chengban"].handling_units.first()

    def villages(self) -> list[Region]:
        # The stories speak of 村 (通村公路, 村口): villages first, then the township's 社区.
        places = list(Region.objects.filter(parent=self.station.region).order_by("code"))
        return sorted(places, key=lambda place: not place.name.endswith("村"))


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 10)))


def _submit(
    story: Story, cast: _Cast, rng: random.Random, issuer: IdentityIssuer, village: Region
) -> Opinion:
    """What the public form or the QR form would have written, for a citizen the demo invented.

    The form's own path asks the citizen for the SMS code sent to their phone, which a loader
    cannot read back; this writes the same row and the same event the form writes."""
    name = rng.choice(SURNAMES) + rng.choice(GIVEN)
    phone = issuer.mobile()
    channel = story.channel
    opinion = Opinion(
        channel=channel,
        title=story.title.format(town=cast.station.region.name, village=village.name),
        content=story.content.format(town=cast.station.region.name, village=village.name),
        category=Category.objects.get(name=story.category),
        region=village,
        submitter_name=name,
        submitter_phone=phone,
        phone_verified=channel
        in (Opinion.Channel.WEB, Opinion.Channel.DEPUTY_CODE, Opinion.Channel.STATION_CODE),
        hide_name=rng.random() < 0.8,
        deputy=cast.deputy if channel == Opinion.Channel.DEPUTY_CODE else None,
        station=cast.station
        if channel in (Opinion.Channel.STATION_CODE, Opinion.Channel.RECEPTION)
        else None,
        consent_version="2026-1",
        consented_at=timezone.now(),
        submitted_at=timezone.now(),
    )
    if channel in (Opinion.Channel.RECEPTION, Opinion.Channel.GRID, Opinion.Channel.PHONE):
        entering = cast.liaison if channel == Opinion.Channel.RECEPTION else cast.staff
        return handling.enter_opinion(
            actor=entering,
            channel=channel,
            title=opinion.title,
            content=opinion.content,
            region=village,
            phone=phone,
            name=name,
            category=opinion.category,
            hide_name=opinion.hide_name,
            station=opinion.station,
        )
    opinion.full_clean(validate_unique=False, validate_constraints=False)
    opinion.save()
    record(
        actor=Actor(user=None, role="citizen", label=citizen_label(phone)),
        action="opinions.opinion.submitted",
        target=opinion,
        data={"channel": opinion.get_channel_display(), "category": story.category, "region": village.name},
    )
    return opinion


def _citizen(opinion: Opinion) -> Actor:
    return Actor(
        user=None,
        role="citizen",
        subject=opinion.rater_label(),
        label=citizen_label(opinion.submitter_phone.reveal()),
    )


def _lead_assignment(opinion: Opinion) -> Assignment:
    return opinion.case.assignments.filter(kind=Assignment.Kind.LEAD).latest("pk")


def _play(story: Story, cast: _Cast, rng, issuer, village: Region, today: datetime.date) -> Opinion:
    goal = STAGES.index(story.stage)
    reached = lambda stage: goal >= STAGES.index(stage)  # noqa: E731 - reads as the story does
    day = today - datetime.timedelta(days=story.days_ago)

    def step(days: int, hour: int = 10):
        nonlocal day
        day = min(day + datetime.timedelta(days=days), today)
        return time_machine.travel(_at(day, hour), tick=False)

    with step(0, 9):
        opinion = _submit(story, cast, rng, issuer, village)
    if story.stage == "submitted":
        return opinion
    handler = cast.liaison if opinion.station_id else cast.staff
    with step(1):
        if story.stage == "refused":
            return handling.refuse(actor=cast.staff, opinion=opinion, reason=REFUSAL_REASON)
        opinion = handling.accept(actor=handler, opinion=opinion)
    if story.stage == "registered":
        return opinion
    if story.stage == "answered_by_deputy":
        with step(2, 15):
            opinion = handling.answer_directly(
                actor=Actor(user=cast.deputy_user, role=Role.DEPUTY),
                opinion=opinion,
                text=story.reply.format(town=cast.station.region.name),
            )
        with step(1, 20):
            casework.rate(actor=_citizen(opinion), case=opinion.case, value=Rating.Value.SATISFIED)
        return opinion
    with step(0, 14):
        opinion = handling.assign_units(actor=cast.staff, opinion=opinion, lead=cast.lead)
    if story.stage == "assigned":
        return opinion
    with step(1, 9):
        casework.sign(actor=cast.clerk, assignment=_lead_assignment(opinion))
    if not reached("replied"):
        return opinion
    with step(6, 11):
        reply = casework.reply(
            actor=cast.clerk,
            assignment=_lead_assignment(opinion),
            text=story.reply.format(town=cast.station.region.name),
            category=POLICY.categories[0 if story.stage == "published" else 1],
            signed_off_by="局长 何志明",
        )
    if reply.held and story.stage != "replied":
        # The reply-quality check held it; the office read it and let it reach the citizen.
        # (Stories that stop at 已答复 leave theirs in the review queue.)
        with step(1, 9):
            reply_reviews.release(actor=cast.staff, review=reply.quality_review)
    if story.stage == "rehandling":
        with step(2, 20):
            casework.rate(
                actor=_citizen(opinion),
                case=opinion.case,
                value=Rating.Value.UNSATISFIED,
                comment=story.unsatisfied,
            )
        return opinion
    if story.stage == "published":
        with step(2, 20):
            casework.rate(actor=_citizen(opinion), case=opinion.case, value=Rating.Value.SATISFIED)
        with step(1, 10):
            # Staff publish the draft as de-identification made it, as a reviewer who changed nothing.
            draft = wall.prepare(opinion)
            opinion = wall.publish(
                actor=cast.staff,
                opinion=opinion,
                title=draft.title.text,
                content=draft.content.text,
                reply=draft.reply.text,
            )
    return opinion


def seed_opinions(county: Region, *, rng: random.Random, issuer: IdentityIssuer) -> int:
    cast = _Cast(county)
    villages = cast.villages()
    today = timezone.localdate()
    for index, story in enumerate(STORIES):
        _play(story, cast, rng, issuer, villages[index % len(villages)], today)
    return len(STORIES)
