"""Delete audit events older than the retention period (never less than 180 days)."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from lianxin.accounts.actor import Actor
from lianxin.audit.models import Event
from lianxin.audit.recorder import record

LEGAL_MINIMUM_DAYS = 180


class Command(BaseCommand):
    help = "删除超过保存期限的审计记录（保存期限不少于 180 天）。"

    def handle(self, *args, **options):
        days = max(settings.LIANXIN_AUDIT_RETENTION_DAYS, LEGAL_MINIMUM_DAYS)
        cutoff = timezone.now() - timedelta(days=days)
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # The append-only trigger lets a DELETE through only with this flag, and only for
                # rows past the legal minimum, whatever this command computes.
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL lianxin.audit_purge = 'on'")
            deleted, _ = Event.objects.filter(at__lt=cutoff).delete()
            record(
                actor=Actor.system(),
                action="audit.events.purged",
                data={"deleted": deleted, "before": cutoff.isoformat(), "retention_days": days},
            )
        self.stdout.write(f"已删除 {cutoff:%Y-%m-%d} 之前的审计记录 {deleted} 条（保存期限 {days} 天）。")
