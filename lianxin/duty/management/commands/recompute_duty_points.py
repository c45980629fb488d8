from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lianxin.accounts.actor import Actor
from lianxin.duty import services
from lianxin.regions.models import Region


class Command(BaseCommand):
    help = gettext_lazy(
        "重新汇总履职记录，并按各级人大现行积分规则计算一个地区内全部代表的年度积分和排名（记录审计事件）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--region", required=True, help=str(gettext_lazy("行政区划代码，例如 33 为全省")))
        parser.add_argument("--year", type=int, default=None, help=str(gettext_lazy("年度，默认今年")))

    def handle(self, *args, region: str, year: int | None, **options):
        place = Region.objects.filter(code=region).first()
        if place is None:
            raise CommandError(_("没有代码为 %(code)s 的行政区划。") % {"code": region})
        year = year or timezone.localdate().year
        summary = services.recompute_region(actor=Actor.system(), region=place, year=year)
        self.stdout.write(
            _("%(region)s %(year)d 年：%(congresses)d 个人大，%(seats)d 个代表资格已计分。")
            % {
                "region": place.name,
                "year": year,
                "congresses": summary["congresses"],
                "seats": summary["seats"],
            }
        )
