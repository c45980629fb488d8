"""Every few minutes (cron): compute the 回音壁's figures ahead of its visitors. Safe to run again."""

from django.core.management.base import BaseCommand

from lianxin.opinions import wall_figures


class Command(BaseCommand):
    help = "预先计算回音壁的统计数字（受理、答复、按期答复、满意率），使访问者无需等待计算；可重复运行。"

    def handle(self, *args, **options):
        table = wall_figures.refresh()
        self.stdout.write(f"已更新回音壁统计（{len(table['counties'])} 个县级区域）。")
