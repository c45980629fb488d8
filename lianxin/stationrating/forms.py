"""Forms of 星级评定. A template's dimensions and grades are typed one per line, like a notice."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lianxin import uploads
from lianxin.accounts.models import User
from lianxin.accounts.permissions import scope_filter
from lianxin.accounts.roles import Role
from lianxin.regions.models import Region
from lianxin.regions.scoping import RegionChoiceField, regions_in_scope
from lianxin.stationrating import access
from lianxin.stationrating.models import Template
from lianxin.stationrating.services import MAX_FILE_MB, MAX_FILES, DimensionSpec, GradeSpec

_SEPARATOR = re.compile(r"\s*[|｜]\s*")


def _number(text: str) -> Decimal | None:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() and value == value.quantize(Decimal("0.1")) else None


def parse_dimensions(text: str) -> list[DimensionSpec]:
    specs, errors = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = _SEPARATOR.split(line.strip(), maxsplit=2)
        points = _number(parts[1]) if len(parts) >= 2 else None
        if len(parts) < 2 or not parts[0] or points is None:
            errors.append(
                _("第 %(n)d 行应写成“项目｜分值｜评分标准”，分值为数字（最多一位小数）。") % {"n": number}
            )
            continue
        specs.append(DimensionSpec(parts[0][:50], points, parts[2] if len(parts) > 2 else ""))
    if errors:
        raise forms.ValidationError(errors)
    return specs


def parse_grades(text: str) -> list[GradeSpec]:
    specs, errors = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = _SEPARATOR.split(line.strip())
        numbers = [_number(part) for part in parts[1:]]
        if len(parts) != 3 or not parts[0] or None in numbers:
            errors.append(_("第 %(n)d 行应写成“等级｜最低分｜最高分”，分数为数字。") % {"n": number})
            continue
        specs.append(GradeSpec(parts[0][:30], numbers[0], numbers[1]))
    if errors:
        raise forms.ValidationError(errors)
    return specs


def dimensions_text(template: Template) -> str:
    return "\n".join(
        f"{d.name}｜{d.max_points.normalize():f}｜{d.criteria}".rstrip("｜")
        for d in template.dimensions.all()
    )


def grades_text(template: Template) -> str:
    return "\n".join(
        f"{g.name}｜{g.min_score.normalize():f}｜{g.max_score.normalize():f}" for g in template.grades.all()
    )


class TemplateForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=100)
    region = RegionChoiceField(label=_("适用区域"), queryset=Region.objects.none())
    total_points = forms.IntegerField(label=_("总分"), min_value=1, max_value=1000, initial=100)
    description = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    dimensions = forms.CharField(
        label=_("评定项目"),
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text=_("每行一项：项目｜分值｜评分标准。各项分值合计应等于总分。"),
    )
    grades = forms.CharField(
        label=_("评定等级"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "每行一级：等级｜最低分｜最高分。得分不低于最低分、低于最高分即为该等级（最高一级含总分）；"
            "各级分数段不能重叠。可以是“样板站、出色站、合格站”，也可以是一星到五星。"
        ),
    )

    def __init__(self, *args, instance=None, user, **kwargs):
        if instance is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": instance.name,
                    "region": instance.region,
                    "total_points": instance.total_points,
                    "description": instance.description,
                    "dimensions": dimensions_text(instance),
                    "grades": grades_text(instance),
                },
            )
        super().__init__(*args, **kwargs)
        self.instance = instance
        self.fields["region"].queryset = regions_in_scope(
            user, access.MANAGE_TEMPLATE, max_level=Region.Level.TOWNSHIP
        )
        if instance is not None:
            # The template stays where it was made; only its content changes.
            self.fields["region"].disabled = True

    def clean_dimensions(self):
        return parse_dimensions(self.cleaned_data["dimensions"])

    def clean_grades(self):
        return parse_grades(self.cleaned_data["grades"])


def assessor_choices(user):
    """People who may assess: staff, leaders and deputies within the organiser's scope."""
    return (
        User.objects.filter(
            Q(memberships__role__in=[Role.STAFF, Role.LEADER, Role.DEPUTY]),
            scope_filter(user, access.MANAGE_ROUND, "memberships__region__path"),
            is_active=True,
        )
        .distinct()
        .order_by("name")
    )


