"""Writes of the documents app: a template version uploaded, a version put in use, a letter made.

Each records an audit event; an upload that fails the checks writes nothing.
"""

import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from lianxin.accounts.actor import Actor
from lianxin.audit.recorder import record
from lianxin.documents import defaults, rendering
from lianxin.documents.models import Kind, LetterTemplate

MANAGE = "documents.manage_template"


def current_template(congress, kind: str) -> tuple[LetterTemplate | None, bytes]:
    """The version in use for ``congress`` (None: the built-in default) and its bytes."""
    active = LetterTemplate.objects.filter(congress=congress, kind=kind, is_active=True).first()
    if active is None:
        return None, defaults.default_template(kind)
    with active.file.open("rb") as handle:
        return active, handle.read()


def upload_template(*, actor: Actor, congress, kind: str, upload, note: str = "", activate: bool = True):
    """A new version of ``kind`` for ``congress``; refused with a message for ``file`` unless it
    is a real .docx that renders against the sample fields."""
    if kind not in Kind.values:
        raise ValidationError({"kind": _("请选择公文种类。")})
    if not actor.user.has_perm(MANAGE, congress):
        raise PermissionDenied
    if upload.size > rendering.MAX_BYTES:
        # Refused before reading it all into memory.
        raise ValidationError(
            {"file": _("文件不能超过 %(n)d MB。") % {"n": rendering.MAX_BYTES // (1024 * 1024)}}
        )
    data = upload.read()
    try:
        rendering.check_upload(data, kind)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    with transaction.atomic():
        # Versions are numbered per congress and kind; the lock on the congress row makes two
        # uploads at once take turns instead of colliding on the number.
        type(congress).objects.select_for_update().get(pk=congress.pk)
        last = LetterTemplate.objects.filter(congress=congress, kind=kind).aggregate(n=Max("version"))["n"]
        template = LetterTemplate(
            congress=congress,
            kind=kind,
            version=(last or 0) + 1,
            original_name=(upload.name or "")[:200],
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            note=note,
            uploaded_by=actor.user,
        )
        # A random stored name: the uploader's file name never reaches the file system.
        template.file.save(f"{secrets.token_hex(16)}.docx", ContentFile(data), save=False)
        template.save()
        record(
            actor=actor,
            action="documents.template.uploaded",
            target=template,
            data={"kind": kind, "version": template.version, "sha256": template.sha256, "note": note},
        )
        if activate:
            _activate(actor, template)
    return template


def activate_template(*, actor: Actor, template: LetterTemplate) -> LetterTemplate:
    if not actor.user.has_perm(MANAGE, template):
        raise PermissionDenied
    with transaction.atomic():
        template = (
            LetterTemplate.objects.select_for_update().select_related("congress__region").get(pk=template.pk)
        )
        if template.is_active:
            raise ValidationError(_("该版本已在使用中。"))
        _activate(actor, template)
    return template


def use_default(*, actor: Actor, congress, kind: str) -> None:
    """Back to the built-in template (no uploaded version in use)."""
    if not actor.user.has_perm(MANAGE, congress):
        raise PermissionDenied
    with transaction.atomic():
        active = (
            LetterTemplate.objects.select_for_update()
            .filter(congress=congress, kind=kind, is_active=True)
            .first()
        )
        if active is None:
            raise ValidationError(_("已在使用内置模板。"))
        LetterTemplate.objects.filter(pk=active.pk).update(is_active=False)
        record(
            actor=actor,
            action="documents.template.activated",
            target=congress,
            data={"kind": kind, "version": 0, "previous": active.version},
        )


def _activate(actor: Actor, template: LetterTemplate) -> None:
    previous = (
        LetterTemplate.objects.select_for_update()
        .filter(congress=template.congress_id, kind=template.kind, is_active=True)
        .exclude(pk=template.pk)
        .values_list("version", flat=True)
        .first()
    )
    # Off first, then on: the partial unique index allows one active version at a time.
    LetterTemplate.objects.filter(congress=template.congress_id, kind=template.kind, is_active=True).update(
        is_active=False
    )
    LetterTemplate.objects.filter(pk=template.pk).update(is_active=True)
    template.is_active = True
    record(
        actor=actor,
        action="documents.template.activated",
        target=template,
        data={"kind": template.kind, "version": template.version, "previous": previous or 0},
    )


def make_letter(*, actor: Actor, congress, kind: str, context: dict, target) -> tuple[bytes, int]:
    """Render the congress's current ``kind`` template for ``target`` and record that it was made
    (who, which item, which version). Returns the document and the version used (0 = built-in)."""
    template, data = current_template(congress, kind)
    document = rendering.render(data, context)
    version = template.version if template is not None else 0
    record(
        actor=actor,
        action="documents.letter.generated",
        target=target,
        data={"kind": kind, "version": version},
    )
    return document, version
