"""Forms of 云接待: scheduling (office), the citizen's question (public), the deputy's answer."""

import time
import uuid

from django import forms
from django.conf import settings
from django.core import signing
from django.core.validators import RegexValidator
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from lianxin.accounts.permissions import scope_filter
from lianxin.accounts.roles import Role
from lianxin.deputies.models import Deputy
from lianxin.onlinestation import access
from lianxin.onlinestation.models import Question
from lianxin.opinions.public_forms import GUARD_MESSAGE, PhoneField, PublicForm
from lianxin.stations.models import Station

_STARTED_SALT = "lianxin.onlinestation.form-started"
_STARTED_MAX_AGE = 24 * 60 * 60


def guard_initial() -> dict:
    return {
        "started": signing.dumps(int(time.time()), salt=_STARTED_SALT),
        "idempotency_key": str(uuid.uuid4()),
    }


def _seconds_since(stamp: str) -> float | None:
    try:
        return time.time() - signing.loads(stamp, salt=_STARTED_SALT, max_age=_STARTED_MAX_AGE)
    except signing.BadSignature:
        return None


class LocalDateTimeField(forms.DateTimeField):
    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class SessionForm(forms.Form):
    station = forms.ModelChoiceField(label=_("履职阵地"), queryset=Station.objects.none())
    title = forms.CharField(
        label=_("主题"), max_length=100, help_text=_("例如：老旧小区改造，代表在线听您说")
    )
    starts_at = LocalDateTimeField(label=_("开始时间"))
    ends_at = LocalDateTimeField(label=_("结束时间"))
    deputies = forms.ModelMultipleChoiceField(
        label=_("值班代表"),
        queryset=Deputy.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("须为该阵地的进站代表。"),
    )
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, instance=None, user, **kwargs):
        super().__init__(*args, **kwargs)
        stations = Station.objects.filter(is_active=True).filter(
            scope_filter(user, access.MANAGE, "region__path")
        )
        if not _is_staff(user):
            stations = stations.filter(liaisons=user)
        self.fields["station"].queryset = stations.order_by("region__path", "name")
        self.fields["deputies"].queryset = (
            Deputy.objects.filter(stations__in=self.fields["station"].queryset).distinct().order_by("name")
        )


def _is_staff(user) -> bool:
    """Office staff schedule for any station in scope; liaisons only for their own."""
    return any(m.role == Role.STAFF for m in user.active_memberships())


class QuestionForm(PublicForm):
    content = forms.CharField(
        label=_("您的问题"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("代表在接待时间内答复；未能答复的留言在接待结束后转入“民意直通车”办理。"),
    )
    name = forms.CharField(label=_("称呼（可不填）"), max_length=50, required=False)
    keep_private = forms.BooleanField(label=_("不公开我的留言（代表只私下答复我）"), required=False)
    phone = PhoneField(help_text=_("用于接收验证码和答复，不会公开。"))
    code = forms.CharField(
        label=_("短信验证码"),
        max_length=6,
        validators=[RegexValidator(r"^\d{6}$", _("短信验证码为 6 位数字。"))],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )
    consent = forms.BooleanField(
        label=_("我已阅读并同意《个人信息处理告知书》"),
        error_messages={"required": _("请阅读并同意个人信息处理告知书后再提交。")},
    )
    website = forms.CharField(label=_("请勿填写此栏"), required=False)
    started = forms.CharField(required=False, widget=forms.HiddenInput)
    idempotency_key = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].help_text = format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            reverse("opinions_public:notice"),
            _("阅读《个人信息处理告知书》（在新窗口打开）"),
        )
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def _renew(self, name: str, value: str) -> None:
        self.data = self.data.copy()
        self.data[name] = value

    def clean(self):
        cleaned = super().clean()
        suspicious = bool(self.data.get("website"))
        elapsed = _seconds_since(self.data.get("started", ""))
        if elapsed is None:
            self._renew("started", guard_initial()["started"])
            suspicious = True
        elif elapsed < settings.LIANXIN_OPINION_MIN_FILL_SECONDS:
            suspicious = True
        try:
            cleaned["idempotency_key"] = uuid.UUID(self.data.get("idempotency_key", ""))
        except ValueError:
            self._renew("idempotency_key", str(uuid.uuid4()))
            suspicious = True
        if suspicious:
            raise forms.ValidationError(GUARD_MESSAGE, code="guard")
        return cleaned


class AnswerForm(forms.Form):
    text = forms.CharField(label=_("答复内容"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    visibility = forms.ChoiceField(
        label=_("答复方式"),
        choices=[
            (Question.Visibility.PUBLIC, _("公开答复（留言和答复在接待页面公开，留言中的个人信息自动隐去）")),
            (Question.Visibility.PRIVATE, _("私下答复（只发给留言人）")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择公开答复或私下答复。")},
    )

    def __init__(self, *args, question, **kwargs):
        kwargs.setdefault("prefix", f"q{question.pk}")
        super().__init__(*args, **kwargs)
        if question.keep_private:
            self.fields["visibility"].choices = [self.fields["visibility"].choices[1]]
            self.initial.setdefault("visibility", Question.Visibility.PRIVATE)
