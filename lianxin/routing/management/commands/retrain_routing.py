"""Nightly (cron): retrain each congress's 承办单位 model from its staff's finished assignments.

Idempotent: a region whose decisions have not changed since its model keeps that model."""

from django.core.management.base import BaseCommand, CommandError

from lianxin.accounts.actor import Actor
from lianxin.congresses.models import Congress
from lianxin.regions.models import Region
from lianxin.routing import training

MESSAGES = {
    "trained": "已训练新版本 {version}（{decisions} 条交办决定）",
    "unchanged": "交办决定没有变化，沿用 {version}",
    "too_few": "可用的交办决定不足（{decisions} 条，至少两个单位各有足够记录），未训练",
}


class Command(BaseCommand):
    help = "从各地已答复的交办记录重新训练承办单位建议模型；交办记录没有变化的地区跳过。"

    def add_arguments(self, parser):
        parser.add_argument("--region", help="只训练这个区划代码的人大（默认：所有人大）")
        parser.add_argument("--force", action="store_true", help="数据没有变化也重新训练")

    def handle(self, *args, region=None, force=False, **options):
        if region:
            regions = list(Region.objects.filter(code=region))
            if not regions:
                raise CommandError(f"没有区划代码为 {region} 的区域。")
        else:
            regions = [c.region for c in Congress.objects.select_related("region").order_by("region__path")]
        for item in regions:
            outcome = training.retrain(actor=Actor.system(), region=item, force=force)
            message = MESSAGES[outcome.status].format(
                version=outcome.model.version if outcome.model else "", decisions=outcome.decisions
            )
            self.stdout.write(f"{item.code} {item.name}：{message}")
