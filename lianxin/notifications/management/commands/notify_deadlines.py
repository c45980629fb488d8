"""Daily (cron): remind units of assignments due soon or overdue. Safe to run more than once."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from lianxin.notifications.deadlines import remind
from lianxin.notifications.models import Kind


class Command(BaseCommand):
    help = "生成临期、逾期提醒（每个交办每类每天至多一次，可重复运行）。"

    def handle(self, *args, **options):
        made = remind(timezone.localdate())
        soon, overdue = made[Kind.DUE_SOON], made[Kind.OVERDUE]
        self.stdout.write(f"新增临期提醒 {soon} 条、逾期提醒 {overdue} 条（今天已提醒过的不再重复）。")
