"""The office screens of 民意直通车: the ledger, the queue, one opinion, its actions, entry, categories."""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lianxin.accounts.actor import Actor
from lianxin.audit.models import Event
from lianxin.casework.models import Assignment, Case
from lianxin.conftest import client_for
from lianxin.opinions import handling, wall
from lianxin.opinions.models import Attachment, Category, Opinion
from lianxin.opinions.tests.intake_fixtures import (  # noqa: F401
    PDF_BYTES,
    PHONE,
    _empty_outbox,
    _uploads_in_a_temporary_folder,
    make_opinion,
    replied,
)
from lianxin.suggestions.models import Suggestion

LIST_URL = reverse("opinions:office_list")
QUEUE_URL = reverse("opinions:office_queue")
ENTRY_URL = reverse("opinions:office_entry")


def actor(user) -> Actor:
    return Actor(user=user, role=user.active_memberships()[0].role)


def detail_url(opinion) -> str:
    return reverse("opinions:office_detail", args=[opinion.pk])


def titles(response) -> list[str]:
    return [row["cells"][0] for row in response.context["rows"]]


@pytest.fixture
def east(world):
    """An opinion brought to the east deputy at the east station."""
    return make_opinion(world, title="东城社区路灯不亮", deputy=world.east_deputy, station=world.east_station)


@pytest.fixture
def accepted(world, east):
    return handling.accept(actor=actor(world.staff), opinion=east)


# ---------------------------------------------------------------- the ledger


def test_the_ledger_shows_each_user_what_they_may_see(world, east):
    make_opinion(world, title="东城镇无站点意见", submitter_phone="13700001234")
    make_opinion(world, title="西山村道路坑洼", region=world.west, station=world.west_station)
    assert set(titles(client_for(world.staff).get(LIST_URL))) == {
        "东城社区路灯不亮",
        "东城镇无站点意见",
        "西山村道路坑洼",
    }
    # A liaison sees their station's opinions, a deputy those brought to them.
    assert titles(client_for(world.liaison).get(LIST_URL)) == ["东城社区路灯不亮"]
    assert titles(client_for(world.deputy).get(LIST_URL)) == ["东城社区路灯不亮"]
    assert titles(client_for(world.west_staff).get(LIST_URL)) == ["西山村道路坑洼"]
    assert titles(client_for(world.west_liaison).get(LIST_URL)) == ["西山村道路坑洼"]


def test_phones_are_masked_in_the_ledger(world, east):
    body = client_for(world.staff).get(LIST_URL).content.decode()
    assert "139****5678" in body
    assert "13912345678" not in body


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "accepted"}, {"已受理的"}),
        ({"route": "none", "status": "accepted"}, {"已受理的"}),
        ({"route": "units"}, set()),
        ({"channel": "letter"}, {"来信"}),
        ({"deputy": "王建"}, {"已受理的"}),
        ({"submitted_from": "2026-01-01", "submitted_to": "2026-01-31"}, {"一月的"}),
        ({"state": "registered"}, {"已受理的"}),
        ({"light": "red"}, set()),
    ],
)
def test_the_ledger_filters(world, query, expected):
    handling.accept(
        actor=actor(world.staff), opinion=make_opinion(world, title="已受理的", deputy=world.east_deputy)
    )
    make_opinion(world, title="来信", channel=Opinion.Channel.LETTER)
    make_opinion(world, title="一月的", submitted_at=datetime.datetime(2026, 1, 15, 10, tzinfo=datetime.UTC))
    assert set(titles(client_for(world.staff).get(LIST_URL, query))) == expected


