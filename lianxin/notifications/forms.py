from django import forms
from django.utils.translation import gettext_lazy as _

from lianxin.notifications.models import NotificationPreference
from lianxin.notifications.push import clear_text

_field = NotificationPreference._meta.get_field


class PreferenceForm(forms.Form):
    digest = forms.BooleanField(
        label=_field("digest").verbose_name, help_text=_field("digest").help_text, required=False
    )
    sms = forms.BooleanField(
        label=_field("sms").verbose_name, help_text=_field("sms").help_text, required=False
    )
    email = forms.EmailField(
        label=_field("email").verbose_name,
        help_text=_field("email").help_text,
        required=False,
        max_length=254,
        error_messages={"invalid": _("电子邮箱格式不正确。")},
    )

    @classmethod
    def for_preference(cls, preference: NotificationPreference, data=None) -> "PreferenceForm":
        # The user's own address, shown to the user: in clear, like any field they typed.
        initial = {"digest": preference.digest, "sms": preference.sms, "email": clear_text(preference.email)}
        return cls(data, initial=initial)
