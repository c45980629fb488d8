import time
import unicodedata

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lianxin.demo import seeding
from lianxin.demo.personas import PASSWORD, existing_personas
from lianxin.demo.scales import SCALES
from lianxin.demo.station_work import seed_station_work
from lianxin.duty.demo import seed_duty

COUNT_LABELS = {
    "regions": gettext_lazy("行政区划"),
    "congresses": gettext_lazy("人民代表大会"),
    "terms": gettext_lazy("届次"),
    "sessions": gettext_lazy("会议"),
    "delegations": gettext_lazy("代表团"),
    "deputy_groups": gettext_lazy("代表小组"),
    "constituencies": gettext_lazy("选区"),
    "deputies": gettext_lazy("人大代表（人）"),
    "seats": gettext_lazy("代表资格"),
    "deputies_with_several_seats": gettext_lazy("其中兼任多级代表（人）"),
    "stations": gettext_lazy("履职阵地"),
    "units": gettext_lazy("承办单位"),
    "unit_contacts": gettext_lazy("承办单位联系人"),
    "accounts": gettext_lazy("账户"),
    "opinions": gettext_lazy("群众意见（演示故事）"),
    "suggestions": gettext_lazy("代表建议（演示故事）"),
}


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for index, row in enumerate(rows):
        lines.append(
            "  ".join(cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row)).rstrip()
        )
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


class Command(BaseCommand):
    help = gettext_lazy(
        "生成演示数据：示范省 > 同心市 > 连心县……的行政区划、各级人大与届次、人大代表及其代表资格、"
        "履职阵地、承办单位，以及每个角色一个演示账户（密码均为 Lianxin@2026）。"
        "这是批量装载：不逐条记录审计事件，只记录一条“生成演示数据”（demo.data.seeded）事件，附各类数量。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            choices=list(SCALES),
            default="county",
            help=str(
                gettext_lazy(
                    "规模：county 为一个县（约 1,100 名代表），city 为一个市的 8 个县，"
                    "province 为 14 个市约 100 个县（约 11 万名代表，用于压力测试）。"
                )
            ),
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help=str(gettext_lazy("数据库中已有数据时不生成任何数据，只再次列出演示账户。")),
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=2026,
            help=str(gettext_lazy("随机数种子：同一种子生成完全相同的数据。")),
        )

    def handle(self, *args, scale: str, if_empty: bool, seed: int, **options):
        if seeding.has_data():
            if not if_empty:
                raise CommandError(
                    _(
                        "数据库中已有数据，没有生成演示数据。"
                        "只想列出演示账户请加 --if-empty；要重新生成请使用空数据库。"
                    )
                )
            self.stdout.write(_("数据库中已有数据，没有生成新的演示数据。"))
        else:
            self.stdout.write(
                _("正在生成演示数据（规模：%(scale)s，种子：%(seed)d）……") % {"scale": scale, "seed": seed}
            )
            started = time.monotonic()
            loaded = seeding.seed(scale=scale, seed=seed, progress=self._progress)
            seed_duty(seed=seed)
            seed_station_work()
            elapsed = time.monotonic() - started
            self.stdout.write(
                _table(
                    [(_("类别"), _("数量")), *((str(COUNT_LABELS[k]), f"{v:,}") for k, v in loaded.items())]
                )
            )
            self.stdout.write(_("用时 %(seconds).1f 秒。") % {"seconds": elapsed})
        self._print_accounts()

    def _progress(self, done: int, total: int) -> None:
        if total > 1 and (done % 10 == 0 or done == total):
            self.stdout.write(_("已生成 %(done)d / %(total)d 个县。") % {"done": done, "total": total})

    def _print_accounts(self) -> None:
        present = existing_personas()
        if not present:
            self.stdout.write(_("数据库中没有演示账户。"))
            return
        rows = [
            (_("角色"), _("用户名"), _("密码")),
            *((p.role_label(), p.username, PASSWORD) for p in present),
        ]
        self.stdout.write(_("演示账户："))
        self.stdout.write(_table(rows))
