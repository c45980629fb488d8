import re

from lianxin.privacy.masking import ID_NUMBER, PHONE

_PHONE_NOISE = re.compile(r"[\s\-()（）]")


def normalise(value: str, kind: str) -> str:
    value = value.strip()
    if kind == PHONE:
        value = _PHONE_NOISE.sub("", value)
        if value.startswith("+86"):
            value = value[3:]
        elif value.startswith("0086"):
            value = value[4:]
    elif kind == ID_NUMBER:
        value = value.replace(" ", "").upper()
    return value
