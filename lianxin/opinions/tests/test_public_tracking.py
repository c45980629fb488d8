"""Following an opinion with its tracking code, and rating the answer, without an account."""

import datetime

import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lianxin.accounts.actor import Actor
from lianxin.audit.models import Event
from lianxin.casework import services as casework
from lianxin.casework.models import Case, Rating
from lianxin.opinions.models import Opinion
from lianxin.opinions.public_views import TRACKED_KEY
from lianxin.opinions.tests.intake_fixtures import (  # noqa: F401
    _empty_outbox,
    _uploads_in_a_temporary_folder,
    accepted,
    make_opinion,
    replied,
    staff_actor,
    track,
)

STATUS_URL = reverse("opinions_public:track_status")
RATE_URL = reverse("opinions_public:track_rate")
TRACK_URL = reverse("opinions_public:track")


def status_page(client) -> str:
    return client.get(STATUS_URL).content.decode()


def rate(client, **data):
    page = client.get(STATUS_URL)
    token = page.context["rating_form"]["round"].value()
    return client.post(RATE_URL, {"round": token, **data})


def case_snapshot(case: Case):
    case.refresh_from_db()
    return (case.state, case.round, case.ratings.count(), Event.objects.count())


# ---------------------------------------------------------------- finding the opinion


def test_the_tracking_code_opens_the_opinion_in_this_browser(client, world):
    opinion = make_opinion(world)
    response = track(client, opinion)
    assert response.status_code == 302
    assert response["Location"] == STATUS_URL
    assert client.session[TRACKED_KEY] == opinion.pk
    body = status_page(client)
    assert opinion.title in body
    assert "待受理" in body


def test_a_code_typed_in_lower_case_with_spaces_is_found(client, world):
    opinion = make_opinion(world)
    typed = " ".join(opinion.tracking_code[i : i + 5] for i in (0, 5)).lower()
    assert client.post(TRACK_URL, {"code": typed}).status_code == 302


def test_an_unknown_code_gets_a_plain_chinese_message_and_opens_nothing(client, world):
    make_opinion(world)
    response = client.post(TRACK_URL, {"code": "ABCDEFGHJK"})
    assert response.status_code == 200
    assert response.context["form"].errors["code"] == ["没有找到这个查询码，请核对后重新输入。"]
    assert TRACKED_KEY not in client.session
    assert client.get(STATUS_URL)["Location"] == TRACK_URL


def test_guessing_codes_is_rate_limited(client, world, settings):
    settings.LIANXIN_RATE_TRACKING_PER_ADDRESS = "3/h"
    for _guess in range(3):
        client.post(TRACK_URL, {"code": "ABCDEFGHJK"})
    response = client.post(TRACK_URL, {"code": make_opinion(world).tracking_code})
    assert response.status_code == 429
    assert TRACKED_KEY not in client.session


def test_ending_the_lookup_forgets_the_opinion(client, world):
    track(client, make_opinion(world))
    client.post(TRACK_URL, {"action": "end"})
    assert TRACKED_KEY not in client.session


# ---------------------------------------------------------------- what the citizen sees


def test_a_refused_opinion_shows_the_reason(client, world):
    opinion = make_opinion(world, status=Opinion.Status.REFUSED, status_reason="属于司法程序，请向法院反映。")
    track(client, opinion)
    body = status_page(client)
    assert "不予受理" in body
    assert "属于司法程序，请向法院反映。" in body


def test_an_accepted_opinion_shows_the_engines_wording_and_the_deadline(client, world):
    opinion = accepted(world, make_opinion(world))
    casework.assign(actor=staff_actor(world.staff), case=opinion.case, lead=world.unit)
    track(client, opinion)
    body = status_page(client)
    assert "已受理 · 已交办" in body
    opinion.case.refresh_from_db()
    assert f"{opinion.case.due_date:%Y-%m-%d}" in body
    assert "连心县交通运输局（主办）" in body


def test_the_page_shows_units_and_answers_but_nothing_internal(client, world):
    opinion = accepted(world, make_opinion(world))
    case = replied(world, opinion)
    casework.urge(actor=staff_actor(world.leader), case=case, message="内部督办：请加快。")
    track(client, opinion)
    body = status_page(client)
    assert "已安排维修，三日内修复。" in body
    assert "答复类别：已解决" in body
    assert "连心县交通运输局" in body
    assert "签收" in body
    # Co-handlers' opinions, urging, signatories and staff stay inside the office.
    for internal in ("内部会办意见", "内部督办", "赵主任", "刘工委", "周经办", "罗经办", "郑主任"):
        assert internal not in body, internal


def test_a_merged_opinion_follows_the_main_case_without_revealing_its_code(client, world):
    main = accepted(world, make_opinion(world))
    replied(world, main, text="统一答复：已修复。")
    merged = make_opinion(
        world, title="路灯坏了", submitter_phone="13700001234", status=Opinion.Status.MERGED, merged_into=main
    )
    track(client, merged)
    body = status_page(client)
    assert "已并案" in body
    assert "统一答复：已修复。" in body
    assert main.tracking_code[:4] + "……" in body
    assert main.tracking_code not in body
    assert main.title not in body


# ---------------------------------------------------------------- rating


