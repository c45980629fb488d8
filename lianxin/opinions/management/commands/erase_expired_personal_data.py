"""Daily (cron): erase the personal data of opinions finished longer ago than the retention
period the processing notice promises. Safe to run again."""

from django.conf import settings
from django.core.management.base import BaseCommand

from lianxin.accounts.actor import Actor
from lianxin.opinions import retention


class Command(BaseCommand):
    help = (
        "删除办结满保存期限（LIANXIN_OPINION_RETENTION_YEARS）的群众意见中的手机号、姓名等个人信息；"
        "可重复运行。"
    )

    def handle(self, *args, **options):
        erased = retention.erase_expired(actor=Actor.system())
        self.stdout.write(
            f"已删除 {erased} 件意见中的个人信息（办结满 {settings.LIANXIN_OPINION_RETENTION_YEARS} 年）。"
        )
