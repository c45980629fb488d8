"""Attached files judged by content: images (JPEG, PNG) and PDF.

The name and the browser's content type are the sender's claims; the first bytes and, for
images, Pillow's parser decide. Accepted files are stored with random names and an extension
chosen here, never the sender's, and are only ever served through permission-checked views.

Shared by every place that takes attachments (units' replies in the handling engine, …);
each caller passes its own limits.
"""

import secrets
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError


@dataclass(frozen=True)
class Kind:
    content_type: str
    extension: str
    magic: bytes
    pillow_format: str = ""


JPEG = Kind("image/jpeg", "jpg", b"\xff\xd8\xff", "JPEG")
PNG = Kind("image/png", "png", b"\x89PNG\r\n\x1a\n", "PNG")
PDF = Kind("application/pdf", "pdf", b"%PDF-")
KINDS = (JPEG, PNG, PDF)
ACCEPT = ",".join(kind.content_type for kind in KINDS)

# A PDF ends with %%EOF, possibly followed by a little whitespace or an incremental update's tail.
_PDF_TAIL = 1024


def _head(upload, length: int) -> bytes:
    upload.seek(0)
    head = upload.read(length)
    upload.seek(0)
    return head


def _is_whole_image(upload, kind: Kind) -> bool:
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            if image.format != kind.pillow_format:
                return False
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return False
    finally:
        upload.seek(0)
    return True


def _is_whole_pdf(upload) -> bool:
    upload.seek(max(0, upload.size - _PDF_TAIL))
    tail = upload.read()
    upload.seek(0)
    return b"%%EOF" in tail


def kind_of(upload, *, max_mb: int) -> Kind:
    """The kind of an uploaded file, or a ValidationError in Chinese naming the file."""
    name = display_name(upload)
    if upload.size > max_mb * 1024 * 1024:
        raise ValidationError(_("“%(name)s”超过 %(mb)d MB，请压缩后再上传。") % {"name": name, "mb": max_mb})
    head = _head(upload, 8)
    kind = next((k for k in KINDS if head.startswith(k.magic)), None)
    if kind is None:
        raise ValidationError(_("“%(name)s”不是 JPEG、PNG 图片或 PDF 文件。") % {"name": name})
    whole = _is_whole_pdf(upload) if kind is PDF else _is_whole_image(upload, kind)
    if not whole:
        raise ValidationError(_("“%(name)s”已损坏或不完整，无法打开。") % {"name": name})
    return kind


def check_all(uploads, *, max_files: int, max_mb: int) -> list[tuple[object, Kind]]:
    """Every file's kind, or one ValidationError listing each file that was refused."""
    uploads = list(uploads)
    if len(uploads) > max_files:
        raise ValidationError(_("最多上传 %(n)d 个附件。") % {"n": max_files})
    checked, errors = [], []
    for upload in uploads:
        try:
            checked.append((upload, kind_of(upload, max_mb=max_mb)))
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError(errors)
    return checked


def stored_name(kind: Kind) -> str:
    """A random file name: nothing the sender chose reaches the file system."""
    return f"{secrets.token_hex(16)}.{kind.extension}"


def display_name(upload) -> str:
    # Shown to staff only; path parts a browser might send are dropped.
    name = upload.name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return name[:200] or _("附件")


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """Any number of files in one input; cleans to the list of uploads (empty files refused with
    Django's own message). Kind, size and count are judged by ``check_all`` with the caller's limits."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if self.required and not files:
            raise ValidationError(self.error_messages["required"], code="required")
        for item in files:
            self.to_python(item)
        return files
