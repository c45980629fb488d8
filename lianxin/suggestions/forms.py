from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lianxin.accounts.roles import WorkingBody
from lianxin.casework.forms import DateInput
from lianxin.congresses.models import Congress, Session
from lianxin.deputies.models import Deputy
from lianxin.regions.models import Region
from lianxin.suggestions import config, signing
from lianxin.suggestions.models import Motion, Stage, Suggestion


class DeputyChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, deputy):
        return deputy.name


def _sessions(deputy):
    return (
        Session.objects.filter(term__congress__terms__seats__deputy=deputy, term__seats__deputy=deputy)
        .select_related("term__congress")
        .distinct()
        .order_by("-start_date")
    )


def _regions(deputy):
    """Where the deputy's congresses are: their region and the regions below, two levels down."""
    roots = Region.objects.filter(
        congress__terms__seats__deputy=deputy, congress__terms__seats__status="serving"
    )
    paths = list(roots.values_list("path", flat=True).distinct())
    if not paths:
        return Region.objects.none()
    query = Q()
    for path in paths:
        query |= Q(path__startswith=path)
    return Region.objects.filter(query, level__lte=max(r.level for r in roots) + 1).order_by("path")


class CongressChoice(forms.ModelChoiceField):
    def label_from_instance(self, congress):
        return congress.name


def _congress_field(form, deputy):
    """Deputies of several levels (五级代表) choose which congress the item goes to."""
    congresses = Congress.objects.filter(
        terms__seats__deputy=deputy, terms__seats__status="serving"
    ).distinct()
    form.fields["congress"].queryset = congresses.order_by("region__path")
    if congresses.count() == 1:
        form.fields["congress"].initial = congresses.first().pk


class SuggestionForm(forms.Form):
    congress = CongressChoice(label=_("提交给"), queryset=Congress.objects.none())
    title = forms.CharField(label=_("标题"), max_length=100)
    content = forms.CharField(
        label=_("内容"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("写明反映的问题和具体建议，一事一议。"),
    )
    category = forms.ChoiceField(label=_("类别"))
    stage = forms.ChoiceField(label=_("提出阶段"), choices=Stage.choices, widget=forms.RadioSelect)
    session = forms.ModelChoiceField(label=_("会次"), queryset=Session.objects.none(), required=False)
    region = forms.ModelChoiceField(label=_("所涉区域"), queryset=Region.objects.none())
    cosigners = DeputyChoices(
        label=_("联名代表"),
        queryset=Deputy.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("提交后，每位联名代表须在自己的账号中确认。"),
    )

    def __init__(self, *args, deputy, suggestion=None, **kwargs):
        if suggestion is not None:
            kwargs.setdefault(
                "initial",
                {
                    "title": suggestion.title,
                    "content": suggestion.content,
                    "category": suggestion.category,
                    "stage": suggestion.stage,
                    "session": suggestion.session_id,
                    "region": suggestion.region_id,
                    "cosigners": list(
                        suggestion.signers.filter(is_lead=False).values_list("deputy_id", flat=True)
                    ),
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("请选择")), *((c, c) for c in config.categories())]
        _congress_field(self, deputy)
        self.fields["session"].queryset = _sessions(deputy)
        self.fields["region"].queryset = _regions(deputy)
        peers = Deputy.objects.none()
        for seat in deputy.seats.filter(status="serving").select_related("term__congress"):
            peers = peers | signing.serving_in(seat.term.congress)
        self.fields["cosigners"].queryset = peers.exclude(pk=deputy.pk).distinct().order_by("name")
        if suggestion is not None:
            del self.fields["region"], self.fields["congress"]

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            key: data.get(key) for key in ("congress", "title", "content", "category", "stage", "session")
        }