def test_a_satisfied_rating_closes_the_case(client, world):
    opinion = accepted(world, make_opinion(world))
    case = replied(world, opinion)
    track(client, opinion)
    response = rate(client, value=Rating.Value.SATISFIED)
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == Case.State.CLOSED
    rating = case.ratings.get()
    assert rating.rater == opinion.rater_label()
    event = Event.objects.get(action="casework.case.closed")
    assert event.actor is None
    assert event.actor_name == f"群众（查询码 {opinion.tracking_code[:4]}……）"
    assert "您对第 1 轮答复的评价：满意" in status_page(client)


def test_unsatisfied_needs_a_comment_and_then_sends_the_case_back(client, world):
    opinion = accepted(world, make_opinion(world))
    case = replied(world, opinion)
    track(client, opinion)
    before = case_snapshot(case)
    response = rate(client, value=Rating.Value.UNSATISFIED, comment="")
    assert response.context["rating_form"].errors["comment"] == ["选择“不满意”时，请写明具体意见。"]
    assert case_snapshot(case) == before
    rate(client, value=Rating.Value.UNSATISFIED, comment="路灯还是不亮。")
    case.refresh_from_db()
    assert (case.state, case.round) == (Case.State.REHANDLING, 2)


def test_a_second_rating_of_the_same_round_gets_the_engines_message_and_changes_nothing(client, world):
    opinion = accepted(world, make_opinion(world))
    case = replied(world, opinion)
    track(client, opinion)
    token = client.get(STATUS_URL).context["rating_form"]["round"].value()
    client.post(RATE_URL, {"round": token, "value": Rating.Value.BASICALLY})
    before = case_snapshot(case)
    replay = client.post(RATE_URL, {"round": token, "value": Rating.Value.UNSATISFIED, "comment": "再来一次"})
    assert replay.status_code == 200
    assert "您已经评价过这一轮答复。" in replay.content.decode()
    assert case_snapshot(case) == before


def test_a_rating_after_the_window_is_refused_and_changes_nothing(client, world):
    opinion = accepted(world, make_opinion(world))
    case = replied(world, opinion)
    track(client, opinion)
    token = client.get(STATUS_URL).context["rating_form"]["round"].value()
    before = case_snapshot(case)
    after_window = timezone.make_aware(
        datetime.datetime.combine(case.rating_due + datetime.timedelta(days=1), datetime.time(10))
    )
    with time_machine.travel(after_window, tick=False):
        # Weeks later the session is long gone: the citizen types the code again.
        track(client, opinion)
        response = client.post(RATE_URL, {"round": token, "value": Rating.Value.SATISFIED})
        body = response.content.decode()
        assert f"评价期限已过（{case.rating_due}）" in body
        assert 'name="value"' not in body
        assert f"评价期限已于 {case.rating_due:%Y-%m-%d} 截止" in status_page(client)
    assert case_snapshot(case) == before


def test_a_form_read_before_re_handling_cannot_rate_the_new_answer(client, world):
    opinion = accepted(world, make_opinion(world))
    case = replied(world, opinion)
    track(client, opinion)
    stale = client.get(STATUS_URL).context["rating_form"]["round"].value()
    rate(client, value=Rating.Value.UNSATISFIED, comment="没修好")
    lead = case.assignments.get(round=2)
    casework.reply(
        actor=Actor(user=world.clerk, role="unit_clerk", ip=None),
        assignment=lead,
        text="东城社区人民路东段路灯不亮的问题，已于4月10日更换全部灯具，恢复照明。如有问题请拨打联系电话0731-84561234。",
        category="已解决",
        signed_off_by="赵主任",
    )
    before = case_snapshot(case)
    response = client.post(RATE_URL, {"round": stale, "value": Rating.Value.SATISFIED})
    assert "答复已经更新，请阅读最新的答复后再评价。" in response.content.decode()
    assert case_snapshot(case) == before


def test_rating_needs_the_csrf_token(world):
    opinion = accepted(world, make_opinion(world))
    case = replied(world, opinion)
    browser = Client(enforce_csrf_checks=True)
    track_response = browser.get(TRACK_URL)
    token = track_response.cookies["csrftoken"].value
    browser.post(TRACK_URL, {"code": opinion.tracking_code, "csrfmiddlewaretoken": token})
    before = case_snapshot(case)
    response = browser.post(RATE_URL, {"value": Rating.Value.SATISFIED})
    assert response.status_code == 403
    assert case_snapshot(case) == before


def test_without_a_tracked_opinion_rating_goes_back_to_the_lookup(client, world):
    before = Rating.objects.count()
    response = client.post(RATE_URL, {"value": Rating.Value.SATISFIED})
    assert response["Location"] == TRACK_URL
    assert Rating.objects.count() == before


def test_a_merged_submitter_rates_as_themselves_and_both_close_the_case(client, world):
    main = accepted(world, make_opinion(world))
    case = replied(world, main)
    merged = make_opinion(
        world, title="路灯坏了", submitter_phone="13700001234", status=Opinion.Status.MERGED, merged_into=main
    )
    track(client, merged)
    rate(client, value=Rating.Value.SATISFIED)
    case.refresh_from_db()
    assert case.ratings.get().rater == merged.rater_label()
    assert case.state == Case.State.REPLIED  # the main submitter has not rated yet
    other = Client()
    track(other, main)
    rate(other, value=Rating.Value.SATISFIED)
    case.refresh_from_db()
    assert case.state == Case.State.CLOSED
