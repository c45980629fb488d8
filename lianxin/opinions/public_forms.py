"""Forms of the public side of 民意直通车: the opinion form, the code request, tracking, rating."""

import time
import uuid

from captcha.fields import CaptchaField, CaptchaTextInput
from captcha.models import CaptchaStore
from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.validators import RegexValidator
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from lianxin.casework.models import Rating
from lianxin.opinions import uploads
from lianxin.opinions.models import Category, Opinion
from lianxin.privacy.masking import PHONE
from lianxin.privacy.normalise import normalise
from lianxin.privacy.validators import validate_mobile
from lianxin.regions.models import Region

# Said whichever check a suspicious submission failed, so that a script learns nothing.
GUARD_MESSAGE = _("提交未能完成，请检查填写的内容后重新提交。")
_STARTED_SALT = "lianxin.opinions.form-started"
# A form left open longer than this is treated as stale and given a new start time.
_STARTED_MAX_AGE = 24 * 60 * 60


def started_stamp() -> str:
    return signing.dumps(int(time.time()), salt=_STARTED_SALT)


def _seconds_since(stamp: str) -> float | None:
    try:
        started = signing.loads(stamp, salt=_STARTED_SALT, max_age=_STARTED_MAX_AGE)
    except signing.BadSignature:
        return None
    return time.time() - started


def guard_initial() -> dict:
    return {"started": started_stamp(), "idempotency_key": str(uuid.uuid4())}


