"""Letter templates (交办函, 答复函) that staff edit in Word or WPS and upload as new versions.

A congress with no uploaded version uses the built-in default (``defaults.py``, made in code);
versions are never overwritten, so a letter can always be traced to the file that made it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    ASSIGNMENT = "assignment", _("交办函")
    REPLY = "reply", _("答复函")


class LetterTemplate(models.Model):
    congress = models.ForeignKey(
        "congresses.Congress", verbose_name=_("人民代表大会"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("公文种类"), max_length=20, choices=Kind.choices)
    version = models.PositiveIntegerField(_("版本"))
    file = models.FileField(upload_to="documents/templates/%Y/")
    original_name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)
    note = models.CharField(_("修改说明"), max_length=200, blank=True)
    is_active = models.BooleanField(_("使用中"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        verbose_name = _("公文模板")
        verbose_name_plural = _("公文模板")
        ordering = ["congress", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["congress", "kind", "version"], name="lettertemplate_version_once"
            ),
            # One template in use per congress and kind; none means the built-in default.
            models.UniqueConstraint(
                fields=["congress", "kind"], condition=Q(is_active=True), name="lettertemplate_one_active"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} 第{self.version}版"

    @property
    def scope_path(self) -> str:
        return self.congress.region.path
