"""Validators for Chinese phone and resident ID numbers, with messages in Chinese."""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from lianxin.privacy.masking import ID_NUMBER, PHONE
from lianxin.privacy.normalise import normalise
from lianxin.privacy.values import PersonalValue

MOBILE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE = re.compile(r"^0\d{2,3}\d{7,8}$")
ID_18 = re.compile(r"^\d{17}[\dX]$")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def _plain(value, kind: str) -> str:
    return normalise(value.reveal() if isinstance(value, PersonalValue) else str(value or ""), kind)


def validate_phone(value) -> None:
    plain = _plain(value, PHONE)
    if plain and not (MOBILE.match(plain) or LANDLINE.match(plain)):
        raise ValidationError(
            _("电话号码格式不正确：手机号为 11 位数字，固定电话为区号加号码。"), code="phone"
        )


def validate_mobile(value) -> None:
    plain = _plain(value, PHONE)
    if plain and not MOBILE.match(plain):
        raise ValidationError(_("手机号格式不正确，应为 11 位数字，以 1 开头。"), code="mobile")


def id_number_checksum_ok(plain: str) -> bool:
    total = sum(int(digit) * weight for digit, weight in zip(plain[:17], _WEIGHTS, strict=True))
    return _CHECK[total % 11] == plain[17]


def validate_id_number(value) -> None:
    plain = _plain(value, ID_NUMBER)
    if not plain:
        return
    if not ID_18.match(plain):
        raise ValidationError(_("身份证号应为 18 位，最后一位可以是数字或 X。"), code="id_number")
    try:
        date(int(plain[6:10]), int(plain[10:12]), int(plain[12:14]))
    except ValueError:
        raise ValidationError(_("身份证号中的出生日期不存在。"), code="id_number_birth") from None
    if not id_number_checksum_ok(plain):
        raise ValidationError(_("身份证号校验位不正确，请核对。"), code="id_number_checksum")