class AssessorField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name or obj.username


class RoundForm(forms.Form):
    name = forms.CharField(
        label=_("名称"), max_length=100, help_text=_("例如：2025—2026年度代表联络站星级评定")
    )
    template = forms.ModelChoiceField(label=_("评定标准"), queryset=Template.objects.none())
    region = RegionChoiceField(label=_("评定范围"), queryset=Region.objects.none())
    apply_until = forms.DateField(label=_("申报截止日期"), widget=forms.DateInput(attrs={"type": "date"}))
    valid_until = forms.DateField(
        label=_("结果有效期至"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("不填则一直有效，直到下一轮评定公布。"),
    )
    assessors = AssessorField(
        label=_("评审人"), queryset=User.objects.none(), widget=forms.SelectMultiple(attrs={"size": 6})
    )
    min_assessors = forms.IntegerField(label=_("每份申报至少评分人数"), min_value=1, max_value=20, initial=2)

    def __init__(self, *args, instance=None, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = Template.objects.filter(
            scope_filter(user, access.VIEW_TEMPLATE, "region__path")
        )
        self.fields["region"].queryset = regions_in_scope(
            user, access.MANAGE_ROUND, max_level=Region.Level.TOWNSHIP
        )
        self.fields["assessors"].queryset = assessor_choices(user)


def _points_field(dimension, label) -> forms.DecimalField:
    return forms.DecimalField(
        label=_("%(name)s %(label)s（满分 %(max)s）")
        % {"name": dimension.name, "label": label, "max": f"{dimension.max_points.normalize():f}"},
        max_digits=5,
        decimal_places=1,
        help_text=dimension.criteria,
    )


class ApplicationForm(forms.Form):
    station = forms.ModelChoiceField(label=_("申报阵地"), queryset=None, empty_label=None)
    statement = forms.CharField(
        label=_("申报说明"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("阵地建设、活动开展、意见办理等情况的概述。"),
    )

    def __init__(self, *args, round, stations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = stations
        self.dimensions = list(round.template.dimensions.all())
        for dimension in self.dimensions:
            self.fields[f"points_{dimension.pk}"] = _points_field(dimension, _("自评分"))
            self.fields[f"evidence_{dimension.pk}"] = forms.CharField(
                label=_("%(name)s 佐证材料") % {"name": dimension.name},
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("台账、照片、制度文件等的说明或存放位置。"),
            )

        self.fields["files"] = uploads.FilesField(
            label=_("佐证材料文件（可不传）"),
            required=False,
            widget=uploads.MultipleFileInput(attrs={"accept": uploads.ACCEPT}),
            help_text=_(
                "场所照片、制度文件、台账扫描件等：图片（JPEG、PNG）或 PDF，"
                "每个不超过 %(mb)d MB，最多 %(n)d 个。"
            )
            % {"mb": MAX_FILE_MB, "n": MAX_FILES},
        )

    def points(self) -> dict:
        return {d.pk: self.cleaned_data.get(f"points_{d.pk}") for d in self.dimensions}

    def evidence(self) -> dict:
        return {d.pk: self.cleaned_data.get(f"evidence_{d.pk}", "") for d in self.dimensions}


class ScoreForm(forms.Form):
    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.dimensions = list(application.round.template.dimensions.all())
        for dimension in self.dimensions:
            self.fields[f"points_{dimension.pk}"] = _points_field(dimension, _("得分"))
        self.fields["comment"] = forms.CharField(
            label=_("评审意见"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
        )

    def points(self) -> dict:
        return {d.pk: self.cleaned_data.get(f"points_{d.pk}") for d in self.dimensions}
