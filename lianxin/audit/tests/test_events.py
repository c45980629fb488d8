import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from lianxin.accounts.actor import Actor
from lianxin.audit.models import Event
from lianxin.audit.presentation import timeline_entries
from lianxin.audit.recorder import record
from lianxin.audit.writes import update_recorded
from lianxin.deputies.models import Deputy

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="需要 PostgreSQL（设置 DATABASE_URL）"
)


def test_it_records_who_did_what_to_which_object_from_where(world):
    actor = Actor(user=world.staff, role="staff", ip="10.1.2.3")
    event = record(
        actor=actor, action="deputies.deputy.updated", target=world.east_deputy, data={"why": "测试"}
    )
    assert event.actor == world.staff
    assert event.actor_name == "刘工委（staff）"
    assert (event.role, event.ip) == ("staff", "10.1.2.3")
    assert event.target_type == ContentType.objects.get_for_model(Deputy)
    assert event.target_id == str(world.east_deputy.pk)
    assert event.scope_path == world.east_village.path


def test_an_update_records_before_and_after_with_personal_data_masked(world):
    actor = Actor(user=world.staff, role="staff", ip=None)
    update_recorded(
        world.east_deputy,
        actor=actor,
        action="deputies.deputy.updated",
        values={"workplace": "东城镇农技站", "phone": "13899995678"},
    )
    event = Event.objects.get(action="deputies.deputy.updated")
    assert event.changes["workplace"] == ["", "东城镇农技站"]
    before, after = event.changes["phone"]
    # Same mask, different keyed fingerprints: the change is visible, the numbers are not.
    assert before["masked"] == after["masked"] == "138****5678"
    assert before["fingerprint"] != after["fingerprint"]
    assert "13812345678" not in str(event.changes)
    assert "13899995678" not in str(event.changes)
    entry = timeline_entries(world.east_deputy)[0]
    assert entry["label"] == "修改代表信息"
    assert ("工作单位", "—", "东城镇农技站") in entry["changes"]


def test_an_update_that_changes_nothing_records_nothing(world):
    update_recorded(
        world.east_deputy, actor=Actor.system(), action="deputies.deputy.updated", values={"name": "王建国"}
    )
    assert not Event.objects.filter(action="deputies.deputy.updated").exists()


def test_every_action_code_has_a_chinese_label():
    from lianxin.audit.labels import known_actions, label_for

    assert len(known_actions()) > 20
    for code in known_actions():
        assert code.count(".") >= 2, code
        assert label_for(code) != code


@pytest.mark.postgres
@on_postgres
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_event SET action = 'forged' WHERE id = %s",
        "DELETE FROM audit_event WHERE id = %s",
    ],
)
def test_the_database_refuses_to_rewrite_or_delete_events(world, statement):
    event = record(actor=Actor.system(), action="audit.events.purged", data={})
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement, [event.pk])
    event.refresh_from_db()
    assert event.action == "audit.events.purged"


@pytest.mark.postgres
@on_postgres
def test_the_orm_cannot_bypass_it_either(world):
    record(actor=Actor.system(), action="audit.events.purged", data={})
    with pytest.raises(DatabaseError), transaction.atomic():
        Event.objects.update(action="forged")
    with pytest.raises(DatabaseError), transaction.atomic():
        Event.objects.all().delete()
    assert Event.objects.filter(action="forged").count() == 0


def _delete_with_purge_flag(pk):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL lianxin.audit_purge = 'on'")
        cursor.execute("DELETE FROM audit_event WHERE id = %s", [pk])


@pytest.mark.postgres
@on_postgres
def test_even_the_purge_flag_cannot_delete_events_younger_than_180_days(world):
    event = record(actor=Actor.system(), action="audit.events.purged", data={})
    with pytest.raises(DatabaseError, match="append-only"):
        _delete_with_purge_flag(event.pk)
    assert Event.objects.filter(pk=event.pk).exists()


def _backdate(days: int) -> Event:
    # Events are inserted with their time; an old one is simply inserted with an old time.
    return Event.objects.create(
        action="audit.events.purged", at=timezone.now() - datetime.timedelta(days=days)
    )


def test_purging_keeps_everything_within_the_retention_period(world, settings):
    settings.LIANXIN_AUDIT_RETENTION_DAYS = 200
    old, kept, recent = _backdate(400), _backdate(190), _backdate(10)
    call_command("purge_audit_events", stdout=open("/dev/null", "w"))  # noqa: SIM115
    remaining = set(Event.objects.values_list("pk", flat=True))
    assert old.pk not in remaining
    assert {kept.pk, recent.pk} <= remaining
    assert Event.objects.filter(action="audit.events.purged", data__deleted=1).exists()


def test_retention_below_180_days_is_refused(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from lianxin.settings.env import env_int

    monkeypatch.setenv("LIANXIN_AUDIT_RETENTION_DAYS", "90")
    with pytest.raises(ImproperlyConfigured, match="180"):
        env_int("LIANXIN_AUDIT_RETENTION_DAYS", 365, minimum=180)
