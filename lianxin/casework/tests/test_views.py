"""The office screens of the handling engine: the case page, each action's happy path and its
refusal (a Chinese message beside the form, nothing changed), the lists and their exports."""

import datetime
import io
from pathlib import Path

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from lianxin.accounts.actor import Actor
from lianxin.casework import services, sources
from lianxin.casework.models import Assignment, Case, CoOpinion, Extension, Reply, ReplyAttachment, Urge
from lianxin.casework.tests.conftest import TEST_POLICY
from lianxin.spreadsheets.tests.workbooks import opened, sheet_rows
from lianxin.units.models import HandlingUnit

D = datetime.date
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def at(day: datetime.date):
    return time_machine.travel(
        timezone.make_aware(datetime.datetime.combine(day, datetime.time(10))), tick=False
    )


def actor(user) -> Actor:
    return Actor(user=user, role="", ip=None)


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"


@pytest.fixture
def third_unit(world):
    return HandlingUnit.objects.create(
        name="连心县住房和城乡建设局", kind=HandlingUnit.Kind.DEPARTMENT, region=world.county
    )


OPENED_ON = D(2026, 3, 1)
ASSIGNED_ON = D(2026, 3, 2)


def opened_case(world, title="东城路路灯不亮", day=OPENED_ON) -> Case:
    with at(day):
        return services.open_case(actor=actor(world.staff), source="test", title=title, region=world.east)


def assigned(world, *, co=True, day=ASSIGNED_ON):
    """A case with the transport bureau as lead (clerk) and the education bureau co-handling (west_clerk)."""
    case = opened_case(world, day=day)
    with at(day):
        made = services.assign(
            actor=actor(world.staff), case=case, lead=world.unit, co=[world.other_unit] if co else []
        )
    return case, made


def signed(world, **kwargs):
    case, made = assigned(world, **kwargs)
    with at(D(2026, 3, 3)):
        services.sign(actor=actor(world.clerk), assignment=made[0])
    return case, made


def fresh(obj):
    obj.refresh_from_db()
    return obj


def page_text(response) -> str:
    return response.content.decode()


# ---------------------------------------------------------------- the case page


def test_the_case_page_shows_the_item_its_units_lights_and_timeline(world, as_user):
    case, (_lead, _co) = assigned(world)
    with at(D(2026, 5, 31)):
        services.urge(actor=actor(world.leader), case=case, message="请加快办理。")
        response = as_user(world.staff).get(reverse("casework:detail", args=[case.pk]))
    assert response.status_code == 200
    text = page_text(response)
    for shown in (
        "东城路路灯不亮",
        "测试来源",
        "连心县交通运输局",
        "连心县教育局",
        "主办",
        "会办",
        "请加快办理。",
    ):
        assert shown in text
    # The lead's 3 months end 2026-06-02: two days left is 临期; the co-handler's month has passed.
    assert "黄灯·临期" in text
    assert "红灯·逾期" in text
    timeline = [entry["label"] for entry in response.context["timeline"]]
    assert timeline == ["督办催办", "交办", "登记办理件"]
    assigned_entry = response.context["timeline"][1]
    assert ("状态", "已立案 → 已交办") in [(str(k), v) for k, v in assigned_entry["details"]]
    assert response.context["case"].urge_count == 1


def test_the_source_state_name_is_used(world, as_user):
    case = opened_case(world)
    response = as_user(world.staff).get(reverse("casework:detail", args=[case.pk]))
    assert response.context["state_label"] == "已立案"
    assert reverse("casework:assign", args=[case.pk]) in page_text(response)


def test_a_clerk_sees_items_of_their_unit_only(world, as_user):
    case, _made = assigned(world, co=False)
    url = reverse("casework:detail", args=[case.pk])
    assert as_user(world.clerk).get(url).status_code == 200
    # Another unit's clerk in the same county, and the other township's staff: it does not exist.
    assert as_user(world.west_clerk).get(url).status_code == 404
    assert as_user(world.west_staff).get(url).status_code == 404
    assert as_user(world.citizen).get(url).status_code == 403


