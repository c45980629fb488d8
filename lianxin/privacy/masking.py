"""Display masks for personal data, following GB/T 35273 展示限制 (138****1234)."""

import re

PHONE = "phone"
ID_NUMBER = "id_number"
TEXT = "text"
KINDS = (PHONE, ID_NUMBER, TEXT)


def mask(value: str, kind: str) -> str:
    if not value:
        return ""
    if kind == PHONE:
        return _keep_ends(value, 3, 4)
    if kind == ID_NUMBER:
        return _keep_ends(value, 3, 4)
    return value[0] + "*" * min(len(value) - 1, 2) if len(value) > 1 else "*"


def _keep_ends(value: str, head: int, tail: int, min_hidden: int = 4) -> str:
    # Short numbers (a local landline) would be nearly whole after 3 + 4; hide at least four.
    while head + tail > 0 and len(value) - head - tail < min_hidden:
        if head:
            head -= 1
        else:
            tail -= 1
    return value[:head] + "*" * (len(value) - head - tail) + (value[-tail:] if tail else "")


MOBILE_PATTERN = re.compile(r"(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)")
ID_NUMBER_PATTERN = re.compile(r"(?<![\dXx])(\d{6})(\d{8})(\d{3}[\dXx])(?![\dXx])")


def mask_in_text(text: str) -> str:
    """Mask mobile and ID numbers wherever they occur in free text (logs, messages)."""
    text = ID_NUMBER_PATTERN.sub(lambda m: m.group(1)[:3] + "*" * 11 + m.group(3)[-4:], text)
    return MOBILE_PATTERN.sub(lambda m: m.group(1) + "****" + m.group(3), text)
