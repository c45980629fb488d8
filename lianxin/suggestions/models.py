from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Suggestion(models.Model):
    """代表建议: a deputy's suggestion, criticism or opinion to the congress.

    Only drafts exist so far: a citizen's opinion turned over to a deputy becomes one. The
    full 议案建议 module (submission, co-signers, review, 交办) builds on this model.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("已提交")

    deputy = models.ForeignKey(
        "deputies.Deputy", verbose_name=_("代表"), on_delete=models.PROTECT, related_name="suggestions"
    )
    congress = models.ForeignKey(
        "congresses.Congress", verbose_name=_("人民代表大会"), on_delete=models.PROTECT, related_name="+"
    )
    # Where the matter lies: the scope in which staff see the suggestion.
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("所涉区域"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("标题"), max_length=100)
    content = models.TextField(_("内容"))
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    source_opinion = models.OneToOneField(
        "opinions.Opinion",
        verbose_name=_("来源群众意见"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="suggestion",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        verbose_name = _("代表建议")
        verbose_name_plural = _("代表建议")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("suggestions:detail", args=[self.pk])

    @property
    def scope_path(self) -> str:
        return self.region.path