def test_a_clerk_of_a_township_unit_sees_a_county_item_assigned_to_it(world, as_user):
    """Clerks reach items by assignment, not by the region the item arose in."""
    from lianxin.accounts.models import Membership, User
    from lianxin.accounts.roles import Role

    township_unit = HandlingUnit.objects.create(
        name="东城镇人民政府", kind=HandlingUnit.Kind.TOWNSHIP, region=world.east
    )
    township_clerk = User.objects.create_user(username="east_clerk", password="x", name="东经办")
    Membership.objects.create(user=township_clerk, role=Role.UNIT_CLERK, region=world.east)
    township_unit.clerks.add(township_clerk)
    case = services.open_case(actor=actor(world.staff), source="test", title="全县道路", region=world.county)
    with at(D(2026, 3, 2)):
        (lead,) = services.assign(actor=actor(world.staff), case=case, lead=township_unit)
        assert as_user(township_clerk).get(reverse("casework:detail", args=[case.pk])).status_code == 200
        response = as_user(township_clerk).post(reverse("casework:sign", args=[lead.pk]))
    assert response.status_code == 302
    assert fresh(lead).state == Assignment.State.SIGNED


def test_the_page_works_when_the_sources_own_page_cannot_be_reached(world, as_user):
    sources.register(
        sources.Source(
            key="unreachable",
            label="未装来源",
            policy=TEST_POLICY,
            office_url=lambda case: reverse("nowhere:detail", args=[case.pk]),
        )
    )
    case = services.open_case(
        actor=actor(world.staff), source="unreachable", title="无链接", region=world.east
    )
    response = as_user(world.staff).get(reverse("casework:detail", args=[case.pk]))
    assert response.status_code == 200
    assert response.context["source_url"] == ""


def test_the_sources_page_is_linked_for_staff_not_for_units(world, as_user):
    sources.register(
        sources.Source(
            key="linked",
            label="有链接来源",
            policy=TEST_POLICY,
            office_url=lambda case: f"/office/linked/{case.pk}/",
            facts=lambda case: [("内容", "人民路东段三盏路灯不亮。")],
        )
    )
    case = services.open_case(actor=actor(world.staff), source="linked", title="有链接", region=world.east)
    with at(D(2026, 3, 2)):
        services.assign(actor=actor(world.staff), case=case, lead=world.unit)
        staff_page = as_user(world.staff).get(reverse("casework:detail", args=[case.pk]))
        clerk_page = as_user(world.clerk).get(reverse("casework:detail", args=[case.pk]))
    assert f"/office/linked/{case.pk}/" in page_text(staff_page)
    assert f"/office/linked/{case.pk}/" not in page_text(clerk_page)
    # What the unit needs to handle the item comes from the source.
    assert "人民路东段三盏路灯不亮。" in page_text(clerk_page)


def test_co_opinions_go_to_the_lead_unit_and_staff(world, as_user, third_unit):
    case = opened_case(world)
    with at(D(2026, 3, 2)):
        _lead, co, _other_co = services.assign(
            actor=actor(world.staff), case=case, lead=world.unit, co=[world.other_unit, third_unit]
        )
        services.give_co_opinion(actor=actor(world.west_clerk), assignment=co, text="建议统一更换LED灯。")
        url = reverse("casework:detail", args=[case.pk])
        assert "建议统一更换LED灯。" in page_text(as_user(world.clerk).get(url))
        assert "建议统一更换LED灯。" in page_text(as_user(world.staff).get(url))
        third_clerk = _clerk_of(third_unit, world)
        assert "建议统一更换LED灯。" not in page_text(as_user(third_clerk).get(url))


def _clerk_of(unit, world):
    from lianxin.accounts.models import Membership, User
    from lianxin.accounts.roles import Role

    user = User.objects.create_user(username=f"clerk{unit.pk}", password="x", name="另一经办")
    Membership.objects.create(user=user, role=Role.UNIT_CLERK, region=world.county)
    unit.clerks.add(user)
    return user


# ---------------------------------------------------------------- units' actions


