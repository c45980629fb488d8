"""Every few minutes (cron): close ended 云接待 sessions; their unanswered questions become opinions.

Safe to run again: a closed session is skipped, so each question becomes an opinion once."""

from django.core.management.base import BaseCommand

from lianxin.onlinestation import services


class Command(BaseCommand):
    help = "关闭已到结束时间的云接待，把未答复的留言转入民意直通车；可重复运行，每条留言只转一次。"

    def handle(self, *args, **options):
        sessions, opinions = services.close_ended_sessions(actor=services.closing_actor())
        self.stdout.write(f"已关闭 {sessions} 场云接待，{opinions} 条未答复留言转入民意直通车。")
