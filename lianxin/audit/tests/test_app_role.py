import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from lianxin.accounts.actor import Actor
from lianxin.audit.recorder import record

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="需要 PostgreSQL（设置 DATABASE_URL）"),
]

ROLE = "lianxin_test_app"


@pytest.fixture
def app_role(db):
    with connection.cursor() as cursor:
        cursor.execute(f"DROP ROLE IF EXISTS {ROLE}")
        cursor.execute(f"CREATE ROLE {ROLE}")
    call_command("grant_app_role", ROLE, stdout=open("/dev/null", "w"))  # noqa: SIM115
    yield ROLE
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")


def _as_app(statement: str, params=()):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {ROLE}")
        cursor.execute(statement, params)
        return cursor.rowcount


def test_the_runtime_role_can_write_business_rows_and_add_events(app_role, world):
    assert _as_app("UPDATE deputies_deputy SET workplace = 'x' WHERE id = %s", [world.east_deputy.pk]) == 1
    columns = "at, actor_name, role, action, target_id, target_repr, scope_path, changes, data"
    values = "now(), '', 'system', 'audit.events.purged', '', '', '', '{}', '{}'"
    inserted = _as_app(f"INSERT INTO audit_event ({columns}) VALUES ({values})")  # noqa: S608 - constants.
    assert inserted == 1


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_event SET action = 'forged'", "DELETE FROM audit_event", "TRUNCATE audit_event"],
)
def test_the_runtime_role_cannot_change_events(app_role, world, statement):
    record(actor=Actor.system(), action="audit.events.purged")
    with pytest.raises(DatabaseError, match="permission denied"):
        _as_app(statement)
