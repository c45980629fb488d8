import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lianxin.regions.scoping import RegionChoiceField

DEFAULT_DAYS = 90
MAX_DAYS = 366


class PeriodForm(forms.Form):
    region = RegionChoiceField(label=_("区域"), queryset=None, empty_label=None)
    start = forms.DateField(label=_("开始日期"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("结束日期"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, data, *, regions):
        today = timezone.localdate()
        super().__init__(
            data,
            initial={
                "region": regions.first(),
                "start": today - datetime.timedelta(days=DEFAULT_DAYS),
                "end": today,
            },
        )
        self.fields["region"].queryset = regions

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("结束日期不能早于开始日期。"))
            elif (end - start).days >= MAX_DAYS:
                self.add_error("end", _("一次最多分析一年（%(days)d 天）内的意见。") % {"days": MAX_DAYS})
        return cleaned


class ReviewForm(forms.Form):
    note = forms.CharField(
        label=_("审核意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )
