"""Public pages: the deputy's profile shows basic and duty information only; the 代表码; find my
deputy; the quarterly points beside their rules; a voter's one-time code."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lianxin.audit.models import Event
from lianxin.deputies.models import Deputy
from lianxin.duty import services
from lianxin.duty.models import DutyActivity, Kind, PointRule, SelfReport
from lianxin.duty.tests.fixtures import make_report, make_voter_report
from lianxin.duty.tests.test_record import actor
from lianxin.opinions.tests.intake_fixtures import make_opinion

pytestmark = pytest.mark.django_db


def profile(client, deputy):
    response = client.get(reverse("duty_public:profile", args=[deputy.public_code]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_profile_never_shows_phone_or_id_number_nor_what_citizens_wrote(world, client):
    make_opinion(world, deputy=world.east_deputy, title="我家门口下水道堵了", submitted_at=timezone.now())
    from lianxin.duty import collectors

    collectors.refresh("opinions")
    page = profile(client, world.east_deputy)
    assert "王建国代表" in page
    assert "连心县人民代表大会第十八届代表" in page
    assert "第1选区" in page
    assert "东城镇人大代表联络站" in page
    for secret in ("13812345678", "1381234", "5678", "11010519491231002X", "****"):
        assert secret not in page
    assert "我家门口下水道堵了" not in page
    assert "收到群众意见 1 件" in page
    assert reverse("opinions_public:deputy_form", args=[world.east_deputy.public_code]) in page


def test_the_profile_shows_this_years_activities_and_the_published_points(world, client):
    PointRule.objects.create(congress=world.county_congress, kind=Kind.INSPECTION, points=3)
    today = timezone.localdate()
    report = make_report(world, occurred_on=today, title="视察县城污水处理厂")
    services.approve_self_reports(actor=actor(world.staff), reports=[report])
    services.recompute_points(actor=actor(world.staff), congress=world.county_congress, year=today.year)
    page = profile(client, world.east_deputy)
    assert "视察县城污水处理厂" in page
    assert "本年度积分尚未公布。" in page
    services.publish_points(
        actor=actor(world.staff),
        congress=world.county_congress,
        year=today.year,
        quarter=services.quarter_of(today),
    )
    page = profile(client, world.east_deputy)
    assert "<strong>3</strong> 分" in page
    ranking = client.get(reverse("duty_public:ranking", args=[world.county_congress.pk])).content.decode()
    assert "王建国" in ranking
    assert "视察" in ranking


def test_the_profile_reads_a_fixed_number_of_queries_however_busy_the_deputy(
    world, client, django_assert_max_num_queries
):
    today = timezone.localdate()
    DutyActivity.objects.bulk_create(
        DutyActivity(
            deputy=world.east_deputy,
            kind=Kind.SURVEY,
            occurred_on=today,
            year=today.year,
            title=f"调研{i}",
            source="test",
            source_key=str(i),
        )
        for i in range(300)
    )
    # Nine: the suggestions the deputy led, published or counted, are one more query.
    with django_assert_max_num_queries(9):
        page = profile(client, world.east_deputy)
    assert "调研：300" in page


def test_a_person_without_any_seat_has_no_public_profile(world, client):
    nobody = Deputy.objects.create(name="候选人", gender="male", region=world.east)
    assert client.get(reverse("duty_public:profile", args=[nobody.public_code])).status_code == 404
    assert client.get(reverse("duty_public:code_png", args=[nobody.public_code])).status_code == 404


def test_the_deputy_code_opens_the_profile(world, client):
    png = client.get(reverse("duty_public:code_png", args=[world.east_deputy.public_code]))
    assert png["Content-Type"] == "image/png"
    assert png.content.startswith(b"\x89PNG")
    svg = client.get(reverse("duty_public:code_svg", args=[world.east_deputy.public_code]))
    assert svg["Content-Type"] == "image/svg+xml"
    assert b"<svg" in svg.content

    import io

    # The code carries the profile's absolute address; decode it by comparing with segno's own.
    import segno
    from PIL import Image

    expected = segno.make(
        "http://testserver" + reverse("duty_public:profile", args=[world.east_deputy.public_code]), error="m"
    )
    out = io.BytesIO()
    expected.save(out, kind="png", scale=12, border=4, light="#fff")
    assert Image.open(io.BytesIO(png.content)).tobytes() == Image.open(out).tobytes()


def test_find_my_deputy_by_region_by_constituency_and_by_name(world, client):
    url = reverse("duty_public:find")
    page = client.get(url, {"region": world.east.pk}).content.decode()
    assert "王建国" in page
    assert "李秀英" not in page
    page = client.get(
        url, {"region": world.county.pk, "constituency": world.constituency.pk}
    ).content.decode()
    assert "王建国" in page
    assert "李秀英" not in page
    page = client.get(url, {"q": "秀英"}).content.decode()
    assert "李秀英" in page
    assert "王建国" not in page
    # The top level lists the provinces to walk down from.
    assert "连心省" in client.get(url).content.decode()


def test_a_voter_rates_a_report_once_with_their_code(world, client):
    report = make_voter_report(world, held_on=datetime.date(2026, 5, 8), voters_present=2)
    codes = services.issue_vote_codes(actor=actor(world.staff), report=report, count=2)
    response = client.post(reverse("duty_public:vote"), {"code": codes[0].lower(), "value": "satisfied"})
    assert response.status_code == 302
    again = client.post(reverse("duty_public:vote"), {"code": codes[0], "value": "unsatisfied"})
    assert "这个评议码已经用过，每个评议码只能评议一次。" in again.content.decode()
    wrong = client.post(reverse("duty_public:vote"), {"code": "WRONG234", "value": "unsatisfied"})
    assert "评议码不正确，请核对后重新输入。" in wrong.content.decode()
    report.refresh_from_db()
    assert (report.satisfied, report.basically, report.unsatisfied) == (1, 0, 0)
    assert "满意 1、基本满意 0、不满意 0" in profile(client, world.east_deputy)


def test_more_codes_or_votes_than_voters_present_are_refused(world):
    report = make_voter_report(world, voters_present=3)
    before = (report.codes.count(), Event.objects.count())
    with pytest.raises(ValidationError) as raised:
        services.issue_vote_codes(actor=actor(world.staff), report=report, count=4)
    assert raised.value.messages == ["评议码总数不能超过参加选民人数（3 人，已生成 0 个）。"]
    with pytest.raises(ValidationError) as raised:
        services.voter_report_rate(
            actor=actor(world.staff), report=report, values={"satisfied": 2, "basically": 1, "unsatisfied": 1}
        )
    assert raised.value.messages == ["评议票数合计 4 超过参加选民人数 3。"]
    report.refresh_from_db()
    assert (report.codes.count(), Event.objects.count(), report.satisfied) == (*before, 0)


def test_a_voter_report_enters_the_record(world):
    services.voter_report_create(
        actor=actor(world.staff),
        deputy=world.east_deputy,
        values={
            "held_on": datetime.date(2026, 5, 8),
            "place": "东城社区活动室",
            "voters_present": 40,
            "content": "一年来的履职情况。",
        },
    )
    assert list(DutyActivity.objects.values_list("kind", "title")) == [
        (Kind.REPORT, "在东城社区活动室向选民述职")
    ]
    assert SelfReport.objects.count() == 0


def test_staff_upload_a_photo_the_public_then_sees(world, client, as_user):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from lianxin.duty.tests.fixtures import pdf_upload

    url = reverse("duty_public:photo", args=[world.east_deputy.public_code])
    assert client.get(url).status_code == 404
    staff = as_user(world.staff)
    upload_url = reverse("duty:photo_upload", args=[world.east_deputy.pk])
    refused = staff.post(upload_url, {"photo": pdf_upload("照片.pdf")})
    assert "代表照片须为 JPEG 或 PNG 图片。" in refused.content.decode()
    assert not Event.objects.filter(action="duty.photo.updated").exists()
    out = io.BytesIO()
    Image.new("RGB", (30, 40), "red").save(out, format="JPEG")
    staff.post(
        upload_url, {"photo": SimpleUploadedFile("王建国.jpg", out.getvalue(), content_type="image/jpeg")}
    )
    response = client.get(url)
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content) == out.getvalue()
    assert f'src="{url}"' in profile(client, world.east_deputy)