def test_a_clerk_signs(world, as_user):
    case, (lead, _co) = assigned(world)
    with at(D(2026, 3, 3)):
        response = as_user(world.clerk).post(reverse("casework:sign", args=[lead.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("casework:detail", args=[case.pk])
    assert fresh(lead).state == Assignment.State.SIGNED
    assert fresh(case).state == Case.State.HANDLING


def test_signing_twice_is_refused_with_a_message(world, as_user):
    _case, (lead, _co) = signed(world)
    with at(D(2026, 3, 4)):
        response = as_user(world.clerk).post(reverse("casework:sign", args=[lead.pk]))
    assert response.status_code == 200
    assert "该事项已签收或不在待签收状态。" in page_text(response)
    assert fresh(lead).signed_at.date() == D(2026, 3, 3)


def test_a_clerk_of_another_unit_cannot_act_on_the_assignment(world, as_user):
    _case, (lead, _co) = assigned(world)
    # The co-handler's clerk sees the item but not the lead's assignment: refused, nothing changed.
    response = as_user(world.west_clerk).post(reverse("casework:sign", args=[lead.pk]))
    assert response.status_code == 403
    assert fresh(lead).state == Assignment.State.PENDING


def test_a_return_request_within_the_window(world, as_user):
    _case, (lead, _co) = assigned(world)
    with at(D(2026, 3, 5)):
        response = as_user(world.clerk).post(
            reverse("casework:request_return", args=[lead.pk]), {"reason": "路灯归供电公司管理。"}
        )
    assert response.status_code == 302
    lead = fresh(lead)
    assert (lead.state, lead.return_reason) == (Assignment.State.RETURN_REQUESTED, "路灯归供电公司管理。")


def test_a_return_request_after_the_window_is_refused_and_nothing_changes(world, as_user):
    _case, (lead, _co) = assigned(world)
    # 7 working days from 2026-03-02 end 2026-03-11.
    with at(D(2026, 3, 12)):
        response = as_user(world.clerk).post(
            reverse("casework:request_return", args=[lead.pk]), {"reason": "不属于本单位职责。"}
        )
    assert response.status_code == 200
    assert "已超过申请退回的期限（2026-03-11）。" in page_text(response)
    lead = fresh(lead)
    assert (lead.state, lead.return_reason) == (Assignment.State.PENDING, "")


def test_an_extension_request(world, as_user):
    _case, (lead, _co) = signed(world)
    with at(D(2026, 5, 20)):
        response = as_user(world.clerk).post(
            reverse("casework:request_extension", args=[lead.pk]),
            {"new_date": "2026-07-01", "reason": "需协调供电公司更换电缆。"},
        )
    assert response.status_code == 302
    extension = Extension.objects.get()
    assert (extension.requested_date, extension.state) == (D(2026, 7, 1), Extension.State.PENDING)


def test_an_extension_past_the_cap_is_refused_beside_the_date(world, as_user):
    _case, (lead, _co) = signed(world)
    with at(D(2026, 5, 20)):
        response = as_user(world.clerk).post(
            reverse("casework:request_extension", args=[lead.pk]),
            {"new_date": "2026-12-31", "reason": "工程量大。"},
        )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["new_date"] == [f"延期不能超过最迟期限 {fresh(lead).cap_date}。"]
    assert not Extension.objects.exists()


def test_a_co_handling_unit_gives_its_opinion(world, as_user):
    _case, (_lead, co) = assigned(world)
    with at(D(2026, 3, 5)):
        response = as_user(world.west_clerk).post(
            reverse("casework:co_opinion", args=[co.pk]), {"text": "学校周边路段由教育局配合。"}
        )
    assert response.status_code == 302
    assert CoOpinion.objects.get().text == "学校周边路段由教育局配合。"
    assert fresh(co).state == Assignment.State.OPINION_GIVEN


def test_the_lead_unit_replies_with_a_pdf(world, as_user, settings):
    case, (lead, _co) = signed(world)
    upload = SimpleUploadedFile("答复函.pdf", PDF, content_type="application/pdf")
    with at(D(2026, 4, 1)):
        form = as_user(world.clerk).get(reverse("casework:reply", args=[lead.pk])).context["form"]
        assert [value for value, _label in form.fields["category"].choices][1:] == ["A", "B", "C", "D"]
        response = as_user(world.clerk).post(
            reverse("casework:reply", args=[lead.pk]),
            {"text": "已全部修复。", "category": "A", "signed_off_by": "赵局长", "attachments": [upload]},
        )
    assert response.status_code == 302
    reply = Reply.objects.get()
    assert (reply.text, reply.category, reply.signed_off_by) == ("已全部修复。", "A", "赵局长")
    attachment = reply.attachments.get()
    assert (attachment.name, attachment.content_type) == ("答复函.pdf", "application/pdf")
    # Stored under a random name, not the sender's.
    assert "答复函" not in attachment.file.name
    assert attachment.file.name.endswith(".pdf")
    assert fresh(case).state == Case.State.REPLIED
    download = as_user(world.staff).get(reverse("casework:attachment", args=[attachment.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert (
        as_user(world.west_staff).get(reverse("casework:attachment", args=[attachment.pk])).status_code == 404
    )


def test_the_reply_form_shows_the_co_handling_opinions(world, as_user):
    _case, (lead, co) = signed(world)
    with at(D(2026, 3, 5)):
        services.give_co_opinion(actor=actor(world.west_clerk), assignment=co, text="校门口路段请一并处理。")
        response = as_user(world.clerk).get(reverse("casework:reply", args=[lead.pk]))
    assert "会办意见（连心县教育局）" in page_text(response)
    assert "校门口路段请一并处理。" in page_text(response)


def test_a_reply_by_the_co_handling_unit_is_refused(world, as_user):
    case, (_lead, co) = signed(world)
    with at(D(2026, 4, 1)):
        services.sign(actor=actor(world.west_clerk), assignment=co)
        response = as_user(world.west_clerk).post(
            reverse("casework:reply", args=[co.pk]),
            {"text": "我局已处理。", "category": "A", "signed_off_by": "钱局长"},
        )
    assert response.status_code == 200
    assert "会办单位不能答复，请向主办单位提交会办意见。" in page_text(response)
    assert not Reply.objects.exists()
    assert fresh(case).state == Case.State.HANDLING


def test_a_reply_with_a_file_that_is_not_what_it_claims_is_refused(world, as_user, settings):
    _case, (lead, _co) = signed(world)
    fake = SimpleUploadedFile("照片.jpg", b"MZ\x90\x00not an image", content_type="image/jpeg")
    with at(D(2026, 4, 1)):
        response = as_user(world.clerk).post(
            reverse("casework:reply", args=[lead.pk]),
            {"text": "已修复。", "category": "A", "signed_off_by": "赵局长", "attachments": [fake]},
        )
    assert response.status_code == 200
    assert response.context["form"].errors["attachments"] == ["“照片.jpg”不是 JPEG、PNG 图片或 PDF 文件。"]
    assert not Reply.objects.exists()
    assert not ReplyAttachment.objects.exists()
    assert fresh(lead).state == Assignment.State.SIGNED
    root = Path(settings.MEDIA_ROOT)
    assert not root.exists() or not any(p.is_file() for p in root.rglob("*"))


def test_a_reply_needs_its_category_and_signer(world, as_user):
    _case, (lead, _co) = signed(world)
    with at(D(2026, 4, 1)):
        response = as_user(world.clerk).post(
            reverse("casework:reply", args=[lead.pk]),
            {"text": "已修复。", "category": "Z", "signed_off_by": ""},
        )
    errors = response.context["form"].errors
    assert set(errors) == {"category", "signed_off_by"}
    assert not Reply.objects.exists()


def test_a_png_reply_attachment_is_accepted(world, as_user):
    _case, (lead, _co) = signed(world)
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(out, format="PNG")
    photo = SimpleUploadedFile("现场.png", out.getvalue(), content_type="image/png")
    with at(D(2026, 4, 1)):
        as_user(world.clerk).post(
            reverse("casework:reply", args=[lead.pk]),
            {"text": "已修复。", "category": "B", "signed_off_by": "赵局长", "attachments": [photo]},
        )
    assert ReplyAttachment.objects.get().content_type == "image/png"


# ---------------------------------------------------------------- staff's actions


def test_staff_assign_a_lead_and_a_co_handling_unit(world, as_user):
    case = opened_case(world)
    with at(D(2026, 3, 2)):
        response = as_user(world.staff).post(
            reverse("casework:assign", args=[case.pk]),
            {"mode": "lead", "lead": world.unit.pk, "co": [world.other_unit.pk]},
        )
    assert response.status_code == 302
    assert sorted(case.assignments.values_list("unit__name", "kind")) == [
        ("连心县交通运输局", "lead"),
        ("连心县教育局", "co"),
    ]
    assert fresh(case).state == Case.State.ASSIGNED


def test_separate_handling_needs_two_units(world, as_user):
    case = opened_case(world)
    response = as_user(world.staff).post(
        reverse("casework:assign", args=[case.pk]), {"mode": "separate", "separate": [world.unit.pk]}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["separate"] == ["分别办理须选择两个以上单位。"]
    assert not Assignment.objects.exists()


def test_assigning_an_assigned_item_again_is_refused(world, as_user, third_unit):
    case, _made = assigned(world)
    form_page = as_user(world.staff).get(reverse("casework:assign", args=[case.pk]))
    assert "只有待交办的事项才能交办" in form_page.context["notice"]
    response = as_user(world.staff).post(
        reverse("casework:assign", args=[case.pk]), {"mode": "lead", "lead": third_unit.pk}
    )
    assert "只有待交办的事项才能交办。" in page_text(response)
    assert case.assignments.count() == 2


def test_only_units_in_the_staff_members_scope_are_offered(world, as_user):
    west_unit = HandlingUnit.objects.create(
        name="西山乡人民政府", kind=HandlingUnit.Kind.TOWNSHIP, region=world.west
    )
    case = services.open_case(
        actor=actor(world.west_staff), source="test", title="西山村道路", region=world.west
    )
    form = as_user(world.west_staff).get(reverse("casework:assign", args=[case.pk])).context["form"]
    assert list(form.fields["lead"].queryset) == [west_unit]
    # A unit outside the scope, posted anyway, is not a valid choice.
    response = as_user(world.west_staff).post(
        reverse("casework:assign", args=[case.pk]), {"mode": "lead", "lead": world.unit.pk}
    )
    assert "lead" in response.context["form"].errors
    assert not Assignment.objects.exists()


def test_approving_a_return_and_reassigning(world, as_user, third_unit):
    case, (lead, _co) = assigned(world)
    with at(D(2026, 3, 5)):
        services.request_return(actor=actor(world.clerk), assignment=lead, reason="不归我局。")
        response = as_user(world.staff).post(
            reverse("casework:decide_return", args=[lead.pk]),
            {"decision": "approve", "reassign_to": third_unit.pk, "note": "改交住建局。"},
        )
    assert response.status_code == 302
    assert fresh(lead).state == Assignment.State.RETURNED
    successor = case.assignments.get(unit=third_unit)
    assert (successor.kind, successor.state) == (Assignment.Kind.LEAD, Assignment.State.PENDING)


def test_refusing_a_return_needs_a_note_and_restores_the_assignment(world, as_user):
    _case, (lead, _co) = assigned(world)
    with at(D(2026, 3, 5)):
        services.request_return(actor=actor(world.clerk), assignment=lead, reason="不归我局。")
        url = reverse("casework:decide_return", args=[lead.pk])
        response = as_user(world.staff).post(url, {"note": "再议"})
        assert response.context["form"].errors["decision"] == ["这个字段是必填项。"]
        response = as_user(world.staff).post(url, {"decision": "refuse", "note": ""})
        assert response.context["form"].errors["note"] == ["不同意退回时请写明理由。"]
        assert fresh(lead).state == Assignment.State.RETURN_REQUESTED
        response = as_user(world.staff).post(
            url, {"decision": "refuse", "note": "属于道路照明，请继续办理。"}
        )
    assert response.status_code == 302
    assert fresh(lead).state == Assignment.State.PENDING


def test_deciding_an_extension(world, as_user):
    _case, (lead, _co) = signed(world)
    with at(D(2026, 5, 20)):
        extension = services.request_extension(
            actor=actor(world.clerk), assignment=lead, new_date=D(2026, 7, 1), reason="需协调。"
        )
        response = as_user(world.staff).post(
            reverse("casework:decide_extension", args=[extension.pk]), {"decision": "approve", "note": ""}
        )
    assert response.status_code == 302
    assert fresh(extension).state == Extension.State.APPROVED
    assert fresh(lead).due_date == D(2026, 7, 1)
    # Deciding it again is refused with the reason, nothing changes.
    response = as_user(world.staff).post(
        reverse("casework:decide_extension", args=[extension.pk]), {"decision": "refuse", "note": "不行"}
    )
    assert "该延期申请已经审批过。" in page_text(response)
    assert fresh(extension).state == Extension.State.APPROVED


def test_a_leader_urges(world, as_user):
    case, _made = assigned(world)
    url = reverse("casework:urge", args=[case.pk])
    response = as_user(world.leader).post(url, {"message": ""})
    assert "message" in response.context["form"].errors
    assert fresh(case).urge_count == 0
    response = as_user(world.leader).post(url, {"message": "请于本周内答复。"})
    assert response.status_code == 302
    assert (fresh(case).urge_count, Urge.objects.get().message) == (1, "请于本周内答复。")


def test_closing_unrated_only_after_the_rating_window(world, as_user):
    case, (lead,) = signed(world, co=False)
    with at(D(2026, 4, 1)):
        services.reply(
            actor=actor(world.clerk), assignment=lead, text="已修复。", category="A", signed_off_by="赵"
        )
    url = reverse("casework:close_unrated", args=[case.pk])
    with at(D(2026, 4, 10)):
        response = as_user(world.staff).post(url)
    assert "尚未届满" in page_text(response)
    assert fresh(case).state == Case.State.REPLIED
    with at(D(2026, 5, 1)):
        response = as_user(world.staff).post(url)
    assert response.status_code == 302
    assert fresh(case).state == Case.State.CLOSED


# ---------------------------------------------------------------- lists


def test_the_clerks_items_sorted_by_due_date_with_light_filter_and_ledger(world, as_user):
    first, (_lead_first, _co) = assigned(world, day=D(2026, 3, 2))
    second = opened_case(world, title="西山路积水")
    with at(D(2026, 4, 1)):
        services.assign(actor=actor(world.staff), case=second, lead=world.other_unit)
    url = reverse("casework:unit_items")
    with at(D(2026, 6, 5)):
        response = as_user(world.clerk).get(url)
        assert [row["cells"][0] for row in response.context["rows"]] == ["东城路路灯不亮"]
        assert response.context["rows"][0]["url"] == reverse("casework:detail", args=[first.pk])
        assert as_user(world.clerk).get(url, {"light": "red"}).context["page"].paginator.count == 1
        assert as_user(world.clerk).get(url, {"light": "yellow"}).context["page"].paginator.count == 0
        assert as_user(world.clerk).get(url, {"state": "replied"}).context["page"].paginator.count == 0
        ledger = as_user(world.clerk).get(url, {"format": "xlsx"})
    rows = sheet_rows(opened(ledger).active)
    assert rows[0][:3] == ["标题", "来源", "承办单位"]
    assert rows[1][0] == "东城路路灯不亮"
    assert "逾期" in rows[1]


def test_pending_decisions_show_requests_in_scope(world, as_user):
    _case, (lead, co) = signed(world)
    with at(D(2026, 3, 5)):
        services.request_return(actor=actor(world.west_clerk), assignment=co, reason="与教育无关。")
        services.request_extension(
            actor=actor(world.clerk), assignment=lead, new_date=D(2026, 7, 1), reason="协调。"
        )
    response = as_user(world.staff).get(reverse("casework:pending_decisions"))
    assert list(response.context["returns"]) == [co]
    assert [e.assignment for e in response.context["extensions"]] == [lead]
    west = as_user(world.west_staff).get(reverse("casework:pending_decisions"))
    assert list(west.context["returns"]) == []
    assert list(west.context["extensions"]) == []


def test_the_overview_filters_by_unit_state_and_light(world, as_user, third_unit):
    _first, _made = assigned(world)
    opened_case(world, title="待交办事项")
    url = reverse("casework:overview")
    with at(D(2026, 6, 5)):
        everything = as_user(world.leader).get(url)
        assert [row["cells"][0] for row in everything.context["rows"]] == ["东城路路灯不亮", "待交办事项"]
        by_unit = as_user(world.staff).get(url, {"unit": world.other_unit.pk})
        assert [row["cells"][0] for row in by_unit.context["rows"]] == ["东城路路灯不亮"]
        assert as_user(world.staff).get(url, {"unit": third_unit.pk}).context["page"].paginator.count == 0
        assert as_user(world.staff).get(url, {"state": "registered"}).context["page"].paginator.count == 1
        assert as_user(world.staff).get(url, {"light": "red"}).context["page"].paginator.count == 1
        export = as_user(world.leader).get(url, {"format": "xlsx"})
    assert sheet_rows(opened(export).active)[0][0] == "标题"
    assert as_user(world.west_staff).get(url).context["page"].paginator.count == 0


def test_navigation_entries_follow_the_role(world, as_user):
    def labels(user):
        # The home page carries the menu for every role.
        return [str(item["label"]) for item in as_user(user).get("/").context["nav_items"]]

    assert "待办事项" in labels(world.clerk)
    assert "办理件" not in labels(world.clerk)
    assert {"办理件", "待审批"} <= set(labels(world.staff))
    assert "待办事项" not in labels(world.staff)
    assert "办理件" in labels(world.leader)
    assert "待审批" not in labels(world.leader)


def test_lists_do_not_query_per_row(world, as_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(user, url_name):
        client = as_user(user)
        client.get(reverse(url_name))  # sessions and caches warm
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse(url_name))
        return len(captured)

    assigned(world)
    one = {
        name: queries(user, name)
        for user, name in ((world.staff, "casework:overview"), (world.clerk, "casework:unit_items"))
    }
    for title in ("二号", "三号", "四号"):
        case = opened_case(world, title=title)
        services.assign(actor=actor(world.staff), case=case, lead=world.unit, co=[world.other_unit])
    four = {
        name: queries(user, name)
        for user, name in ((world.staff, "casework:overview"), (world.clerk, "casework:unit_items"))
    }
    assert four == one
