"""Letter templates and letters in the permission matrix.

Templates are kept by the congress's offices in their scope (the west township's staff keep their
own congress's and are told the county's do not exist). The 交办函 is the offices'; a 答复函 is
for whoever may see the reply: staff, leaders, the lead deputy and the clerk of the unit that
answered — the clerk of a unit the item never reached is told it does not exist.
"""

from django.core.files.base import ContentFile

from lianxin.accounts.tests.matrix import STAFF, Case
from lianxin.documents import defaults
from lianxin.documents.models import Kind, LetterTemplate
from lianxin.suggestions.tests.handled import assigned_suggestion, replied_suggestion


def _congress(w) -> dict:
    return {"congress_pk": w.county_congress.pk, "kind": Kind.ASSIGNMENT}


def _version(w) -> dict:
    template = LetterTemplate(
        congress=w.county_congress,
        kind=Kind.ASSIGNMENT,
        version=1,
        original_name="交办函.docx",
        size=1,
        sha256="0" * 64,
        uploaded_by=w.staff,
    )
    template.file.save("matrix.docx", ContentFile(defaults.default_template(Kind.ASSIGNMENT)), save=False)
    template.save()
    return {"pk": template.pk}


def _assigned(w) -> dict:
    return {"pk": assigned_suggestion(w).pk}


def _reply(w) -> dict:
    # Only the transport bureau has it: the other unit's clerk never saw the item.
    _suggestion, reply = replied_suggestion(w, co=False)
    return {"pk": reply.pk}


CASES = {
    "documents:templates": Case(ok=STAFF | {"west_staff"}),
    "documents:current": Case(ok=STAFF, hidden={"west_staff"}, kwargs=_congress),
    "documents:use_default": Case(ok=STAFF, hidden={"west_staff"}, method="post", kwargs=_congress),
    "documents:version_file": Case(ok=STAFF, hidden={"west_staff"}, kwargs=_version),
    "documents:activate": Case(ok=STAFF, hidden={"west_staff"}, method="post", kwargs=_version),
    "documents:assignment_letter": Case(ok=STAFF, hidden={"west_staff"}, kwargs=_assigned),
    "documents:reply_letter": Case(
        ok=STAFF | {"leader", "deputy", "clerk"}, hidden={"west_staff", "west_clerk"}, kwargs=_reply
    ),
}
