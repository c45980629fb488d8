from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RoutingModel(models.Model):
    """One trained version of a region's 承办单位 suggestion model (a file under var/routing/).

    A region's units differ from every other region's, so each congress's region learns its
    own from its staff's finished assignments. The newest row of a region is the model in use;
    older rows stay so that staff can see which version made a suggestion and how it scored.
    """

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("区域"), on_delete=models.PROTECT, related_name="+"
    )
    version = models.CharField(_("版本"), max_length=40, unique=True)
    trained_at = models.DateTimeField(_("训练时间"), default=timezone.now)
    decisions = models.PositiveIntegerField(_("训练用交办决定数"))
    units = models.PositiveIntegerField(_("可建议的单位数"))
    data_sha256 = models.CharField(_("训练数据哈希"), max_length=64)
    file_name = models.CharField(_("模型文件"), max_length=200)
    file_sha256 = models.CharField(_("模型文件哈希"), max_length=64)
    # Held-out figures: {"held_out": n, "top1": x, "top3": y} or {"held_out": 0} when too few.
    figures = models.JSONField(_("测试指标"), default=dict)

    class Meta:
        verbose_name = _("承办单位建议模型")
        verbose_name_plural = _("承办单位建议模型")
        ordering = ["region__path", "-trained_at", "-pk"]
        indexes = [models.Index(fields=["region", "-trained_at"], name="routingmodel_current")]

    def __str__(self) -> str:
        return self.version

    @property
    def scope_path(self) -> str:
        return self.region.path
