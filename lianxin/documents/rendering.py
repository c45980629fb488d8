"""Filling a letter template, and judging an uploaded one before it is kept.

Templates come from staff, so Jinja runs sandboxed (no attribute tricks reach Python) with
strict undefined names (a misspelt field is an error at upload, not a blank in a letter).
"""

import io
import zipfile

import jinja2
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment

from lianxin.documents.fields import sample_context

MAX_BYTES = 5 * 1024 * 1024
# A zip that expands past this is refused: a few kilobytes can unpack to gigabytes.
MAX_EXPANDED_BYTES = 50 * 1024 * 1024


def _environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=True)


def render(template: bytes, context: dict) -> bytes:
    document = DocxTemplate(io.BytesIO(template))
    document.render(context, jinja_env=_environment())
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def check_upload(data: bytes, kind: str) -> None:
    """Raise a ValidationError (Chinese, for the file field) unless ``data`` is a .docx that
    renders against the sample fields of ``kind``."""
    if len(data) > MAX_BYTES:
        raise ValidationError(_("文件不能超过 %(n)d MB。") % {"n": MAX_BYTES // (1024 * 1024)})
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            expanded = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise ValidationError(
            _("这不是 Word 文档（.docx）。请在 Word 或 WPS 中“另存为”.docx 格式后再上传。")
        ) from None
    if "word/document.xml" not in names:
        raise ValidationError(_("这不是 Word 文档（.docx）：文件中没有正文（word/document.xml）。"))
    if expanded > MAX_EXPANDED_BYTES:
        raise ValidationError(_("文档解压后过大，请删去大图片等内容后再上传。"))
    try:
        render(data, sample_context(kind))
    except jinja2.TemplateSyntaxError as error:
        raise ValidationError(
            _("模板中的标记有错误（%(detail)s）。请检查 {{ }} 和 {%% %%} 是否成对、拼写是否正确。")
            % {"detail": error.message}
        ) from None
    except jinja2.UndefinedError as error:
        raise ValidationError(
            _("模板使用了不存在的字段（%(detail)s）。可用字段见本页的字段表。") % {"detail": error.message}
        ) from None
    except jinja2.exceptions.SecurityError:
        raise ValidationError(_("模板中含有不允许的写法，只能使用字段表中的字段。")) from None
    except Exception as error:
        raise ValidationError(
            _("无法按此模板生成文档（%(detail)s）。请从本页下载当前模板重新修改。")
            % {"detail": type(error).__name__}
        ) from None
