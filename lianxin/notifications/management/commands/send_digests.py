"""Daily (cron): send each digest user one summary of the day's messages. Safe to run again."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from lianxin.notifications.digests import send_digests


class Command(BaseCommand):
    help = "为选择“每日汇总”的用户发送当天的消息汇总（每人每天一份，可重复运行）。"

    def handle(self, *args, **options):
        sent = send_digests(timezone.localdate())
        self.stdout.write(f"已发送每日汇总 {sent} 份。")