class PublicForm(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class PhoneField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(
            label=_("手机号"),
            max_length=20,
            validators=[validate_mobile],
            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
            **kwargs,
        )

    def to_python(self, value):
        return normalise(super().to_python(value), PHONE)


class CaptchaWidget(CaptchaTextInput):
    """The package's widget with our own image URL (under /yijian/captcha/) and Chinese markup."""

    template_name = "opinions/public/captcha_widget.html"

    def __init__(self, attrs=None, **kwargs):
        super().__init__(attrs, **kwargs)
        # The answer to a sum: a phone should offer its number pad.
        self.widgets[1].attrs["inputmode"] = "numeric"

    def fetch_captcha_store(self, name, value, attrs=None, generator=None):
        # The package checks for its own un-namespaced URLs here; ours live in opinions_public.
        self._key = CaptchaStore.generate_key(generator)
        self._value = [self._key, ""]
        self.id_ = self.build_attrs(attrs).get("id", None)

    def image_url(self):
        return reverse("opinions_public:captcha_image", args=[self._key])

    def audio_url(self):
        return None


class CodeRequestForm(PublicForm):
    """获取验证码: the phone number and the picture captcha that keeps scripts from texting it."""

    # Its fields sit inside the opinion form: a browser must not hold back "提交意见" for an
    # empty captcha, which is only needed to ask for a code.
    use_required_attribute = False

    phone = PhoneField()
    captcha = CaptchaField(
        label=_("图形验证码"),
        widget=CaptchaWidget(),
        help_text=_("请计算图中的算式，填写结果。看不清可以换一张。"),
        error_messages={
            "required": _("请填写图中算式的结果。"),
            "invalid": _("图形验证码不正确或已过期，请按新图片重新填写。"),
        },
    )


class AttachmentsField(uploads.FilesField):
    """Up to N images or PDFs; cleans to a list of (upload, uploads.Kind)."""

    def clean(self, data, initial=None):
        return uploads.check_all(super().clean(data, initial))


# Every visitor's form offers the same townships: a province has about 1,500, and building them
# for each request was most of a submission's cost. Regions change rarely; a new township shows
# within five minutes.
TOWNSHIP_CHOICES_SECONDS = 300


def _townships_by_county() -> list:
    rows = list(
        Region.objects.filter(level=Region.Level.TOWNSHIP)
        .order_by("path")
        .values_list("code", "name", "parent__name")
    )
    if len({county for _code, _name, county in rows}) <= 1:
        return [(code, name) for code, name, _county in rows]
    grouped: dict = {}
    for code, name, county in rows:
        grouped.setdefault(county, []).append((code, name))
    return list(grouped.items())


def _township_choices() -> list:
    cached = cache.get_or_set("opinions:township-choices", _townships_by_county, TOWNSHIP_CHOICES_SECONDS)
    return [("", _("请选择")), *cached]


def villages_of(township_code: str):
    return Region.objects.filter(
        level=Region.Level.VILLAGE, parent__code=township_code, parent__level=Region.Level.TOWNSHIP
    ).order_by("path")


def village_choices(township_code: str) -> list:
    return [("", _("不选（只填乡镇）")), *((v.code, v.name) for v in villages_of(township_code))]


class OpinionForm(PublicForm):
    title = forms.CharField(label=_("标题"), max_length=100)
    content = forms.CharField(
        label=_("意见内容"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("请写清楚发生了什么、在哪里、您希望怎样解决。"),
    )
    category = forms.ModelChoiceField(
        label=_("分类"),
        queryset=Category.objects.filter(is_active=True),
        required=False,
        empty_label=_("不确定（由工作人员归类）"),
    )
    township = forms.ChoiceField(label=_("所在乡镇（街道）"))
    village = forms.ChoiceField(label=_("村（社区）"), required=False)
    place = forms.CharField(
        label=_("具体地点"),
        max_length=200,
        required=False,
        help_text=_("例如：人民路与建设路交叉口；小区名称和楼栋。"),
    )
    name = forms.CharField(label=_("姓名（可不填）"), max_length=50, required=False)
    phone = PhoneField(help_text=_("用于接收验证码、查询码和办理结果，不会公开。"))
    code = forms.CharField(
        label=_("短信验证码"),
        max_length=6,
        validators=[RegexValidator(r"^\d{6}$", _("短信验证码为 6 位数字。"))],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )
    attachments = AttachmentsField(
        label=_("附件（可不传）"),
        required=False,
        widget=uploads.MultipleFileInput(attrs={"accept": uploads.ACCEPT}),
    )
    hide_name = forms.BooleanField(label=_("在回音壁公开时隐去我的姓名"), required=False, initial=True)
    consent = forms.BooleanField(
        label=_("我已阅读并同意《个人信息处理告知书》"),
        error_messages={"required": _("请阅读并同意个人信息处理告知书后再提交。")},
    )
    # A field people never see: whatever fills it in is a script.
    website = forms.CharField(label=_("请勿填写此栏"), required=False)
    started = forms.CharField(required=False, widget=forms.HiddenInput)
    idempotency_key = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["township"].choices = _township_choices()
        self.fields["village"].choices = village_choices(self.chosen_township())
        self.fields["attachments"].help_text = _(
            "图片（JPEG、PNG）或 PDF，每个不超过 %(mb)d MB，最多 %(n)d 个。"
        ) % {
            "mb": settings.LIANXIN_OPINION_MAX_ATTACHMENT_MB,
            "n": settings.LIANXIN_OPINION_MAX_ATTACHMENTS,
        }
        self.fields["consent"].help_text = format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            reverse("opinions_public:notice"),
            _("阅读《个人信息处理告知书》（在新窗口打开）"),
        )
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        # With htmx, choosing a township swaps in its villages; without, a button posts the form back.
        self.fields["township"].widget.attrs.update(
            {
                "hx-get": reverse("opinions_public:villages"),
                "hx-target": "#village-field",
                "hx-swap": "outerHTML",
            }
        )

    def chosen_township(self) -> str:
        if self.is_bound:
            return self.data.get("township", "")
        return self.initial.get("township", "")

    def _renew(self, name: str, value: str) -> None:
        # Re-rendered after a failed check, the form carries a fresh value, not the bad one.
        self.data = self.data.copy()
        self.data[name] = value

    def clean(self):
        cleaned = super().clean()
        suspicious = False
        if self.data.get("website"):
            suspicious = True
        elapsed = _seconds_since(self.data.get("started", ""))
        if elapsed is None:
            self._renew("started", started_stamp())
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
        township = Region.objects.filter(
            level=Region.Level.TOWNSHIP, code=cleaned.get("township", "")
        ).first()
        village = cleaned.get("village")
        region = township
        if township is not None and village:
            region = villages_of(township.code).filter(code=village).first()
            if region is None:
                self.add_error("village", _("所选村（社区）不属于所选乡镇（街道）。"))
        cleaned["region"] = region
        return cleaned


class TrackForm(PublicForm):
    code = forms.CharField(
        label=_("查询码"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
        help_text=_("提交意见后页面上和短信里的 10 位查询码。"),
    )

    def clean_code(self):
        # People copy codes with spaces or dashes and in lower case.
        return "".join(ch for ch in self.cleaned_data["code"].upper() if ch.isalnum())


_ROUND_SALT = "lianxin.opinions.rating-round"


def round_token(opinion: Opinion, case) -> str:
    return signing.dumps([opinion.pk, case.pk, case.round], salt=_ROUND_SALT)


class RatingForm(PublicForm):
    value = forms.ChoiceField(
        label=_("您对答复的评价"),
        choices=Rating.Value.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择满意、基本满意或不满意。")},
    )
    comment = forms.CharField(
        label=_("具体意见"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("选择“不满意”时必填，将退回重新办理。"),
    )
    # Binds the rating to the round the citizen read: a stale or replayed form cannot rate a
    # later answer it never showed.
    round = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, opinion: Opinion, case, **kwargs):
        self.opinion, self.case = opinion, case
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["round"] = round_token(opinion, case)

    def clean(self):
        cleaned = super().clean()
        try:
            token = signing.loads(self.data.get("round", ""), salt=_ROUND_SALT)
        except signing.BadSignature:
            token = None
        if token != [self.opinion.pk, self.case.pk, self.case.round]:
            raise forms.ValidationError(_("答复已经更新，请阅读最新的答复后再评价。"), code="stale")
        if cleaned.get("value") == Rating.Value.UNSATISFIED and not cleaned.get("comment", "").strip():
            self.add_error("comment", _("选择“不满意”时，请写明具体意见。"))
        return cleaned
