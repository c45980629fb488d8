"""代表活动 with minutes and photos; the ledger; photos public only while the activity is."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from lianxin.opinions.tests.intake_fixtures import PDF_BYTES, _uploads_in_a_temporary_folder  # noqa: F401
from lianxin.spreadsheets.tests.workbooks import opened, sheet_rows
from lianxin.stations import services
from lianxin.stations.models import Activity, ActivityPhoto
from lianxin.stations.tests.fixtures import activity, actor, png_bytes

CREATE_URL = reverse("stations:activity_create")


def form_data(world, **overrides) -> dict:
    data = {
        "station": world.east_station.pk,
        "kind": "council",
        "title": "老旧小区加装电梯议事会",
        "held_on": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
        "place": "东城社区会议室",
        "deputies": [world.east_deputy.pk],
        "attendance": "25",
        "minutes": "议定：费用按楼层分摊，低层住户少出。",
        "is_public": "on",
    }
    return {**data, **overrides}


def photo(name="现场.png", content=None):
    return SimpleUploadedFile(name, content or png_bytes(), content_type="image/png")


def test_a_liaison_logs_an_activity_with_photos(world, as_user):
    response = as_user(world.liaison).post(
        CREATE_URL, {**form_data(world), "photos": [photo(), photo("二.png")]}
    )
    made = Activity.objects.get()
    assert response.status_code == 302
    assert [p.name for p in made.photos.all()] == ["现场.png", "二.png"]
    assert list(made.deputies.all()) == [world.east_deputy]


def test_a_pdf_as_a_photo_is_refused_and_nothing_is_saved(world, as_user):
    pdf = SimpleUploadedFile("纪要.pdf", PDF_BYTES, content_type="application/pdf")
    response = as_user(world.liaison).post(CREATE_URL, {**form_data(world), "photos": [photo(), pdf]})
    assert response.status_code == 200
    assert "不是照片" in str(response.context["form"].errors["photos"])
    assert not Activity.objects.exists()
    assert not ActivityPhoto.objects.exists()


def test_an_activity_in_the_future_is_refused(world, as_user):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = as_user(world.liaison).post(CREATE_URL, form_data(world, held_on=tomorrow))
    assert "活动日期不能晚于今天" in response.content.decode()
    assert not Activity.objects.exists()


def test_a_deputy_of_another_station_is_refused(world):
    values = {
        "kind": "council",
        "title": "议事会",
        "held_on": timezone.localdate(),
        "place": "",
        "deputies": [world.west_deputy],
        "attendance": 0,
        "minutes": "",
        "is_public": True,
    }
    with pytest.raises(ValidationError) as refused:
        services.activity_create(actor=actor(world.liaison), station=world.east_station, values=values)
    assert refused.value.message_dict["deputies"] == ["李秀英不是“东城镇人大代表联络站”的进站代表。"]
    assert not Activity.objects.exists()


def test_the_activity_ledger_exports_minutes_and_counts(world, as_user):
    activity(world)
    response = as_user(world.leader).get(reverse("stations:activities"), {"format": "xlsx"})
    rows = sheet_rows(opened(response).active)
    assert rows[0] == [
        "活动主题",
        "活动日期",
        "履职阵地",
        "活动类型",
        "活动地点",
        "参加代表",
        "参加代表人数",
        "参加群众人数",
        "照片",
        "活动纪要",
    ]
    assert rows[1][0] == "老旧小区加装电梯议事会"
    assert rows[1][5:8] == ["王建国", 1, 25]


def test_photos_are_public_only_while_the_activity_is(world, client):
    made = activity(world, with_photo=True)
    url = reverse(
        "stations_public:activity_photo", args=[world.east_station.public_code, made.pk, made.photos.get().pk]
    )
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    made.is_public = False
    made.save()
    assert client.get(url).status_code == 404
