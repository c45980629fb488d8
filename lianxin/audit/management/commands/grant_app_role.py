"""Give the runtime database role what it needs, and no more (PostgreSQL only).

Run as the role that owns the tables, after `migrate`. The application then connects as the
runtime role, which can read and write business tables but can only SELECT and INSERT audit
events: no UPDATE, DELETE or TRUNCATE, on top of the append-only trigger.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from psycopg import sql

from lianxin.audit.models import Event


class Command(BaseCommand):
    help = "为应用运行时的数据库角色授权（审计表只允许查询和插入）。"

    def add_arguments(self, parser):
        parser.add_argument("role", help="运行时数据库角色，例如 lianxin_app")

    def handle(self, *args, role, **options):
        if connection.vendor != "postgresql":
            raise CommandError("只适用于 PostgreSQL。")
        audit_table = sql.Identifier(Event._meta.db_table)
        target = sql.Identifier(role)
        statements = [
            sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(target),
            sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}").format(
                target
            ),
            sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}").format(target),
            sql.SQL("REVOKE UPDATE, DELETE, TRUNCATE ON {} FROM {}").format(audit_table, target),
        ]
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        self.stdout.write(f"已为 {role} 授权；审计表 {Event._meta.db_table} 只允许查询和插入。")
