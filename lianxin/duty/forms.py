from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lianxin import uploads
from lianxin.accounts.permissions import scope_filter
from lianxin.congresses.models import Congress
from lianxin.deputies.choices import SeatStatus
from lianxin.deputies.models import Deputy
from lianxin.duty.access import VIEW
from lianxin.duty.models import Attendance, Meeting, PointRule, SelfReport, VoterReport
from lianxin.regions.models import Region
from lianxin.regions.scoping import RegionChoiceField, filter_regions


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SelfReportForm(forms.ModelForm):
    evidence = uploads.FilesField(
        label=_("佐证材料"),
        required=False,
        widget=uploads.MultipleFileInput(attrs={"accept": uploads.ACCEPT}),
        help_text=_("现场照片、通知或报告：图片（JPEG、PNG）或 PDF，最多 9 个，每个不超过 10 MB。"),
    )

    class Meta:
        model = SelfReport
        fields = ["kind", "occurred_on", "title", "place", "content"]
        widgets = {"occurred_on": _date_widget(), "content": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("退回理由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=500, required=False
    )


class CongressYearForm(forms.Form):
    """Which congress and year the points screen shows."""

    congress = forms.ModelChoiceField(label=_("人大"), queryset=Congress.objects.none(), required=False)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, required=False)

    def __init__(self, *args, user, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["congress"].queryset = Congress.objects.filter(
            scope_filter(user, permission, "region__path")
        ).select_related("region")
        for field in self.fields.values():
            field.widget.attrs["data-autosubmit"] = ""


class PointRuleForm(forms.ModelForm):
    class Meta:
        model = PointRule
        fields = ["kind", "points", "yearly_cap", "requires_evidence"]

    def __init__(self, *args, user=None, congress=None, **kwargs):
        super().__init__(*args, **kwargs)
        if congress is not None:
            self.instance.congress = congress

    def _post_clean(self):
        # The service validates (and names the clash of two rules for one kind); the form only parses.
        pass


class PublishForm(forms.Form):
    quarter = forms.TypedChoiceField(
        label=_("季度"), coerce=int, choices=[(q, _("第%(q)d季度") % {"q": q}) for q in range(1, 5)]
    )


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["congress", "type", "title", "held_on", "place", "content"]
        widgets = {"held_on": _date_widget(), "content": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["congress"].queryset = Congress.objects.filter(
            scope_filter(user, "duty.change_meeting", "region__path")
        ).select_related("region")


class InviteForm(forms.Form):
    deputies = forms.ModelMultipleChoiceField(
        label=_("代表"), queryset=Deputy.objects.none(), widget=forms.SelectMultiple(attrs={"size": 10})
    )
    role = forms.ChoiceField(label=_("身份"), choices=Attendance.Role.choices)
    everyone = forms.BooleanField(label=_("本届全体代表"), required=False)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        region = meeting.congress.region
        self.fields["deputies"].queryset = Deputy.objects.filter(
            region__path__startswith=region.path
        ).order_by("name")
        self.fields["deputies"].required = False
        self.meeting = meeting

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("everyone"):
            term = self.meeting.congress.current_term()
            cleaned["deputies"] = list(
                Deputy.objects.filter(seats__term=term, seats__status=SeatStatus.SERVING) if term else []
            )
        if not cleaned.get("deputies"):
            self.add_error("deputies", _("请选择代表，或勾选本届全体代表。"))
        return cleaned


class AttendanceForm(forms.Form):
    status = forms.ChoiceField(
        label=_("出勤"),
        choices=[(s.value, s.label) for s in Attendance.Status if s != Attendance.Status.EXPECTED],
    )
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class MaterialForm(forms.Form):
    files = uploads.FilesField(
        label=_("材料"),
        widget=uploads.MultipleFileInput(attrs={"accept": uploads.ACCEPT}),
        help_text=_("图片（JPEG、PNG）或 PDF。"),
    )


class VoterReportForm(forms.ModelForm):
    class Meta:
        model = VoterReport
        fields = ["held_on", "place", "voters_present", "content"]
        widgets = {"held_on": _date_widget(), "content": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_on"].initial = timezone.localdate()


class VoterRatingForm(forms.ModelForm):
    class Meta:
        model = VoterReport
        fields = ["satisfied", "basically", "unsatisfied"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class VoteCodesForm(forms.Form):
    count = forms.IntegerField(label=_("生成评议码个数"), min_value=1, max_value=2000)


class PublicVoteForm(forms.Form):
    code = forms.CharField(label=_("评议码"), max_length=12)
    value = forms.ChoiceField(
        label=_("您对代表述职的评价"),
        choices=[("satisfied", _("满意")), ("basically", _("基本满意")), ("unsatisfied", _("不满意"))],
        widget=forms.RadioSelect,
    )


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("代表照片"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
        help_text=_("公开主页上显示：JPEG 或 PNG，不超过 5 MB。"),
    )


class VoterReportFilterForm(forms.Form):
    region = RegionChoiceField(label=_("区域"), queryset=Region.objects.none(), required=False)
    start = forms.DateField(label=_("起始日期"), required=False, widget=_date_widget())
    end = forms.DateField(label=_("截止日期"), required=False, widget=_date_widget())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = filter_regions(user, VIEW)
        for field in self.fields.values():
            field.widget.attrs["data-autosubmit"] = ""
