from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    """A node of the administrative tree: 省 / 市 / 县 / 乡镇街道 / 村社区 / 网格.

    ``path`` lists the codes from the root down ("/33/3302/330212/"), so a user's scope is
    a prefix test and a subtree is one indexed LIKE query.
    """

    class Level(models.IntegerChoices):
        PROVINCE = 1, _("省")
        CITY = 2, _("市")
        COUNTY = 3, _("县（区）")
        TOWNSHIP = 4, _("乡镇（街道）")
        VILLAGE = 5, _("村（社区）")
        GRID = 6, _("网格")

    name = models.CharField(_("名称"), max_length=100)
    code = models.CharField(
        _("区划代码"),
        max_length=20,
        unique=True,
        help_text=_("统计用区划代码；网格可用所属村社区代码加序号。"),
    )
    level = models.PositiveSmallIntegerField(_("层级"), choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    path = models.CharField(_("路径"), max_length=255, db_index=True, editable=False)

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # The path is derived data: keep it in step with code and parent on every save.
        self.path = self.path_for(self.code, self.parent)
        if "update_fields" in kwargs and kwargs["update_fields"] is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "path"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("regions:detail", args=[self.pk])

    @property
    def scope_path(self) -> str:
        return self.path

    def clean(self) -> None:
        if self.parent is None:
            return
        if self.level != self.parent.level + 1:
            raise ValidationError(
                {
                    "level": _("层级必须比上级（%(parent)s）低一级。")
                    % {"parent": self.parent.get_level_display()}
                }
            )
        if self.pk and f"/{self.code}/" in self.parent.path:
            raise ValidationError({"parent": _("不能把行政区划移到它自己的下级之下。")})

    @staticmethod
    def path_for(code: str, parent: "Region | None") -> str:
        return (parent.path if parent else "/") + code + "/"

    def covers(self, path: str) -> bool:
        return path.startswith(self.path)

    def ancestors(self) -> list["Region"]:
        codes = self.path.strip("/").split("/")[:-1]
        by_code = {r.code: r for r in Region.objects.filter(code__in=codes)}
        return [by_code[c] for c in codes if c in by_code]

    def full_name(self) -> str:
        return "".join(r.name for r in [*self.ancestors(), self] if r.level >= Region.Level.CITY)
