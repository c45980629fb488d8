"""The small forms of the case page. Each cleans its input; the service decides."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lianxin import uploads
from lianxin.accounts.permissions import scope_filter
from lianxin.casework import sources
from lianxin.casework.models import Assignment, Case, Communication, Light
from lianxin.units.models import HandlingUnit

ASSIGN = "casework.assign_case"


def units_to_assign(user):
    """Active units in the staff member's scope: the only ones offered for 交办."""
    return HandlingUnit.objects.filter(
        scope_filter(user, ASSIGN, "region__path"), is_active=True
    ).select_related("region")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class ReturnRequestForm(ReasonForm):
    reason = forms.CharField(
        label=_("申请退回的理由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class ExtensionRequestForm(forms.Form):
    new_date = forms.DateField(label=_("申请延至"), widget=DateInput())
    reason = forms.CharField(label=_("延期理由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def __init__(self, *args, assignment: Assignment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_date"].help_text = _("当前期限 %(due)s，最迟不超过 %(cap)s。") % {
            "due": assignment.due_date,
            "cap": assignment.cap_date,
        }


class CoOpinionForm(forms.Form):
    text = forms.CharField(label=_("会办意见"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000)


class ReviseReplyForm(forms.Form):
    text = forms.CharField(label=_("答复内容"), widget=forms.Textarea(attrs={"rows": 10}), max_length=20000)


class ReplyForm(forms.Form):
    text = forms.CharField(label=_("答复内容"), widget=forms.Textarea(attrs={"rows": 8}), max_length=20000)
    category = forms.ChoiceField(label=_("答复类别"), required=False)
    signed_off_by = forms.CharField(label=_("签发人"), max_length=50)
    attachments = uploads.FilesField(
        label=_("附件"),
        required=False,
        widget=uploads.MultipleFileInput(attrs={"accept": uploads.ACCEPT}),
        help_text=_("答复函扫描件或现场照片：JPEG、PNG 图片或 PDF，每个不超过 10 MB。"),
    )

    # Rows for promises (承诺事项); the service says when they are required.
    PROMISE_ROWS = 5

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        policy = sources.get(case.source).effective_policy
        categories = policy.categories
        if categories:
            self.fields["category"].choices = [("", _("请选择")), *((c, c) for c in categories)]
            self.fields["category"].required = True
        else:
            del self.fields["category"]
        if policy.letter_required:
            self.fields["attachments"].help_text = _(
                "必须上传加盖公章的答复函（PDF）；也可附现场照片。每个不超过 10 MB。"
            )
        self.promise_names = []
        if policy.promise_categories:
            named = "、".join(policy.promise_categories)
            for n in range(1, self.PROMISE_ROWS + 1):
                self.fields[f"promise_{n}_text"] = forms.CharField(
                    label=_("承诺事项 %(n)d") % {"n": n},
                    max_length=500,
                    required=False,
                    help_text=_("答复类别为 %(c)s 的，逐项写明承诺做的事。") % {"c": named} if n == 1 else "",
                )
                self.fields[f"promise_{n}_due"] = forms.DateField(
                    label=_("承诺时限 %(n)d") % {"n": n}, required=False, widget=DateInput()
                )
                self.promise_names.append((f"promise_{n}_text", f"promise_{n}_due"))

    def promises(self) -> list[tuple[str, object]]:
        data = self.cleaned_data
        return [(data.get(t) or "", data.get(d)) for t, d in self.promise_names if data.get(t) or data.get(d)]


class CommunicationForm(forms.Form):
    way = forms.ChoiceField(label=_("方式"), choices=Communication.Way.choices)
    happened_on = forms.DateField(label=_("时间"), widget=DateInput())
    people = forms.CharField(label=_("参加人员"), max_length=200)
    content = forms.CharField(label=_("沟通内容"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)


class PromiseReportForm(forms.Form):
    report = forms.CharField(
        label=_("落实情况（二次答复）"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )


class Decision(forms.ChoiceField):
    def __init__(self, *, approve, refuse, **kwargs):
        super().__init__(
            label=_("审批结果"),
            choices=[("approve", approve), ("refuse", refuse)],
            widget=forms.RadioSelect,
            **kwargs,
        )


class ReturnDecisionForm(forms.Form):
    decision = Decision(approve=_("同意退回"), refuse=_("不同意退回"))
    reassign_to = forms.ModelChoiceField(
        label=_("改交其他单位"),
        queryset=HandlingUnit.objects.none(),
        required=False,
        help_text=_("同意退回时可直接改交另一单位；不选则事项回到待交办。"),
    )
    note = forms.CharField(label=_("审批意见"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reassign_to"].queryset = units_to_assign(user)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "refuse":
            if cleaned.get("reassign_to"):
                self.add_error("reassign_to", _("不同意退回时不能改交其他单位。"))
            if not (cleaned.get("note") or "").strip():
                self.add_error("note", _("不同意退回时请写明理由。"))
        return cleaned


class ExtensionDecisionForm(forms.Form):
    decision = Decision(approve=_("同意延期"), refuse=_("不同意延期"))
    note = forms.CharField(label=_("审批意见"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class UrgeForm(forms.Form):
    message = forms.CharField(label=_("督办意见"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class ConfirmForm(forms.Form):
    """An action without input (签收, 结束评价): the button is the form."""


class AssignForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("承办方式"),
        choices=[("lead", _("主办（可加会办单位）")), ("separate", _("分别办理（分办）"))],
        widget=forms.RadioSelect,
        initial="lead",
    )
    lead = forms.ModelChoiceField(label=_("主办单位"), queryset=HandlingUnit.objects.none(), required=False)
    co = forms.ModelMultipleChoiceField(
        label=_("会办单位"),
        queryset=HandlingUnit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    separate = forms.ModelMultipleChoiceField(
        label=_("分办单位"),
        queryset=HandlingUnit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("分别办理须选择两个以上单位，各自答复。"),
    )

    difficult = forms.BooleanField(
        label=_("涉及面广、处理难度大"),
        required=False,
        help_text=_("勾选后答复期限为最迟期限（代表建议为交办之日起六个月）。"),
    )

    def __init__(self, *args, user, case: Case | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        units = units_to_assign(user)
        for name in ("lead", "co", "separate"):
            self.fields[name].queryset = units
        self.policy = sources.get(case.source).effective_policy if case is not None else None
        if self.policy is None or self.policy.cap == self.policy.reply:
            del self.fields["difficult"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("mode") == "lead":
            if not cleaned.get("lead"):
                self.add_error("lead", _("请选择主办单位。"))
            if cleaned.get("separate"):
                self.add_error("separate", _("主办方式下不选分办单位。"))
        elif cleaned.get("mode") == "separate":
            if cleaned.get("lead") or cleaned.get("co"):
                self.add_error("separate", _("分别办理时不设主办和会办单位。"))
            if len(cleaned.get("separate") or []) < 2:
                self.add_error("separate", _("分别办理须选择两个以上单位。"))
        return cleaned

    def arguments(self) -> dict:
        data = self.cleaned_data
        period = {"reply_period": self.policy.cap} if data.get("difficult") else {}
        if data["mode"] == "lead":
            return {"lead": data["lead"], "co": list(data.get("co") or []), **period}
        return {"separate": list(data["separate"]), **period}


class LightChoiceField(forms.ChoiceField):
    def __init__(self, **kwargs):
        choices = [("", _("全部")), *((value, label) for value, label in Light.choices if value)]
        super().__init__(label=_("期限"), choices=choices, required=False, **kwargs)
