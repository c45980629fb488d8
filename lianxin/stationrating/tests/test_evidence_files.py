"""Evidence files: judged by content, stored under random names, served only to those who may
see the application; a refused application leaves no file behind."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lianxin.conftest import client_for
from lianxin.opinions.tests.intake_fixtures import PDF_BYTES, png_bytes
from lianxin.stationrating import services
from lianxin.stationrating.models import Application, EvidenceFile
from lianxin.stationrating.services import RatingError
from lianxin.stationrating.tests.helpers import actor, full_marks, make_round


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def _apply(world, round_, files, points=None):
    return services.apply(
        actor=actor(world.liaison),
        round=round_,
        station=world.east_station,
        statement="说明",
        points=points or full_marks(round_),
        evidence={},
        files=files,
    )


def test_photos_and_pdfs_are_kept_under_random_names(world):
    application = _apply(
        world,
        make_round(world),
        [
            SimpleUploadedFile("场所照片.png", png_bytes(), "image/png"),
            SimpleUploadedFile("制度.pdf", PDF_BYTES, "application/pdf"),
        ],
    )
    assert [(f.name, f.content_type) for f in application.files.all()] == [
        ("场所照片.png", "image/png"),
        ("制度.pdf", "application/pdf"),
    ]
    names = sorted(path.name for path in stored_files())
    assert len(names) == 2
    assert not any("场所" in name for name in names)


def test_a_file_that_is_not_what_it_claims_is_refused_and_nothing_is_kept(world):
    round_ = make_round(world)
    with pytest.raises(RatingError) as refused:
        _apply(world, round_, [SimpleUploadedFile("照片.png", b"not an image at all", "image/png")])
    assert refused.value.message_dict["files"] == ["“照片.png”不是 JPEG、PNG 图片或 PDF 文件。"]
    assert Application.objects.count() == 0
    assert stored_files() == []


def test_a_refused_application_removes_the_files_it_had_written(world):
    round_ = make_round(world)
    points = full_marks(round_)
    points[next(iter(points))] += 1
    with pytest.raises(RatingError):
        _apply(world, round_, [SimpleUploadedFile("场所照片.png", png_bytes(), "image/png")], points=points)
    assert Application.objects.count() == 0
    assert EvidenceFile.objects.count() == 0
    assert stored_files() == []


@pytest.mark.parametrize(
    ("persona", "status"),
    [("staff", 200), ("liaison", 200), ("office", 200), ("west_liaison", 404), ("citizen", 403)],
)
def test_only_those_who_see_the_application_download_its_files(world, persona, status):
    application = _apply(
        world, make_round(world), [SimpleUploadedFile("场所照片.png", png_bytes(), "image/png")]
    )
    item = application.files.get()
    response = client_for(getattr(world, persona)).get(
        reverse("stationrating:evidence_file", args=[application.pk, item.pk])
    )
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == png_bytes()
        assert response["Cache-Control"] == "private, no-store"
        assert "attachment" in response["Content-Disposition"]
