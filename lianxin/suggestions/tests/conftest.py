import datetime
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lianxin.accounts.actor import Actor
from lianxin.accounts.models import Membership, User
from lianxin.accounts.roles import Role
from lianxin.conftest import PASSWORD
from lianxin.deputies.models import Deputy, Seat
from lianxin.suggestions import services
from lianxin.suggestions.models import Stage


def actor(user) -> Actor:
    return Actor(user=user, role="")


def pdf(name="答复函.pdf") -> SimpleUploadedFile:
    """A minimal real PDF: the upload checks read its header and trailer."""
    body = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def _deputy_with_account(world, username, name):
    deputy = Deputy.objects.create(name=name, region=world.east)
    Seat.objects.create(deputy=deputy, term=world.county_term)
    user = User.objects.create_user(username=username, password=PASSWORD, name=name)
    Membership.objects.create(user=user, role=Role.DEPUTY, region=world.county)
    deputy.user = user
    deputy.save(update_fields=["user"])
    return deputy


@pytest.fixture
def people(world):
    """The lead (the world's deputy persona) and two co-signers with accounts of their own."""
    return SimpleNamespace(
        lead=world.east_deputy,
        li=_deputy_with_account(world, "li", "李联名"),
        zhao=_deputy_with_account(world, "zhao", "赵联名"),
    )


VALUES = {
    "title": "关于东城路增设人行横道的建议",
    "content": "东城路小学门口车流量大，学生过马路危险。建议增设人行横道和信号灯，上下学时段安排交警值守。",
    "category": "交通运输",
    "stage": Stage.RECESS,
    "session": None,
}


def drafted(world, people, **changes):
    return services.create_draft(
        actor=actor(world.deputy),
        region=world.east,
        values={"congress": world.county_congress, **VALUES, **changes},
        cosigners=[people.li, people.zhao],
    )


def submitted(world, people):
    suggestion = drafted(world, people)
    services.submit(actor=actor(world.deputy), suggestion=suggestion)
    for deputy in (people.li, people.zhao):
        services.answer_invitation(actor=actor(deputy.user), suggestion=suggestion, agree=True)
    suggestion.refresh_from_db()
    return suggestion


def accepted(world, people):
    suggestion = submitted(world, people)
    return services.accept(actor=actor(world.staff), suggestion=suggestion)


DAY = datetime.date
