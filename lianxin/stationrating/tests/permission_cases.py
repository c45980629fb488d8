"""Permission matrix: 星级评定's office screens and its public results."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from lianxin.accounts.tests.matrix import KEEPERS, Case
from lianxin.opinions.tests.intake_fixtures import PDF_BYTES
from lianxin.stationrating.models import EvidenceFile
from lianxin.stationrating.tests.helpers import make_application, make_round, make_template

_MATRIX_FILE = "stationrating/permission-matrix.pdf"


def _with_file(world) -> dict:
    application = make_application(world, make_round(world))
    # One fixed file, written once: the matrix runs often and must not fill the uploads folder.
    if not default_storage.exists(_MATRIX_FILE):
        default_storage.save(_MATRIX_FILE, ContentFile(PDF_BYTES))
    item = EvidenceFile.objects.create(
        application=application,
        file=_MATRIX_FILE,
        name="制度.pdf",
        content_type="application/pdf",
        size=len(PDF_BYTES),
    )
    return {"pk": application.pk, "file_pk": item.pk}


VIEW_ROUND = KEEPERS | {"committee", "leader", "liaison", "deputy", "west_staff", "west_liaison"}

CASES = {
    "stationrating:list": Case(ok=VIEW_ROUND),
    "stationrating:create": Case(ok=KEEPERS | {"west_staff"}),
    # A county round: its township liaisons see it (it covers their stations); its assessors
    # (office, leader) see it; the west township's staff do not.
    "stationrating:detail": Case(
        ok=KEEPERS | {"committee", "leader", "liaison", "west_liaison"},
        hidden={"deputy", "west_staff"},
        kwargs=lambda w: {"pk": make_round(w).pk},
    ),
    "stationrating:apply": Case(ok={"liaison", "west_liaison"}, kwargs=lambda w: {"pk": make_round(w).pk}),
    "stationrating:combine": Case(
        ok=KEEPERS, hidden={"west_staff"}, method="post", kwargs=lambda w: {"pk": make_round(w).pk}
    ),
    "stationrating:publish": Case(
        ok=KEEPERS, hidden={"west_staff"}, method="post", kwargs=lambda w: {"pk": make_round(w).pk}
    ),
    "stationrating:application": Case(
        ok=KEEPERS | {"leader", "liaison"},
        hidden={"committee", "deputy", "west_staff", "west_liaison"},
        kwargs=lambda w: {"pk": make_application(w, make_round(w)).pk},
    ),
    # Only the round's assessors (office and leader here) score.
    "stationrating:score": Case(
        ok={"office", "leader"},
        hidden={"committee", "deputy", "west_staff"},
        kwargs=lambda w: {"pk": make_application(w, make_round(w)).pk},
    ),
    "stationrating:evidence_file": Case(
        ok=KEEPERS | {"leader", "liaison"},
        hidden={"committee", "deputy", "west_staff", "west_liaison"},
        kwargs=lambda w: _with_file(w),
    ),
    "stationrating:templates": Case(ok=KEEPERS | {"leader", "west_staff"}),
    "stationrating:template_create": Case(ok=KEEPERS | {"west_staff"}),
    "stationrating:template_detail": Case(
        ok=KEEPERS | {"leader"}, hidden={"west_staff"}, kwargs=lambda w: {"pk": make_template(w).pk}
    ),
    "stationrating:template_edit": Case(
        ok=KEEPERS, hidden={"west_staff"}, kwargs=lambda w: {"pk": make_template(w).pk}
    ),
    "stationrating_public:results": Case(public=True),
}
