"""Permission matrix: the office side of 民意直通车 (登记受理, routing, the ledger, categories).

The opinion was brought to the east deputy at the east station: its deputy and that
station's liaison see it; the west township's staff and liaison are told it does not exist.
"""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from lianxin.accounts.tests.matrix import STAFF, Case
from lianxin.opinions import handling
from lianxin.opinions.models import Attachment, Category, Opinion
from lianxin.opinions.tests.intake_fixtures import PDF_BYTES, staff_actor

SEE = STAFF | {"leader", "liaison", "deputy"}
WEST = {"west_staff", "west_liaison"}
HANDLERS = STAFF | {"liaison"}
CATEGORY_KEEPERS = {"office", "admin"}


def _opinion(w, title="东城社区路灯不亮") -> Opinion:
    opinion, _created = Opinion.objects.get_or_create(
        title=title,
        defaults={
            "channel": Opinion.Channel.STATION_CODE,
            "content": "人民路东段路灯不亮。",
            "region": w.east,
            "submitter_phone": "13912345678",
            "deputy": w.east_deputy,
            "station": w.east_station,
        },
    )
    return opinion


def submitted(w) -> dict:
    return {"pk": _opinion(w).pk}


def accepted(w) -> dict:
    opinion = _opinion(w, title="东城菜市场噪音扰民")
    if opinion.status == Opinion.Status.SUBMITTED:
        opinion = handling.accept(actor=staff_actor(w.staff), opinion=opinion)
    return {"pk": opinion.pk}


_MATRIX_FILE = "opinions/permission-matrix.pdf"


def with_attachment(w) -> dict:
    opinion = _opinion(w)
    item = opinion.attachments.first()
    if item is None:
        # One fixed file, written once: the matrix runs often and must not fill the uploads folder.
        if not default_storage.exists(_MATRIX_FILE):
            default_storage.save(_MATRIX_FILE, ContentFile(PDF_BYTES))
        item = Attachment.objects.create(
            opinion=opinion,
            file=_MATRIX_FILE,
            name="现场.pdf",
            content_type="application/pdf",
            size=len(PDF_BYTES),
        )
    return {"pk": opinion.pk, "attachment_pk": item.pk}


def category(w) -> dict:
    return {"pk": Category.objects.order_by("pk").first().pk}


CASES = {
    "opinions:office_list": Case(ok=SEE | WEST),
    "opinions:office_queue": Case(ok=HANDLERS | WEST),
    "opinions:office_entry": Case(ok=HANDLERS | WEST),
    "opinions:office_detail": Case(ok=SEE, hidden=WEST, kwargs=submitted),
    "opinions:office_attachment": Case(ok=SEE, hidden=WEST, kwargs=with_attachment),
    "opinions:office_accept": Case(ok=HANDLERS, hidden=WEST, method="post", kwargs=submitted),
    "opinions:office_refuse": Case(ok=HANDLERS, hidden=WEST, method="post", kwargs=submitted),
    "opinions:office_merge": Case(ok=HANDLERS, hidden=WEST, method="post", kwargs=submitted),
    # Who answers directly is the source's rule: the opinion's deputy, its station's liaison, staff.
    "opinions:office_answer": Case(
        ok=STAFF | {"deputy", "liaison"}, hidden=WEST, method="post", kwargs=accepted
    ),
    "opinions:office_assign": Case(ok=STAFF, hidden={"west_staff"}, method="post", kwargs=accepted),
    "opinions:office_escalate": Case(ok=HANDLERS, hidden=WEST, method="post", kwargs=accepted),
    "opinions:office_convert": Case(ok=STAFF, hidden={"west_staff"}, method="post", kwargs=accepted),
    "opinions:categories": Case(ok=CATEGORY_KEEPERS),
    "opinions:category_create": Case(ok=CATEGORY_KEEPERS),
    "opinions:category_edit": Case(ok=CATEGORY_KEEPERS, kwargs=category),
    "opinions:category_deactivate": Case(ok=CATEGORY_KEEPERS, method="post", kwargs=category),
}
