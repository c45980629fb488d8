from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _

from lianxin.accounts.models import User
from lianxin.accounts.roles import Role, WorkingBody
from lianxin.privacy.masking import PHONE
from lianxin.privacy.normalise import normalise
from lianxin.privacy.validators import validate_mobile
from lianxin.regions.models import Region
from lianxin.regions.scoping import RegionChoiceField, regions_in_scope
from lianxin.workbench.rendering import style_widgets


class LoginForm(forms.Form):
    username = forms.CharField(
        label=_("用户名"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("密码"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=_("动态口令"),
        regex=r"^\d{6}$",
        error_messages={"invalid": _("请输入 6 位数字动态口令。")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(
        label=_("当前密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password1 = forms.CharField(
        label=_("新密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    new_password2 = forms.CharField(
        label=_("再次输入新密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_old_password(self):
        password = self.cleaned_data["old_password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("当前密码不正确。"))
        return password

    def clean(self):
        cleaned = super().clean()
        new1, new2 = cleaned.get("new_password1"), cleaned.get("new_password2")
        if new1 and new2:
            if new1 != new2:
                self.add_error("new_password2", _("两次输入的新密码不一致。"))
            elif new1 == cleaned.get("old_password"):
                self.add_error("new_password1", _("新密码不能与当前密码相同。"))
            else:
                try:
                    password_validation.validate_password(new1, self.user)
                except forms.ValidationError as error:
                    self.add_error("new_password1", error)
        return cleaned


# ---------------------------------------------------------------- account administration


class _MembershipFields(forms.Form):
    """Role, scope and working body, as both the new-account and the grant forms ask them."""

    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)
    region = RegionChoiceField(
        label=_("管辖范围"),
        queryset=Region.objects.none(),
        help_text=_("该角色可以查看和办理的行政区划（含下级），须在您的管辖范围之内。"),
    )
    working_body = forms.ChoiceField(
        label=_("工作机构"),
        choices=[("", _("（不适用）")), *WorkingBody.choices],
        required=False,
        help_text=_("常委会工作人员必须选择；其他角色不填。"),
    )

    def __init__(self, *args, user, permission: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions_in_scope(user, permission)

    def clean(self):
        cleaned = super().clean()
        role, working_body = cleaned.get("role"), cleaned.get("working_body")
        if role == Role.STAFF and not working_body:
            self.add_error("working_body", _("常委会工作人员必须选择工作机构。"))
        elif role and role != Role.STAFF and working_body:
            self.add_error("working_body", _("只有常委会工作人员填写工作机构。"))
        return cleaned

    def membership(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("role", "region", "working_body")}


class UserCreateForm(_MembershipFields):
    username = forms.CharField(
        label=_("用户名"),
        max_length=150,
        validators=[
            UnicodeUsernameValidator(message=_("用户名只能由字母、数字和 @ . + - _ 组成，不能有空格。"))
        ],
        help_text=_("登录时使用，可用字母、数字和 @ . + - _。"),
    )
    name = forms.CharField(label=_("姓名"), max_length=50)
    phone = forms.CharField(label=_("手机号"), max_length=20, required=False, validators=[validate_mobile])

    field_order = ["username", "name", "phone", "role", "region", "working_body"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, permission="accounts.add_user", **kwargs)
        self.fields["role"].help_text = _("首个角色；保存后可在账户页面授予更多角色。")

    def values(self) -> dict:
        return {
            "username": self.cleaned_data["username"],
            "name": self.cleaned_data["name"],
            "phone": normalise(self.cleaned_data["phone"], PHONE),
        }


class MembershipForm(_MembershipFields):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, permission="accounts.change_user", **kwargs)


class UserEditForm(forms.ModelForm):
    phone = forms.CharField(label=_("手机号"), max_length=20, required=False, validators=[validate_mobile])

    class Meta:
        model = User
        fields = ["name", "is_active"]
        help_texts = {"is_active": _("停用后该账户不能登录，已登录的会话随即失效。")}

    field_order = ["name", "phone", "is_active"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # A personal number is never put back into the page; a blank field keeps the stored one.
        if self.instance.phone:
            self.fields["phone"].help_text = _("当前：%(masked)s。留空则不修改。") % {
                "masked": self.instance.phone.masked
            }

    def values(self) -> dict:
        data = {"name": self.cleaned_data["name"], "is_active": self.cleaned_data["is_active"]}
        phone = normalise(self.cleaned_data["phone"], PHONE)
        if phone:
            data["phone"] = phone
        return data


class UserFilterForm(forms.Form):
    role = forms.ChoiceField(label=_("角色"), choices=[("", _("全部")), *Role.choices], required=False)
    active = forms.ChoiceField(
        label=_("状态"), choices=[("", _("全部")), ("yes", _("启用")), ("no", _("停用"))], required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["data-autosubmit"] = ""
        style_widgets(self)
