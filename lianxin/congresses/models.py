from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lianxin.congresses.numerals import chinese_number


class Congress(models.Model):
    """The people's congress of a region (county level and above, or a township)."""

    region = models.OneToOneField(
        "regions.Region", verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="congress"
    )
    name = models.CharField(_("名称"), max_length=100, help_text=_("例如：某某县人民代表大会"))

    class Meta:
        verbose_name = _("人民代表大会")
        verbose_name_plural = _("人民代表大会")
        ordering = ["region__path"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("congresses:detail", args=[self.pk])

    @property
    def scope_path(self) -> str:
        return self.region.path

    @property
    def level(self) -> int:
        return self.region.level

    def clean(self) -> None:
        from lianxin.regions.models import Region

        if self.region_id and self.region.level > Region.Level.TOWNSHIP:
            raise ValidationError({"region": _("只有省、市、县、乡镇设立人民代表大会。")})

    def current_term(self) -> "Term | None":
        return self.terms.order_by("-number").first()


class Term(models.Model):
    """届: a congress term, normally five years."""

    congress = models.ForeignKey(
        Congress, verbose_name=_("人民代表大会"), on_delete=models.PROTECT, related_name="terms"
    )
    number = models.PositiveSmallIntegerField(_("届次"))
    start_date = models.DateField(_("起始日期"))
    end_date = models.DateField(_("届满日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("届次")
        verbose_name_plural = _("届次")
        ordering = ["congress", "-number"]
        constraints = [models.UniqueConstraint(fields=["congress", "number"], name="term_unique_number")]

    def __str__(self) -> str:
        return f"{self.congress.name}第{chinese_number(self.number)}届"

    def get_absolute_url(self) -> str:
        # A term and everything organised in it are shown on the congress page.
        return reverse("congresses:detail", args=[self.congress_id]) + f"#term-{self.pk}"

    @property
    def short_name(self) -> str:
        return f"第{chinese_number(self.number)}届"

    @property
    def scope_path(self) -> str:
        return self.congress.region.path

    def clean(self) -> None:
        if self.end_date and self.start_date and self.end_date <= self.start_date:
            raise ValidationError({"end_date": _("届满日期必须晚于起始日期。")})


class Session(models.Model):
    """第N次会议: a plenary session of a term."""

    term = models.ForeignKey(Term, verbose_name=_("届次"), on_delete=models.PROTECT, related_name="sessions")
    number = models.PositiveSmallIntegerField(_("会次"))
    start_date = models.DateField(_("开幕日期"))
    end_date = models.DateField(_("闭幕日期"))

    class Meta:
        verbose_name = _("会议")
        verbose_name_plural = _("会议")
        ordering = ["term", "-number"]
        constraints = [models.UniqueConstraint(fields=["term", "number"], name="session_unique_number")]

    def __str__(self) -> str:
        return f"{self.term}第{chinese_number(self.number)}次会议"

    def get_absolute_url(self) -> str:
        return self.term.get_absolute_url()

    @property
    def scope_path(self) -> str:
        return self.term.congress.region.path

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("闭幕日期不能早于开幕日期。")})


class TermPart(models.Model):
    """Something organised within one term: delegations, deputies' groups, constituencies."""

    term = models.ForeignKey(Term, verbose_name=_("届次"), on_delete=models.PROTECT)
    name = models.CharField(_("名称"), max_length=100)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("所在区域"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True
        ordering = ["term", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return self.term.get_absolute_url()

    @property
    def scope_path(self) -> str:
        return self.region.path

    def clean(self) -> None:
        if (
            self.term_id
            and self.region_id
            and not self.region.path.startswith(self.term.congress.region.path)
        ):
            raise ValidationError({"region": _("所在区域必须在该人大的行政区划之内。")})


class Delegation(TermPart):
    """代表团: deputies grouped for a session, usually by township or sector."""

    class Meta(TermPart.Meta):
        verbose_name = _("代表团")
        verbose_name_plural = _("代表团")
        constraints = [models.UniqueConstraint(fields=["term", "name"], name="delegation_unique_name")]


class DeputyGroup(TermPart):
    """代表小组: deputies who act together between sessions."""

    class Meta(TermPart.Meta):
        verbose_name = _("代表小组")
        verbose_name_plural = _("代表小组")
        constraints = [models.UniqueConstraint(fields=["term", "name"], name="deputygroup_unique_name")]


class Constituency(TermPart):
    """选区: the electoral district a directly elected deputy represents."""

    class Meta(TermPart.Meta):
        verbose_name = _("选区")
        verbose_name_plural = _("选区")
        constraints = [models.UniqueConstraint(fields=["term", "name"], name="constituency_unique_name")]
