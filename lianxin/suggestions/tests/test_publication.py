"""Publication of suggestions with their replies (legal-rules §8.1 S17), the public pages /jianyi/,
the deputy's profile, and the motions' reports (§8.2 M8). Each refusal changes nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lianxin.audit.models import Event
from lianxin.casework import services as casework
from lianxin.congresses.models import Session
from lianxin.suggestions import motion_reports, outcomes, publication
from lianxin.suggestions.models import Motion, MotionReport, Publication, Suggestion
from lianxin.suggestions.tests.conftest import accepted, actor, pdf

REPLY = "经研究，已在东城路小学门口施划人行横道，安装信号灯一套。联系人赵主任，电话13700001111。"


def answered(world, people, *, category="A", text=REPLY, rate=True, **changes):
    """Accepted, assigned to the transport bureau, answered (and rated, which closes an A reply)."""
    suggestion = accepted(world, people)
    if changes:
        Suggestion.objects.filter(pk=suggestion.pk).update(**changes)
    lead, *_co = casework.assign(actor=actor(world.staff), case=suggestion.case, lead=world.unit)
    casework.sign(actor=actor(world.clerk), assignment=lead)
    promises = [("施划人行横道", datetime.date(2099, 3, 31))] if category in ("B", "C") else []
    casework.reply(
        actor=actor(world.clerk),
        assignment=lead,
        text=text,
        category=category,
        signed_off_by="赵局长",
        attachments=[pdf()],
        promises=promises,
    )
    if rate:
        casework.rate(
            actor=actor(world.deputy), case=suggestion.case, value="satisfied", attitude="satisfied"
        )
    return Suggestion.objects.get(pk=suggestion.pk)


def published(world, suggestion, **changes) -> Publication:
    draft = publication.prepare(suggestion)
    texts = {"title": draft.title.text, "content": draft.content.text, "reply": draft.reply.text, **changes}
    return publication.publish(actor=actor(world.staff), suggestion=suggestion, **texts)


def snapshot():
    return (
        list(Publication.objects.values_list("pk", "title", "content", "reply", "published_at")),
        list(MotionReport.objects.values_list("pk", "text", "public_text", "published_at")),
        Event.objects.count(),
    )


# ---------------------------------------------------------------- the draft


def test_the_draft_masks_private_people_and_numbers_but_keeps_the_deputies_names(world, people):
    suggestion = answered(world, people)
    Suggestion.objects.filter(pk=suggestion.pk).update(
        content="王建国代表和李联名代表调研发现，东城路小学门口车多。家长张某某说孩子过马路很危险，"
        "住东城路18号3栋2单元501室。"
    )
    draft = publication.prepare(Suggestion.objects.get(pk=suggestion.pk))
    assert "王建国代表" in draft.content.text
    assert "李联名代表" in draft.content.text
    assert "张某某" not in draft.content.text
    assert "501室" not in draft.content.text
    assert "13700001111" not in draft.reply.text
    assert draft.findings >= 3


def test_the_citizen_whose_opinion_became_the_suggestion_is_masked_and_may_not_be_published(world, people):
    from lianxin.opinions.tests.intake_fixtures import make_opinion

    opinion = make_opinion(world, title="路口没有斑马线", submitter_name="陈晓明")
    suggestion = answered(world, people, source_opinion=opinion)
    Suggestion.objects.filter(pk=suggestion.pk).update(
        content="群众陈晓明反映路口没有斑马线，孩子上学不安全。"
    )
    suggestion = Suggestion.objects.get(pk=suggestion.pk)
    assert "陈晓明" not in publication.prepare(suggestion).content.text
    before = snapshot()
    with pytest.raises(publication.PublicationError) as refused:
        published(world, suggestion, content="群众陈晓明反映路口没有斑马线。")
    assert "群众的姓名" in refused.value.message_dict["content"][0]
    assert snapshot() == before


# ---------------------------------------------------------------- S17 refusals


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        ("reply", "已施划人行横道，咨询电话13700001111。", "公开答复中仍有电话号码"),
        ("content", "申请人身份证号11010519491231002X。", "公开内容中仍有身份证号"),
        ("title", " ", "公开标题不能为空"),
    ],
)
def test_a_phone_or_id_number_left_in_is_refused_and_nothing_is_published(
    world, people, field, text, message
):
    suggestion = answered(world, people)
    before = snapshot()
    with pytest.raises(publication.PublicationError) as refused:
        published(world, suggestion, **{field: text})
    assert message in refused.value.message_dict[field][0]
    assert snapshot() == before


def test_words_suggesting_a_secret_must_be_confirmed_by_the_reviewer(world, people):
    suggestion = answered(world, people, text="已按内部文件要求施划人行横道。")
    draft = publication.prepare(suggestion)
    assert draft.secret_words == ("内部",)
    before = snapshot()
    with pytest.raises(publication.PublicationError) as refused:
        published(world, suggestion)
    assert "请核实不涉及国家秘密、商业秘密" in refused.value.message_dict["confirm_secrets"][0]
    assert snapshot() == before
    entry = published(world, suggestion, confirm_secrets=True)
    assert entry.confirmed_words == ["内部"]
    event = Event.objects.get(action="suggestions.suggestion.published")
    assert event.data["confirmed_words"] == ["内部"]


@override_settings(LIANXIN_SECRET_WORDS=("规划草案",))
def test_the_secret_word_list_is_configurable(world, people):
    suggestion = answered(world, people, text="该路口已列入规划草案，内部道路同步改造。")
    assert publication.prepare(suggestion).secret_words == ("规划草案",)


def test_only_a_suggestion_with_a_reply_can_be_published(world, people):
    suggestion = accepted(world, people)
    before = snapshot()
    with pytest.raises(publication.PublicationError) as refused:
        publication.publish(
            actor=actor(world.staff), suggestion=suggestion, title="标题", content="内容", reply="答复"
        )
    assert "答复后才能公开" in refused.value.messages[0]
    assert snapshot() == before


def test_only_staff_publish(world, people):
    suggestion = answered(world, people)
    before = snapshot()
    for outsider in (world.deputy, world.clerk, world.leader, world.west_staff):
        with pytest.raises(PermissionDenied):
            publication.publish(
                actor=actor(outsider), suggestion=suggestion, title="标题", content="内容", reply="答复"
            )
    assert snapshot() == before


def test_unpublishing_needs_a_reason_and_takes_the_entry_off_the_public_site(world, people, client):
    suggestion = answered(world, people)
    entry = published(world, suggestion)
    url = reverse("suggestions_public:detail", args=[entry.pk])
    assert client.get(url).status_code == 200
    before = snapshot()
    with pytest.raises(publication.PublicationError):
        publication.unpublish(actor=actor(world.staff), suggestion=suggestion, reason=" ")
    with pytest.raises(PermissionDenied):
        publication.unpublish(actor=actor(world.deputy), suggestion=suggestion, reason="不想公开")
    assert snapshot() == before
    publication.unpublish(actor=actor(world.staff), suggestion=suggestion, reason="答复有误，待更正。")
    assert client.get(url).status_code == 404
    assert Event.objects.filter(
        action="suggestions.suggestion.unpublished", data__reason="答复有误，待更正。"
    ).exists()
    # Published again, it is the same entry.
    assert published(world, suggestion, title="关于东城路人行横道的建议（更正）").pk == entry.pk
    assert client.get(url).status_code == 200


# ---------------------------------------------------------------- office screens


def test_staff_review_and_publish_on_the_office_page(world, people, client):
    suggestion = answered(world, people)
    client.force_login(world.staff)
    detail = client.get(reverse("suggestions:detail", args=[suggestion.pk]))
    assert reverse("suggestions:publish", args=[suggestion.pk]) in detail.content.decode()
    url = reverse("suggestions:publish", args=[suggestion.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "电话<mark" in page.content.decode()
    before = snapshot()
    form = {"title": suggestion.title, "content": suggestion.content, "reply": REPLY}
    refused = client.post(url, form)
    assert "公开答复中仍有电话号码" in refused.content.decode()
    assert snapshot() == before
    done = client.post(url, {**form, "reply": "已施划人行横道，安装信号灯一套。"})
    assert done.status_code == 302
    assert Publication.objects.get(suggestion=suggestion).reply == "已施划人行横道，安装信号灯一套。"


# ---------------------------------------------------------------- public pages


def test_the_public_entry_shows_the_deputies_units_category_dates_and_how_it_ended(world, people, client):
    suggestion = answered(world, people)
    entry = published(world, suggestion)
    page = client.get(reverse("suggestions_public:detail", args=[entry.pk])).content.decode()
    assert reverse("duty_public:profile", args=[world.east_deputy.public_code]) in page
    assert "李联名、赵联名" in page
    assert "连心县交通运输局（主办）" in page
    assert "A类：所提问题已经解决或者基本解决" in page
    assert "已办成" in page
    assert "电话***********" in page
    assert "13700001111" not in page
    assert "13812345678" not in page  # the deputy's own phone is never read


def _query_count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_public_pages_cost_the_same_number_of_queries_for_one_entry_or_many(world, people, client):
    first = published(world, answered(world, people))
    list_url = reverse("suggestions_public:list")
    detail_url = reverse("suggestions_public:detail", args=[first.pk])
    one_list, one_detail = _query_count(client, list_url), _query_count(client, detail_url)
    for _ in range(3):
        published(world, answered(world, people, category="B", rate=False))
    assert _query_count(client, list_url) == one_list
    assert _query_count(client, detail_url) == one_detail


def test_the_public_list_filters_by_year_category_unit_and_outcome_and_pages_by_keyset(
    world, people, client, monkeypatch
):
    solved = published(world, answered(world, people))
    handling = published(
        world, answered(world, people, category="B", rate=False), title="关于学府路增设路灯的建议"
    )
    Suggestion.objects.filter(pk=handling.suggestion_id).update(category="城乡建设", year=2025)
    url = reverse("suggestions_public:list")

    def titles(**query):
        return [row.title for row in client.get(url, query).context["rows"]]

    assert titles() == [handling.title, solved.title]
    assert titles(outcome=outcomes.SOLVED) == [solved.title]
    assert titles(outcome=publication.HANDLING) == [handling.title]
    assert titles(category="城乡建设") == [handling.title]
    assert titles(year=2025) == [handling.title]
    assert titles(unit=world.unit.pk) == [handling.title, solved.title]
    # A unit that handled nothing published is not offered.
    offered = [pk for pk, _name in client.get(url).context["form"].fields["unit"].choices]
    assert world.other_unit.pk not in offered
    from lianxin.suggestions import public_views

    monkeypatch.setattr(public_views, "PAGE_SIZE", 1)
    first = client.get(url)
    assert [r.title for r in first.context["rows"]] == [handling.title]
    second = client.get(url + "?" + first.context["next_query"])
    assert [r.title for r in second.context["rows"]] == [solved.title]
    assert second.context["next_query"] == ""


def test_the_sql_outcome_agrees_with_the_rule_in_outcomes(world, people):
    cases = [
        answered(world, people, category="A"),
        answered(world, people, category="D"),
        answered(world, people, category="B"),
        answered(world, people, category="B", rate=False),
    ]
    annotated = dict(publication.with_outcome(Suggestion.objects.all()).values_list("pk", "outcome"))
    for suggestion in cases:
        assert annotated[suggestion.pk] == (outcomes.outcome(suggestion) or publication.HANDLING)
    assert {annotated[s.pk] for s in cases} == {
        outcomes.SOLVED,
        outcomes.NOT_SOLVED,
        outcomes.CARRYING_OUT,
        publication.HANDLING,
    }


# ---------------------------------------------------------------- the deputy's profile


def test_the_profile_lists_published_suggestions_and_only_counts_the_others(world, people, client):
    shown = published(world, answered(world, people))
    hidden = answered(world, people, category="D")
    Suggestion.objects.filter(pk=hidden.pk).update(title="关于不公开事项的建议")
    page = client.get(reverse("duty_public:profile", args=[world.east_deputy.public_code])).content.decode()
    assert reverse("suggestions_public:detail", args=[shown.pk]) in page
    assert f"{shown.title}</a> · 已办成" in page
    assert "关于不公开事项的建议" not in page
    assert "立案 2 件：已办成 1 件、未办成 1 件" in page


# ---------------------------------------------------------------- M8 motions' reports


@pytest.fixture
def motion(world):
    session = Session.objects.create(
        term=world.county_term,
        number=5,
        start_date=datetime.date(2026, 1, 5),
        end_date=datetime.date(2026, 1, 8),
    )
    motion = Motion.objects.create(
        deputy=world.east_deputy,
        congress=world.county_congress,
        session=session,
        region=world.east,
        title="关于制定农村人居环境治理条例的议案",
        basis="农村生活垃圾收运体系不健全。",
        plan="制定条例，明确收运责任。",
        status=Motion.Status.LISTED,
        created_by=world.staff,
    )
    motion.signers.create(deputy=world.east_deputy, is_lead=True)
    return motion


REPORT_TEXT = "法制委员会审议认为，王建国代表等提出的议案所提问题确实存在，建议列入明年立法计划。"


def test_a_motion_report_is_entered_reviewed_and_published_on_the_sessions_page(world, motion, client):
    kind = MotionReport.Kind.REVIEW_RESULT
    report = motion_reports.enter(
        actor=actor(world.staff),
        motion=motion,
        kind=kind,
        text=REPORT_TEXT,
        reported_on=datetime.date(2026, 3, 1),
    )
    session_url = reverse("suggestions_public:session", args=[motion.session_id])
    assert client.get(session_url).status_code == 404  # entered is not published
    draft, words = motion_reports.prepare(report)
    assert "王建国代表" in draft.text
    assert words == ()
    motion_reports.publish(actor=actor(world.staff), motion=motion, kind=kind, text=draft.text)
    page = client.get(session_url).content.decode()
    assert "审议结果报告" in page
    assert "列入明年立法计划" in page
    sessions = client.get(reverse("suggestions_public:sessions")).content.decode()
    assert session_url in sessions
    # A published report is not edited behind the reviewer's back.
    before = snapshot()
    with pytest.raises(publication.PublicationError):
        motion_reports.enter(
            actor=actor(world.staff),
            motion=motion,
            kind=kind,
            text="改了",
            reported_on=datetime.date(2026, 3, 1),
        )
    assert snapshot() == before
    motion_reports.unpublish(actor=actor(world.staff), motion=motion, kind=kind, reason="文字有误")
    assert client.get(session_url).status_code == 404


def test_motion_reports_are_refused_with_reasons_and_nothing_changes(world, motion):
    kind = MotionReport.Kind.HANDLING
    day = datetime.date(2026, 3, 1)
    before = snapshot()
    with pytest.raises(PermissionDenied):
        motion_reports.enter(
            actor=actor(world.deputy), motion=motion, kind=kind, text="办理情况", reported_on=day
        )
    with pytest.raises(publication.PublicationError) as refused:
        motion_reports.enter(actor=actor(world.staff), motion=motion, kind=kind, text=" ", reported_on=day)
    assert "请填写报告内容" in refused.value.message_dict["text"][0]
    with pytest.raises(publication.PublicationError):
        motion_reports.publish(actor=actor(world.staff), motion=motion, kind=kind, text="办理情况")
    Motion.objects.filter(pk=motion.pk).update(status=Motion.Status.CONVERTED)
    with pytest.raises(publication.PublicationError) as refused:
        motion_reports.enter(
            actor=actor(world.staff), motion=motion, kind=kind, text="办理情况", reported_on=day
        )
    assert "列入会议议程" in refused.value.messages[0]
    assert snapshot() == before
    Motion.objects.filter(pk=motion.pk).update(status=Motion.Status.LISTED)
    motion_reports.enter(actor=actor(world.staff), motion=motion, kind=kind, text="已办理。", reported_on=day)
    before = snapshot()
    with pytest.raises(publication.PublicationError) as refused:
        motion_reports.publish(
            actor=actor(world.staff), motion=motion, kind=kind, text="联系电话13700001111。"
        )
    assert "电话号码" in refused.value.message_dict["text"][0]
    assert snapshot() == before


def test_staff_enter_a_report_from_the_motion_page(world, motion, client):
    client.force_login(world.staff)
    page = client.get(reverse("suggestions:motion_detail", args=[motion.pk])).content.decode()
    url = reverse("suggestions:motion_report", args=[motion.pk, "handling"])
    assert url in page
    before = snapshot()
    refused = client.post(url, {"text": "", "reported_on": "2026-03-01"})
    assert "这个字段是必填项" in refused.content.decode() or "必填" in refused.content.decode()
    assert snapshot() == before
    assert client.post(url, {"text": "已按议案要求办理。", "reported_on": "2026-03-01"}).status_code == 302
    publish_url = reverse("suggestions:motion_report_publish", args=[motion.pk, "handling"])
    assert client.post(publish_url, {"text": "已按议案要求办理。"}).status_code == 302
    assert MotionReport.objects.get(motion=motion).published_at is not None
    assert client.get(reverse("suggestions:motion_report", args=[motion.pk, "nonsense"])).status_code == 404


def test_the_publication_panel_shows_only_to_those_who_may_publish(world, people, client):
    suggestion = answered(world, people)
    url = reverse("suggestions:detail", args=[suggestion.pk])
    link = reverse("suggestions:publish", args=[suggestion.pk])
    client.force_login(world.leader)
    assert link not in client.get(url).content.decode()
    client.force_login(world.staff)
    assert link in client.get(url).content.decode()


# ---------------------------------------------------------------- M7 reports' deadlines


def reports_of(motion) -> dict:
    return {r.kind: r for r in MotionReport.objects.filter(motion=motion)}


def test_the_review_result_is_due_three_months_after_the_session_closes(world, motion):
    # The session closed on 2026-11-30; 2027-02-28 is a Sunday, so the report is due on Monday.
    Session.objects.filter(pk=motion.session_id).update(end_date=datetime.date(2026, 11, 30))
    motion = Motion.objects.get(pk=motion.pk)
    assert motion_reports.due_on(motion, MotionReport.Kind.REVIEW_RESULT, {}) == datetime.date(2027, 3, 1)
    # Nothing is handed over before the review result: no handling report is due yet.
    assert motion_reports.due_on(motion, MotionReport.Kind.HANDLING, {}) is None


def test_a_motion_not_listed_is_reviewed_after_the_session_and_reports_too(world, motion):
    Motion.objects.filter(pk=motion.pk).update(status=Motion.Status.NOT_LISTED)
    report = motion_reports.enter(
        actor=actor(world.staff),
        motion=motion,
        kind=MotionReport.Kind.REVIEW_RESULT,
        text=REPORT_TEXT,
        reported_on=datetime.date(2026, 3, 1),
    )
    assert report.motion_id == motion.pk


def test_handling_is_reported_three_months_after_the_review_and_again_a_month_after_a_rejection(
    world, motion, client
):
    handling = MotionReport.Kind.HANDLING
    motion_reports.enter(
        actor=actor(world.staff),
        motion=motion,
        kind=MotionReport.Kind.REVIEW_RESULT,
        text=REPORT_TEXT,
        reported_on=datetime.date(2025, 7, 1),
    )
    # 2025-10-01 falls in the National Day holiday (1–8 October 2025): due the next working day.
    assert motion_reports.due_on(motion, handling, reports_of(motion)) == datetime.date(2025, 10, 9)
    motion_reports.enter(
        actor=actor(world.staff),
        motion=motion,
        kind=handling,
        text="已办理。",
        reported_on=datetime.date(2026, 1, 10),
    )
    assert not motion_reports.outstanding(motion, handling, reports_of(motion))

    before = snapshot()
    with pytest.raises(PermissionDenied):
        motion_reports.reject_handling(
            actor=actor(world.deputy), motion=motion, rejected_on=datetime.date(2026, 1, 17), note="不同意"
        )
    with pytest.raises(publication.PublicationError) as refused:
        motion_reports.reject_handling(
            actor=actor(world.staff), motion=motion, rejected_on=datetime.date(2026, 1, 5), note=""
        )
    assert set(refused.value.message_dict) == {"rejected_on", "note"}
    assert snapshot() == before

    client.force_login(world.staff)
    client.post(
        reverse("suggestions:motion_report_reject", args=[motion.pk]),
        {"rejected_on": "2026-01-17", "note": "办理措施不具体，请重新报告。"},
    )
    reports = reports_of(motion)
    assert motion_reports.outstanding(motion, handling, reports)
    # A month after 2026-01-17 is 2026-02-17, inside the Spring Festival holiday (15–23 February).
    assert motion_reports.due_on(motion, handling, reports) == datetime.date(2026, 2, 24)
    page = client.get(reverse("suggestions:motion_detail", args=[motion.pk])).content.decode()
    assert "应于 2026-02-24 前报告" in page
    assert "已逾期" in page  # today is past it

    motion_reports.enter(
        actor=actor(world.staff),
        motion=motion,
        kind=handling,
        text="重新报告。",
        reported_on=datetime.date(2026, 2, 10),
    )
    assert not motion_reports.outstanding(motion, handling, reports_of(motion))
