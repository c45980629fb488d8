"""交办函 and 答复函: made from the congress's template in use, with the item's own data; staff
replace the template with a checked upload; every upload, activation and letter is recorded."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from lianxin.audit.models import Event
from lianxin.conftest import client_for
from lianxin.deputies.models import Deputy, Seat
from lianxin.documents import defaults
from lianxin.documents.models import Kind, LetterTemplate
from lianxin.suggestions.tests.handled import assigned_suggestion, replied_suggestion

TEMPLATES = reverse("documents:templates")


def text_of(response) -> str:
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    document = Document(io.BytesIO(response.content))
    return "\n".join(p.text for p in document.paragraphs)


def docx_with(*lines: str) -> bytes:
    document = Document()
    for line in lines:
        document.add_paragraph(line)
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def upload(data: bytes, name="交办函.docx"):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def post_template(client, world, data: bytes, kind=Kind.ASSIGNMENT, **extra):
    return client.post(
        f"{TEMPLATES}?congress={world.county_congress.pk}",
        {"kind": kind, "file": upload(data), "note": "改了落款", "activate": "on", **extra},
    )


def test_the_assignment_letter_carries_the_items_number_units_and_due_date(world):
    suggestion = assigned_suggestion(world)
    lead = suggestion.case.assignments.get(kind="lead")
    response = client_for(world.staff).get(reverse("documents:assignment_letter", args=[suggestion.pk]))
    assert response.status_code == 200
    text = text_of(response)
    assert "2026年第12号" in text
    assert "连心县交通运输局：" in text
    assert "《关于东城路增设人行横道的建议》交由你单位主办，连心县教育局会办" in text
    due = lead.due_date
    assert f"请于{due.year}年{due.month}月{due.day}日前答复代表" in text
    assert "王建国代表" in text
    # The content's own line breaks stay line breaks in the letter.
    assert "东城路小学门口车流量大，学生过马路危险。\n建议增设人行横道和信号灯。" in text
    event = Event.objects.get(action="documents.letter.generated")
    assert event.target_id == str(suggestion.pk)
    assert event.data == {"kind": "assignment", "version": 0}


def test_the_reply_letter_carries_the_reply_its_category_and_promises(world):
    _suggestion, reply = replied_suggestion(world, category="B")
    for user in (world.clerk, world.deputy, world.staff):
        response = client_for(user).get(reverse("documents:reply_letter", args=[reply.pk]))
        assert response.status_code == 200
    text = text_of(response)
    assert "连心县交通运输局" in text
    assert "王建国代表：" in text
    assert "经研究，已列入今年道路改造计划。" in text
    assert "答复类别：B类" in text
    assert "1. 施划人行横道（2099年3月31日前完成）" in text
    assert "签发人：赵局长" in text
    assert Event.objects.filter(action="documents.letter.generated").count() == 3


def test_a_deputy_who_did_not_sign_and_a_unit_it_never_reached_are_told_the_letter_does_not_exist(world):
    from lianxin.accounts.models import Membership, User
    from lianxin.accounts.roles import Role

    _suggestion, reply = replied_suggestion(world, co=False)
    other = Deputy.objects.create(name="孙代表", region=world.east)
    Seat.objects.create(deputy=other, term=world.county_term)
    other.user = User.objects.create_user(username="sun", password="x" * 12, name="孙代表")
    other.save(update_fields=["user"])
    Membership.objects.create(user=other.user, role=Role.DEPUTY, region=world.county)
    for user in (other.user, world.west_clerk, world.west_staff):
        response = client_for(user).get(reverse("documents:reply_letter", args=[reply.pk]))
        assert response.status_code == 404, user
    assert not Event.objects.filter(action="documents.letter.generated").exists()


def test_no_assignment_letter_before_the_item_is_assigned(world):
    from lianxin.suggestions.tests.handled import accepted_suggestion

    suggestion = accepted_suggestion(world)
    response = client_for(world.staff).get(reverse("documents:assignment_letter", args=[suggestion.pk]))
    assert response.status_code == 404


def test_an_uploaded_template_is_a_new_version_in_use_and_letters_follow_it(world):
    suggestion = assigned_suggestion(world)
    client = client_for(world.staff)
    custom = docx_with(
        "{{ congress }}办公室 交办通知", "{{ lead_unit }}：请办理《{{ title }}》，{{ due_on }}前答复。"
    )
    response = post_template(client, world, custom)
    assert response.status_code == 302
    template = LetterTemplate.objects.get()
    assert (template.version, template.is_active, template.uploaded_by) == (1, True, world.staff)
    assert template.note == "改了落款"
    assert [
        e.action for e in Event.objects.filter(action__startswith="documents.template").order_by("pk")
    ] == [
        "documents.template.uploaded",
        "documents.template.activated",
    ]
    text = text_of(client.get(reverse("documents:assignment_letter", args=[suggestion.pk])))
    assert text.startswith(
        "连心县人民代表大会办公室 交办通知\n连心县交通运输局：请办理《关于东城路增设人行横道的建议》"
    )
    assert Event.objects.filter(action="documents.letter.generated").latest("pk").data["version"] == 1

    # The current template is what staff download to edit further.
    current = client.get(reverse("documents:current", args=[world.county_congress.pk, Kind.ASSIGNMENT]))
    assert "{{ lead_unit }}" in text_of(current)

    # A second version; then the first is put back in use; then the built-in one.
    post_template(client, world, docx_with("第二版 {{ title }}"))
    first, second = LetterTemplate.objects.order_by("version")
    assert (first.is_active, second.is_active, second.version) == (False, True, 2)
    client.post(reverse("documents:activate", args=[first.pk]))
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.is_active, second.is_active) == (True, False)
    client.post(reverse("documents:use_default", args=[world.county_congress.pk, Kind.ASSIGNMENT]))
    assert not LetterTemplate.objects.filter(is_active=True).exists()
    text = text_of(client.get(reverse("documents:assignment_letter", args=[suggestion.pk])))
    assert "代表建议交办函" in text
    assert Event.objects.filter(action="documents.template.activated").count() == 4


def _zip_without_body() -> bytes:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        archive.writestr("hello.txt", "不是文档")
    return stream.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.4 not a word file", "这不是 Word 文档（.docx）"),
        (_zip_without_body(), "文件中没有正文"),
        (docx_with("{{ title }"), "模板中的标记有错误"),
        (docx_with("{% if title %}没有结束"), "模板中的标记有错误"),
        (docx_with("{{ 代表电话 }}"), "模板使用了不存在的字段"),
        (docx_with("{{ phone_number }}"), "模板使用了不存在的字段（'phone_number' is undefined）"),
        (docx_with("{{ title.__class__.__mro__ }}"), "不允许的写法"),
    ],
)
def test_a_broken_template_is_refused_beside_the_file_and_nothing_changes(world, data, message):
    client = client_for(world.staff)
    post_template(client, world, defaults.default_template(Kind.ASSIGNMENT))
    before = (
        list(LetterTemplate.objects.values_list("pk", "version", "is_active")),
        Event.objects.count(),
    )
    response = post_template(client, world, data)
    assert response.status_code == 400
    errors = " ".join(response.context["form"].errors["file"])
    assert message in errors
    assert "未做任何更改" in response.content.decode()
    after = (list(LetterTemplate.objects.values_list("pk", "version", "is_active")), Event.objects.count())
    assert after == before


def test_a_file_over_the_size_limit_is_refused(world, settings):
    from lianxin.documents import rendering

    big = b"PK" + b"0" * (rendering.MAX_BYTES + 1)
    response = post_template(client_for(world.staff), world, big)
    assert response.status_code == 400
    assert "文件不能超过 5 MB" in " ".join(response.context["form"].errors["file"])
    assert not LetterTemplate.objects.exists()


def test_the_template_page_lists_the_fields_a_template_may_use(world):
    response = client_for(world.staff).get(TEMPLATES)
    page = response.content.decode()
    assert response.status_code == 200
    for name, meaning in (("lead_unit", "主办单位"), ("reply_text", "答复内容"), ("due_on", "答复期限")):
        assert f"{{{{ {name} }}}}" in page
        assert meaning in page
    assert "内置模板" in page


def test_the_suggestion_page_links_its_letters_for_staff_only(world):
    suggestion, reply = replied_suggestion(world)
    url = reverse("suggestions:detail", args=[suggestion.pk])
    page = client_for(world.staff).get(url).content.decode()
    assert reverse("documents:assignment_letter", args=[suggestion.pk]) in page
    assert reverse("documents:reply_letter", args=[reply.pk]) in page
    page = client_for(world.leader).get(url).content.decode()
    assert reverse("documents:assignment_letter", args=[suggestion.pk]) not in page
    assert reverse("documents:reply_letter", args=[reply.pk]) in page


def test_the_unit_finds_the_reply_letter_on_the_case_page_and_the_deputy_on_their_own(world):
    suggestion, reply = replied_suggestion(world)
    letter = reverse("documents:reply_letter", args=[reply.pk])
    case_page = client_for(world.clerk).get(reverse("casework:detail", args=[suggestion.case_id]))
    assert letter in case_page.content.decode()
    mine = client_for(world.deputy).get(reverse("suggestions:mine_detail", args=[suggestion.pk]))
    assert letter in mine.content.decode()
