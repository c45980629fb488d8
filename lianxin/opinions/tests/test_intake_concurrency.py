"""A double click sends the same form twice at the same moment: exactly one opinion comes of it."""

import threading

import pytest
from django.db import connection
from django.test import Client

from lianxin.accounts.actor import Actor
from lianxin.audit.models import Event
from lianxin.opinions import intake
from lianxin.opinions.models import Opinion
from lianxin.opinions.tests.intake_fixtures import (  # noqa: F401
    FORM_URL,
    PHONE,
    _empty_outbox,
    _uploads_in_a_temporary_folder,
    form_data,
    last_code,
    outbox,
)

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="需要 PostgreSQL（设置 DATABASE_URL）"
)


@pytest.mark.postgres
@on_postgres
@pytest.mark.django_db(transaction=True)
def test_two_copies_of_one_form_posted_at_once_make_one_opinion(world):
    intake.send_code(actor=Actor(user=None, role="citizen"), phone=PHONE)
    data = form_data(world, code=last_code())
    start = threading.Barrier(2)
    outcomes = []

    def post():
        try:
            client = Client()
            start.wait()
            response = client.post(FORM_URL, data)
            outcomes.append((response.status_code, response.get("Location")))
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _copy in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Both answers show the one tracking code: whichever the browser keeps, the citizen sees it.
    assert outcomes == [(302, "/yijian/done/"), (302, "/yijian/done/")]
    assert Opinion.objects.count() == 1
    assert Event.objects.filter(action="opinions.opinion.submitted").count() == 1
    assert sum(1 for to, text in outbox() if "查询码" in text) == 1
