import logging

from lianxin.privacy.masking import mask_in_text


class MaskPersonalDataFilter(logging.Filter):
    """Rewrites each record so that phone and ID numbers are masked before any handler sees it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_in_text(message)
        if masked != message:
            record.msg = masked
            record.args = None
        return True