class MotionForm(forms.Form):
    congress = CongressChoice(label=_("提交给"), queryset=Congress.objects.none())
    title = forms.CharField(label=_("案由"), max_length=200)
    basis = forms.CharField(label=_("案据"), widget=forms.Textarea(attrs={"rows": 6}), required=False)
    plan = forms.CharField(label=_("方案"), widget=forms.Textarea(attrs={"rows": 6}), required=False)
    session = forms.ModelChoiceField(label=_("会次"), queryset=Session.objects.none(), required=False)
    region = forms.ModelChoiceField(label=_("所涉区域"), queryset=Region.objects.none())
    cosigners = DeputyChoices(
        label=_("附议代表"),
        queryset=Deputy.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, deputy, motion=None, **kwargs):
        if motion is not None:
            kwargs.setdefault(
                "initial",
                {
                    "title": motion.title,
                    "basis": motion.basis,
                    "plan": motion.plan,
                    "session": motion.session_id,
                    "cosigners": list(
                        motion.signers.filter(is_lead=False).values_list("deputy_id", flat=True)
                    ),
                },
            )
        super().__init__(*args, **kwargs)
        _congress_field(self, deputy)
        self.fields["session"].queryset = _sessions(deputy)
        self.fields["region"].queryset = _regions(deputy)
        peers = Deputy.objects.none()
        for seat in deputy.seats.filter(status="serving").select_related("term__congress"):
            peers = peers | signing.serving_in(seat.term.congress)
        self.fields["cosigners"].queryset = peers.exclude(pk=deputy.pk).distinct().order_by("name")
        if motion is not None:
            del self.fields["region"], self.fields["congress"]

    def values(self) -> dict:
        data = self.cleaned_data
        return {key: data.get(key) for key in ("congress", "title", "basis", "plan", "session")}


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("审核结果"),
        choices=[
            (Suggestion.Status.REFUSED, _("不予立案")),
            (Suggestion.Status.TO_LETTER, _("改作代表来信")),
            (Suggestion.Status.RETURNED, _("退回修改")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("理由或修改意见"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False
    )


class RatingForm(forms.Form):
    CHOICES = [("satisfied", _("满意")), ("basically", _("基本满意")), ("unsatisfied", _("不满意"))]
    attitude = forms.ChoiceField(label=_("办理态度"), choices=CHOICES, widget=forms.RadioSelect)
    value = forms.ChoiceField(label=_("办理结果"), choices=CHOICES, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("意见"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("选择“不满意”时必须填写具体意见。"),
    )


class PromiseCheckForm(forms.Form):
    done = forms.TypedChoiceField(
        label=_("落实情况"),
        choices=[("1", _("确认已落实")), ("0", _("尚未落实"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("意见"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("主席团决定"),
        choices=[(v, label) for v, label in Motion.Status.choices if v in Motion.DECISIONS],
        widget=forms.RadioSelect,
    )
    meeting = forms.CharField(label=_("主席团会议"), max_length=100)
    decided_on = forms.DateField(label=_("决定日期"), widget=DateInput())
    note = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    last_meeting_at = forms.DateTimeField(
        label=_("主席团最后一次会议时间"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("不列入议程或改作建议的，据此算出提案代表要求复议的截止时间。"),
    )


class MotionWithdrawalForm(forms.Form):
    reason = forms.CharField(label=_("撤回理由"), widget=forms.Textarea(attrs={"rows": 3}))


class WithdrawalConsentForm(forms.Form):
    meeting = forms.CharField(label=_("同意撤回的主席团会议"), max_length=100)


class PriorityForm(forms.Form):
    meeting = forms.CharField(label=_("主任会议"), max_length=100)
    decided_on = forms.DateField(label=_("决定日期"), widget=DateInput())
    government_leader = forms.CharField(label=_("领办领导"), max_length=100)
    congress_leader = forms.CharField(label=_("督办领导"), max_length=100)
    committee = forms.ChoiceField(label=_("督办机构"), choices=WorkingBody.choices)
    report_every_months = forms.IntegerField(label=_("进度报告周期（月）"), initial=1)


class ProgressForm(forms.Form):
    reported_on = forms.DateField(label=_("报告日期"), widget=DateInput())
    text = forms.CharField(label=_("办理进度"), widget=forms.Textarea(attrs={"rows": 3}))
