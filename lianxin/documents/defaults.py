"""The built-in letter templates, made in code with python-docx (no binary in the repository).

Staff download one of these, change the wording and layout in Word or WPS, keep the
``{{ field }}`` tags they need (the template page lists them) and upload it as a new version.
"""

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from lianxin.documents.models import Kind


def _document():
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "仿宋"
    style.font.size = Pt(16)  # 三号, the size of official letters' body text (GB/T 9704)
    return document


def _heading(document, text):
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = True
    run.font.size = Pt(22)  # 二号


def _right(document, text):
    paragraph = document.add_paragraph(text)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _assignment() -> bytes:
    document = _document()
    _heading(document, "{{ congress }}常务委员会")
    _heading(document, "代表建议交办函")
    _right(document, "{{ number }}")
    document.add_paragraph("{{ lead_unit }}{% if units %}{{ units }}{% endif %}：")
    document.add_paragraph(
        "现将{{ lead_deputy }}代表{% if cosigners %}（联名：{{ cosigners }}）{% endif %}提出的"
        "《{{ title }}》交由你单位{% if lead_unit %}主办{% else %}分别办理{% endif %}"
        "{% if co_units %}，{{ co_units }}会办{% endif %}。"
        "请于{{ due_on }}前答复代表，同时抄送本委员会"
        "{% if co_units %}；会办单位请于{{ co_due_on }}前向主办单位提出会办意见{% endif %}。"
    )
    document.add_paragraph("建议类别：{{ category }}    提出日期：{{ submitted_on }}")
    document.add_paragraph("建议内容：")
    document.add_paragraph("{{ content }}")
    _right(document, "{{ congress }}常务委员会办公室")
    _right(document, "{{ assigned_on }}")
    return _bytes(document)


def _reply() -> bytes:
    document = _document()
    _heading(document, "{{ unit }}")
    _heading(document, "关于{{ congress }}代表建议的答复函")
    _right(document, "{{ number }}    答复类别：{{ reply_category }}类")
    document.add_paragraph("{{ lead_deputy }}代表：")
    document.add_paragraph("您提出的《{{ title }}》收悉，现答复如下：")
    document.add_paragraph("{{ reply_text }}")
    document.add_paragraph("{% if promises %}我单位承诺办理的事项：{% endif %}")
    document.add_paragraph("{%p for p in promises %}")
    document.add_paragraph("{{ loop.index }}. {{ p.text }}（{{ p.due_on }}前完成）")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("感谢您对我们工作的关心和支持。")
    _right(document, "签发人：{{ signed_off_by }}")
    _right(document, "{{ unit }}")
    _right(document, "{{ replied_on }}")
    return _bytes(document)


def _bytes(document) -> bytes:
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


BUILDERS = {Kind.ASSIGNMENT: _assignment, Kind.REPLY: _reply}


def default_template(kind: str) -> bytes:
    return BUILDERS[kind]()
