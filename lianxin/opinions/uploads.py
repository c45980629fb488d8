"""Files citizens attach to opinions: the shared content checks of ``lianxin.uploads`` with the
opinion form's own limits (LIANXIN_OPINION_MAX_ATTACHMENTS files of at most
LIANXIN_OPINION_MAX_ATTACHMENT_MB each). Stored under MEDIA_ROOT, never served publicly."""

from django.conf import settings

from lianxin import uploads
from lianxin.uploads import ACCEPT, Kind, display_name, stored_name

__all__ = ["ACCEPT", "Kind", "check_all", "display_name", "stored_name"]


def check_all(files) -> list[tuple[object, Kind]]:
    return uploads.check_all(
        files,
        max_files=settings.LIANXIN_OPINION_MAX_ATTACHMENTS,
        max_mb=settings.LIANXIN_OPINION_MAX_ATTACHMENT_MB,
    )
