"""Files citizens attach to opinions: the shared content checks of ``lianxin.uploads`` with the
opinion form's own limits (LIANXIN_OPINION_MAX_ATTACHMENTS files of at most
LIANXIN_OPINION_MAX_ATTACHMENT_MB each). Stored under MEDIA_ROOT, never served publicly."""

from django.conf import settings
from django.core.files.storage import default_storage

from lianxin import uploads
from lianxin.uploads import ACCEPT, FilesField, Kind, MultipleFileInput, display_name, stored_name

__all__ = [
    "ACCEPT",
    "FilesField",
    "Kind",
    "MultipleFileInput",
    "check_all",
    "display_name",
    "remove",
    "store",
    "stored_name",
]


def check_all(files) -> list[tuple[object, Kind]]:
    return uploads.check_all(
        files,
        max_files=settings.LIANXIN_OPINION_MAX_ATTACHMENTS,
        max_mb=settings.LIANXIN_OPINION_MAX_ATTACHMENT_MB,
    )


def store(opinion, checked, written: list[str]) -> None:
    """Save each checked file under a random name with its Attachment row. ``written`` collects
    the stored names, so that the caller can remove the files if its transaction fails."""
    from lianxin.opinions.models import Attachment

    for upload, kind in checked:
        attachment = Attachment(
            opinion=opinion, name=display_name(upload), content_type=kind.content_type, size=upload.size
        )
        attachment.file.save(stored_name(kind), upload, save=False)
        written.append(attachment.file.name)
        attachment.save()


def remove(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)