def test_the_ledger_filters_by_category_region_station_and_light(world, accepted):
    category = Category.objects.create(name="市政设施")
    Opinion.objects.filter(pk=accepted.pk).update(category=category)
    make_opinion(world, title="西山村道路坑洼", region=world.west)
    staff = client_for(world.staff)
    assert titles(staff.get(LIST_URL, {"category": category.pk})) == [accepted.title]
    assert titles(staff.get(LIST_URL, {"region": world.west.pk})) == ["西山村道路坑洼"]
    assert titles(staff.get(LIST_URL, {"station": world.east_station.pk})) == [accepted.title]
    handling.assign_units(actor=actor(world.staff), opinion=accepted, lead=world.unit)
    assert titles(staff.get(LIST_URL, {"light": "green"})) == [accepted.title]
    Case.objects.filter(pk=accepted.case_id).update(
        due_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert titles(staff.get(LIST_URL, {"light": "red"})) == [accepted.title]
    assert titles(staff.get(LIST_URL, {"light": "green"})) == []


def test_the_ledger_finds_a_tracking_code_typed_in_lower_case(world, east):
    make_opinion(world, title="别的意见")
    code = east.tracking_code
    assert titles(client_for(world.staff).get(LIST_URL, {"q": f"{code[:5].lower()} {code[5:].lower()}"})) == [
        east.title
    ]


def test_the_export_carries_the_filters_and_masks_phones(world, east):
    make_opinion(world, title="来信", channel=Opinion.Channel.LETTER, submitter_phone="13700001234")
    response = client_for(world.leader).get(LIST_URL, {"channel": "letter", "format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][0] == "标题"
    assert [row[0] for row in rows[1:]] == ["来信"]
    assert "137****1234" in rows[1]
    assert "13700001234" not in rows[1]


def test_a_liaison_cannot_export(world, east):
    response = client_for(world.liaison).get(LIST_URL, {"format": "xlsx"})
    assert response["Content-Type"].startswith("text/html")


def test_the_queue_lists_what_waits_oldest_first(world, east):
    older = make_opinion(
        world,
        title="上周的",
        station=world.east_station,
        submitted_at=timezone.now() - datetime.timedelta(days=7),
    )
    handling.accept(
        actor=actor(world.staff), opinion=make_opinion(world, title="已受理", station=world.east_station)
    )
    assert titles(client_for(world.staff).get(QUEUE_URL)) == [older.title, east.title]
    assert titles(client_for(world.liaison).get(QUEUE_URL)) == [older.title, east.title]


# ---------------------------------------------------------------- one opinion


def test_the_page_masks_the_phone_and_staff_reveal_it_with_an_audit_event(world, east):
    body = client_for(world.staff).get(detail_url(east)).content.decode()
    assert "139****5678" in body
    assert "13912345678" not in body
    reveal = reverse("privacy:reveal", args=["opinions.opinion", east.pk, "submitter_phone"])
    assert reveal in body
    response = client_for(world.staff).post(reveal)
    assert "13912345678" in response.content.decode()
    assert Event.objects.filter(action="privacy.personal_data.revealed", target_id=str(east.pk)).exists()
    # The liaison sees the opinion but not the number.
    assert reveal not in client_for(world.liaison).get(detail_url(east)).content.decode()
    assert client_for(world.liaison).post(reveal).status_code == 403


def test_the_page_offers_only_the_actions_the_user_may_take(world, east):
    forms = client_for(world.staff).get(detail_url(east)).context["forms"]
    assert set(forms) == {"accept", "refuse", "merge"}
    assert client_for(world.leader).get(detail_url(east)).context["forms"] == {}
    assert client_for(world.deputy).get(detail_url(east)).context["forms"] == {}
    handling.accept(actor=actor(world.staff), opinion=east)
    assert set(client_for(world.staff).get(detail_url(east)).context["forms"]) == {
        "answer",
        "assign",
        "convert",
    }
    assert set(client_for(world.liaison).get(detail_url(east)).context["forms"]) == {"answer", "escalate"}
    assert set(client_for(world.deputy).get(detail_url(east)).context["forms"]) == {"answer"}


def test_the_page_summarises_the_case_and_its_timeline(world, accepted):
    handling.assign_units(actor=actor(world.staff), opinion=accepted, lead=world.unit)
    response = client_for(world.staff).get(detail_url(accepted))
    body = response.content.decode()
    assert "办理情况" in body
    assert "连心县交通运输局" in body
    labels = [entry["label"] for entry in response.context["timeline"]]
    assert "受理" in labels
    assert "交办承办单位" in labels


def test_the_case_link_appears_only_when_the_casework_page_exists(world, accepted, monkeypatch):
    from lianxin.opinions import office_views

    monkeypatch.setattr(office_views, "reverse", _reverse_without_casework)
    assert client_for(world.staff).get(detail_url(accepted)).context["case_summary"]["url"] == ""


def _reverse_without_casework(name, *args, **kwargs):
    from django.urls import NoReverseMatch
    from django.urls import reverse as real_reverse

    if name.startswith("casework:"):
        raise NoReverseMatch(name)
    return real_reverse(name, *args, **kwargs)


def test_accepting_from_the_page(world, east):
    response = client_for(world.liaison).post(reverse("opinions:office_accept", args=[east.pk]))
    assert response["Location"] == detail_url(east)
    east.refresh_from_db()
    assert east.status == Opinion.Status.ACCEPTED


def test_a_refusal_without_reason_shows_the_error_beside_the_field(world, east):
    before = Event.objects.count()
    response = client_for(world.staff).post(
        reverse("opinions:office_refuse", args=[east.pk]), {"refuse-reason": ""}
    )
    assert response.status_code == 200
    assert response.context["forms"]["refuse"].errors["reason"] == [
        "请填写不予受理的理由，群众查询时会看到。"
    ]
    east.refresh_from_db()
    assert east.status == Opinion.Status.SUBMITTED
    assert Event.objects.count() == before


def test_merging_by_the_targets_tracking_code(world, accepted):
    duplicate = make_opinion(world, title="路灯坏了", station=world.east_station)
    response = client_for(world.staff).post(
        reverse("opinions:office_merge", args=[duplicate.pk]), {"merge-into": accepted.tracking_code.lower()}
    )
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.merged_into == accepted
    body = client_for(world.staff).get(detail_url(accepted)).content.decode()
    assert "并入本件的意见" in body
    assert "路灯坏了" in body


def test_a_merge_code_outside_the_users_sight_is_not_found(world, east):
    west = handling.accept(actor=actor(world.west_staff), opinion=make_opinion(world, region=world.west))
    response = client_for(world.liaison).post(
        reverse("opinions:office_merge", args=[east.pk]), {"merge-into": west.tracking_code}
    )
    assert response.context["forms"]["merge"].errors["into"] == ["没有找到这个查询码对应的意见。"]


def test_the_deputy_answers_from_the_page(world, accepted):
    response = client_for(world.deputy).post(
        reverse("opinions:office_answer", args=[accepted.pk]), {"answer-text": "已协调社区维修。"}
    )
    assert response.status_code == 302
    accepted.refresh_from_db()
    assert accepted.route == Opinion.Route.DEPUTY
    assert accepted.case.state == Case.State.REPLIED


def test_assigning_from_the_page(world, accepted):
    response = client_for(world.staff).post(
        reverse("opinions:office_assign", args=[accepted.pk]),
        {"assign-lead": world.unit.pk, "assign-co": [world.other_unit.pk]},
    )
    assert response.status_code == 302
    assert set(accepted.case.assignments.values_list("kind", flat=True)) == {
        Assignment.Kind.LEAD,
        Assignment.Kind.CO,
    }


def test_an_engine_refusal_shows_on_the_page_and_changes_nothing(world, accepted):
    response = client_for(world.staff).post(
        reverse("opinions:office_assign", args=[accepted.pk]), {"assign-separate": [world.unit.pk]}
    )
    assert response.status_code == 200
    assert "分别办理须指定两个以上单位，且不设会办单位。" in response.content.decode()
    assert not accepted.case.assignments.exists()


def test_escalating_from_the_page(world, accepted):
    client_for(world.liaison).post(
        reverse("opinions:office_escalate", args=[accepted.pk]), {"escalate-note": "请交办"}
    )
    accepted.refresh_from_db()
    assert accepted.route == Opinion.Route.ESCALATED


def test_converting_from_the_page_links_both_ways(world, accepted):
    response = client_for(world.staff).post(
        reverse("opinions:office_convert", args=[accepted.pk]), {"convert-deputy": world.east_deputy.pk}
    )
    assert response.status_code == 302
    suggestion = Suggestion.objects.get(source_opinion=accepted)
    body = client_for(world.staff).get(detail_url(accepted)).content.decode()
    assert reverse("suggestions:detail", args=[suggestion.pk]) in body
    back = client_for(world.deputy).get(reverse("suggestions:detail", args=[suggestion.pk])).content.decode()
    assert detail_url(accepted) in back


def test_attachments_are_served_only_through_the_permission_checked_view(world, east):
    item = Attachment(opinion=east, name="现场照片.pdf", content_type="application/pdf", size=len(PDF_BYTES))
    item.file.save("a.pdf", ContentFile(PDF_BYTES))
    url = reverse("opinions:office_attachment", args=[east.pk, item.pk])
    assert url in client_for(world.staff).get(detail_url(east)).content.decode()
    response = client_for(world.staff).get(url)
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Cache-Control"] == "private, no-store"
    assert "attachment" in response["Content-Disposition"]
    assert client_for(world.west_staff).get(url).status_code == 404
    other = make_opinion(world, title="别的意见")
    assert (
        client_for(world.staff)
        .get(reverse("opinions:office_attachment", args=[other.pk, item.pk]))
        .status_code
        == 404
    )


# ---------------------------------------------------------------- entry


def test_a_liaison_is_offered_only_their_stations(world):
    form = client_for(world.liaison).get(ENTRY_URL).context["form"]
    assert list(form.fields["station"].queryset) == [world.east_station]
    assert list(form.fields["deputy"].queryset) == [world.east_deputy]


def test_entering_a_reception(world):
    response = client_for(world.liaison).post(
        ENTRY_URL,
        {
            "channel": "reception",
            "station": world.east_station.pk,
            "deputy": world.east_deputy.pk,
            "title": "东城社区停车难",
            "content": "小区周边停车位不足。",
            "region": world.east_village.pk,
            "name": "李大爷",
            "phone": "13912345678",
            "hide_name": "on",
        },
    )
    opinion = Opinion.objects.get(title="东城社区停车难")
    assert response["Location"] == detail_url(opinion)
    assert (opinion.entered_by, opinion.deputy, opinion.channel) == (
        world.liaison,
        world.east_deputy,
        "reception",
    )


def test_an_entry_without_a_phone_is_refused_beside_the_field(world):
    count = Opinion.objects.count()
    response = client_for(world.staff).post(
        ENTRY_URL, {"channel": "phone", "title": "噪音", "content": "夜间施工噪音。", "region": world.east.pk}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["phone"] == ["请填写群众的手机号（来信没有电话的可以不填）。"]
    assert Opinion.objects.count() == count


# ---------------------------------------------------------------- categories and navigation


def test_the_office_keeps_the_categories(world):
    office = client_for(world.office)
    response = office.post(
        reverse("opinions:category_create"), {"name": "生态环境", "order": "5", "is_active": "on"}
    )
    category = Category.objects.get(name="生态环境")
    assert response["Location"] == reverse("opinions:categories")
    office.post(
        reverse("opinions:category_edit", args=[category.pk]),
        {"name": "生态环保", "order": "5", "is_active": "on"},
    )
    office.post(reverse("opinions:category_deactivate", args=[category.pk]))
    category.refresh_from_db()
    assert (category.name, category.is_active) == ("生态环保", False)
    assert Event.objects.filter(action="opinions.category.created").count() == 1
    assert Event.objects.filter(action="opinions.category.updated").count() == 2
    assert "生态环保" in office.get(reverse("opinions:categories")).content.decode()


def test_a_duplicate_category_name_is_refused_beside_the_field(world):
    Category.objects.create(name="生态环境")
    response = client_for(world.office).post(
        reverse("opinions:category_create"), {"name": "生态环境", "order": "1"}
    )
    assert response.status_code == 200
    assert "name" in response.context["form"].errors


def test_navigation_shows_the_screens_the_user_may_open(world):
    labels = [item["label"] for item in client_for(world.liaison).get(LIST_URL).context["nav_items"]]
    assert "民意台账" in labels
    assert "待受理意见" in labels
    assert "登记意见" in labels
    assert "意见分类" not in labels
    leader = [item["label"] for item in client_for(world.leader).get(LIST_URL).context["nav_items"]]
    assert "民意台账" in leader
    assert "待受理意见" not in leader


def _letter(**extra) -> dict:
    return {"channel": "letter", "title": "来信反映排水", "content": "雨天积水严重。", **extra}


def test_a_letter_is_entered_with_its_scan(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    scan = SimpleUploadedFile("来信.pdf", PDF_BYTES, content_type="application/pdf")
    response = client_for(world.staff).post(ENTRY_URL, _letter(region=world.east.pk, attachments=[scan]))
    opinion = Opinion.objects.get(title="来信反映排水")
    assert response["Location"] == detail_url(opinion)
    item = opinion.attachments.get()
    assert (item.name, item.content_type) == ("来信.pdf", "application/pdf")
    assert not opinion.submitter_phone


def test_a_file_that_is_not_an_image_or_pdf_is_refused_and_nothing_is_written(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from lianxin.opinions.tests.intake_fixtures import stored_files

    fake = SimpleUploadedFile("来信.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = client_for(world.staff).post(ENTRY_URL, _letter(region=world.east.pk, attachments=[fake]))
    assert response.status_code == 200
    assert response.context["form"].errors["attachments"] == ["“来信.pdf”不是 JPEG、PNG 图片或 PDF 文件。"]
    assert not Opinion.objects.filter(title="来信反映排水").exists()
    assert stored_files() == []


def test_the_ledgers_queries_do_not_grow_with_its_rows(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    staff = client_for(world.staff)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            staff.get(LIST_URL)
        return len(captured)

    handling.accept(actor=actor(world.staff), opinion=make_opinion(world, deputy=world.east_deputy))
    queries()  # the first request also loads the session and caches what every page needs
    few = queries()
    for n in range(5):
        opinion = make_opinion(world, title=f"意见{n}", station=world.east_station, deputy=world.east_deputy)
        handling.accept(actor=actor(world.staff), opinion=opinion)
    assert queries() == few


def test_a_liaison_handles_what_was_brought_to_a_deputy_stationed_at_their_station(world):
    through_code = make_opinion(world, title="代表码反映", deputy=world.east_deputy, channel="deputy_code")
    # The east deputy is stationed at the east station only: its liaison sees and accepts it,
    # the west liaison is told it does not exist.
    assert titles(client_for(world.liaison).get(LIST_URL)) == ["代表码反映"]
    assert client_for(world.west_liaison).get(detail_url(through_code)).status_code == 404
    response = client_for(world.liaison).post(reverse("opinions:office_accept", args=[through_code.pk]))
    assert response.status_code == 302
    through_code.refresh_from_db()
    assert through_code.status == "accepted"


def test_an_answered_opinion_links_staff_to_its_publication_and_then_to_the_wall(world, accepted):
    publish_url = reverse("wall_office:publish", args=[accepted.pk])
    assert publish_url not in client_for(world.staff).get(detail_url(accepted)).content.decode()
    replied(world, accepted)
    assert publish_url in client_for(world.staff).get(detail_url(accepted)).content.decode()
    # Only those who may publish are offered it.
    assert publish_url not in client_for(world.leader).get(detail_url(accepted)).content.decode()
    accepted.refresh_from_db()
    wall.publish(
        actor=actor(world.staff), opinion=accepted, title="路灯", content="路灯不亮。", reply="已修复。"
    )
    page = client_for(world.leader).get(detail_url(accepted)).content.decode()
    assert reverse("wall:detail", args=[accepted.pk]) in page
    assert publish_url not in page


def test_the_unit_reads_what_was_raised_and_where_but_not_who_raised_it(world, accepted):
    accepted.place = "人民路东段"
    accepted.submitter_name = "赵小红"
    accepted.save(update_fields=["place", "submitter_name"])
    handling.assign_units(actor=actor(world.staff), opinion=accepted, lead=world.unit)
    page = client_for(world.clerk).get(reverse("casework:detail", args=[accepted.case_id])).content.decode()
    assert accepted.content in page
    assert "人民路东段" in page
    for secret in ("赵小红", PHONE, "139****5678"):
        assert secret not in page
