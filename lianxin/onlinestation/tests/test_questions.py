"""云接待 over HTTP and through its services: questions only inside the window, proved by an SMS
code and guarded like the opinion form; answers in public or in private."""

import datetime
import uuid

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lianxin.audit.models import Event
from lianxin.conftest import client_for
from lianxin.notifications.sms import MemoryBackend
from lianxin.onlinestation import services, todos
from lianxin.onlinestation.forms import guard_initial
from lianxin.onlinestation.models import Question, Session
from lianxin.onlinestation.public_views import ASKED_KEY
from lianxin.onlinestation.services import OnlineError
from lianxin.onlinestation.tests.helpers import (
    PHONE,
    actor,
    citizen,
    form_data,
    make_question,
    make_session,
    page_url,
    questions,
    sent_code,
)
from lianxin.opinions.models import SmsCode
from lianxin.opinions.public_forms import GUARD_MESSAGE
from lianxin.opinions.tests.intake_fixtures import _empty_outbox, last_code  # noqa: F401
from lianxin.workbench.todos import todos_for


def ask_over_http(client, session, capture, **overrides):
    with capture(execute=True):
        client.post(
            page_url(session),
            {"action": "send_code", "phone": PHONE, "captcha_0": "x", "captcha_1": "PASSED"},
        )
    with capture(execute=True):
        return client.post(page_url(session), form_data(code=last_code(), **overrides))


# ---------------------------------------------------------------- the window


def test_a_citizen_asks_inside_the_window_and_sees_their_question(
    client, world, django_capture_on_commit_callbacks
):
    session = make_session(world)
    response = ask_over_http(client, session, django_capture_on_commit_callbacks)
    question = Question.objects.get()
    assert response.status_code == 302
    assert response["Location"] == page_url(session) + "#mine"
    assert client.session[ASKED_KEY] == [question.pk]
    assert question.asker_phone.reveal() == PHONE
    assert "已收到，等待代表答复。" in client.get(page_url(session)).content.decode()
    # Spent: the code cannot prove the phone a second time.
    assert SmsCode.objects.get().used_at is not None


@pytest.mark.parametrize(("starts_in", "message"), [(30, "本场云接待尚未开始"), (-180, "本场云接待已经结束")])
def test_nothing_is_taken_outside_the_window(client, world, starts_in, message):
    session = make_session(world, starts_in=starts_in)
    page = client.get(page_url(session)).content.decode()
    assert message in page
    assert 'name="content"' not in page
    response = client.post(page_url(session), form_data(code="123456"))
    assert response.status_code == 409
    assert questions() == 0


def test_the_service_refuses_a_question_once_the_window_closed(world):
    session = make_session(world)
    code = sent_code()
    after_the_window = time_machine.travel(session.ends_at + datetime.timedelta(seconds=1))
    with after_the_window, pytest.raises(OnlineError, match="本场云接待已经结束"):
        services.ask(
            actor=citizen(),
            session=session,
            content="问题",
            phone=PHONE,
            code=code,
            idempotency_key=uuid.uuid4(),
        )
    assert questions() == 0
    assert SmsCode.objects.get().used_at is None


# ---------------------------------------------------------------- the guards, as on the opinion form


def test_a_wrong_code_is_counted_and_nothing_is_asked(world):
    session = make_session(world)
    sent_code()
    with pytest.raises(OnlineError) as refused:
        services.ask(
            actor=citizen(),
            session=session,
            content="问题",
            phone=PHONE,
            code="000000",
            idempotency_key=uuid.uuid4(),
        )
    assert refused.value.message_dict["code"][0].startswith("验证码不正确")
    assert SmsCode.objects.get().attempts == 1
    assert questions() == 0


def test_a_double_click_asks_once(world):
    session = make_session(world)
    code = sent_code()
    key = uuid.uuid4()
    first = services.ask(
        actor=citizen(), session=session, content="问题", phone=PHONE, code=code, idempotency_key=key
    )
    again = services.ask(
        actor=citizen(), session=session, content="问题", phone=PHONE, code=code, idempotency_key=key
    )
    assert first.pk == again.pk
    assert questions() == 1


def test_a_filled_honeypot_or_a_form_sent_at_once_is_refused(
    client, world, django_capture_on_commit_callbacks
):
    session = make_session(world)
    body = ask_over_http(
        client, session, django_capture_on_commit_callbacks, website="http://spam"
    ).content.decode()
    assert str(GUARD_MESSAGE) in body
    assert questions() == 0
    # A form rendered this very second and sent at once: no person types that fast.
    hurried = form_data(code=last_code(), **guard_initial())
    assert str(GUARD_MESSAGE) in client.post(page_url(session), hurried).content.decode()
    assert questions() == 0


def test_asking_is_rate_limited_per_address(client, world, settings, django_capture_on_commit_callbacks):
    settings.LIANXIN_RATE_OPINION_PER_ADDRESS = "2/h"
    session = make_session(world)
    for _ in range(2):
        client.post(page_url(session), form_data(code="123456"))
    response = client.post(page_url(session), form_data(code="123456"))
    assert response.status_code == 429
    assert questions() == 0


def test_code_requests_share_the_opinion_forms_budget(client, world, settings):
    """Two public doors must not double what one address may have texted."""
    settings.LIANXIN_RATE_SMS_CODE_PER_ADDRESS = "1/h"
    session = make_session(world)
    client.post(reverse("opinions_public:form"), {"action": "send_code", "phone": "13800000001"})
    response = client.post(
        page_url(session), {"action": "send_code", "phone": PHONE, "captcha_0": "x", "captcha_1": "PASSED"}
    )
    assert response.status_code == 429
    assert not SmsCode.objects.exists()


# ---------------------------------------------------------------- answers


def test_a_public_answer_shows_the_question_without_personal_data(world, django_capture_on_commit_callbacks):
    session = make_session(world)
    question = make_question(session, content="我叫赵红梅，电话13912345678，楼道灯坏了半年。", name="赵红梅")
    with django_capture_on_commit_callbacks(execute=True):
        services.answer(
            actor=actor(world.deputy), question=question, text="已联系物业，本周修好。", visibility="public"
        )
    page = Client().get(page_url(session)).content.decode()
    assert "已联系物业，本周修好。" in page
    assert "楼道灯坏了半年" in page
    assert "13912345678" not in page
    assert "赵红梅" not in page
    assert MemoryBackend.outbox[-1] == (
        PHONE,
        "您在“老旧小区改造，代表在线听您说”的留言，王建国代表已答复：已联系物业，本周修好。",
    )


def test_a_private_answer_reaches_only_the_asker(client, world, django_capture_on_commit_callbacks):
    session = make_session(world)
    ask_over_http(client, session, django_capture_on_commit_callbacks, content="我家低保的事想私下问问。")
    question = Question.objects.get()
    services.answer(
        actor=actor(world.deputy), question=question, text="请周三带材料来站里。", visibility="private"
    )
    assert "请周三带材料来站里。" in client.get(page_url(session)).content.decode()
    stranger = Client().get(page_url(session)).content.decode()
    assert "请周三带材料来站里。" not in stranger
    assert "低保" not in stranger


def test_a_question_kept_private_cannot_be_answered_in_public(world):
    session = make_session(world)
    question = make_question(session, keep_private=True)
    with pytest.raises(OnlineError) as refused:
        services.answer(actor=actor(world.deputy), question=question, text="答复", visibility="public")
    assert refused.value.message_dict["visibility"] == ["留言人希望不公开留言，只能私下答复。"]
    question.refresh_from_db()
    assert (question.answer, question.visibility) == ("", "")


def test_only_a_deputy_on_duty_answers_and_only_once(world):
    session = make_session(world)
    question = make_question(session)
    for outsider in (world.liaison, world.staff):
        with pytest.raises(PermissionDenied):
            services.answer(actor=actor(outsider), question=question, text="答复", visibility="public")
    services.answer(actor=actor(world.deputy), question=question, text="答复", visibility="private")
    with pytest.raises(OnlineError, match="已经答复过了"):
        services.answer(actor=actor(world.deputy), question=question, text="再答一次", visibility="public")
    question.refresh_from_db()
    assert (question.answer, question.visibility) == ("答复", "private")


def test_the_deputy_answers_on_the_session_screen(world):
    session = make_session(world)
    question = make_question(session)
    client = client_for(world.deputy)
    page = client.get(session.get_absolute_url()).content.decode()
    assert "提交答复" in page
    assert PHONE not in page  # masked for the deputy too
    prefix = f"q{question.pk}"
    missing = client.post(reverse("onlinestation:answer", args=[question.pk]), {f"{prefix}-text": "答复"})
    assert "请选择公开答复或私下答复。" in missing.content.decode()
    question.refresh_from_db()
    assert question.visibility == ""
    done = client.post(
        reverse("onlinestation:answer", args=[question.pk]),
        {f"{prefix}-text": "本周修好。", f"{prefix}-visibility": "public"},
    )
    assert done.status_code == 302
    question.refresh_from_db()
    assert question.visibility == "public"


def test_the_liaison_schedules_a_session_for_their_station_with_its_deputies(world):
    now = timezone.localtime()
    data = {
        "station": world.east_station.pk,
        "title": "医保报销，代表在线答",
        "starts_at": (now + datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (now + datetime.timedelta(days=3, hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "deputies": [world.west_deputy.pk],
    }
    client = client_for(world.liaison)
    refused = client.post(reverse("onlinestation:create"), data)
    assert refused.status_code == 200
    assert Session.objects.count() == 0
    data["deputies"] = [world.east_deputy.pk]
    data["ends_at"] = data["starts_at"]
    refused = client.post(reverse("onlinestation:create"), data)
    assert "结束时间应晚于开始时间。" in refused.content.decode()
    assert Session.objects.count() == 0
    data["ends_at"] = (now + datetime.timedelta(days=3, hours=2)).strftime("%Y-%m-%dT%H:%M")
    assert client.post(reverse("onlinestation:create"), data).status_code == 302
    assert Session.objects.get().deputies.get() == world.east_deputy


def test_a_deputy_not_stationed_there_cannot_be_on_duty(world):
    now = timezone.now()
    with pytest.raises(OnlineError) as refused:
        services.session_create(
            actor=actor(world.staff),
            station=world.east_station,
            title="主题",
            starts_at=now + datetime.timedelta(hours=1),
            ends_at=now + datetime.timedelta(hours=2),
            deputies=[world.west_deputy],
        )
    assert refused.value.message_dict["deputies"] == ["李秀英 不是东城镇人大代表联络站的进站代表。"]
    assert Session.objects.count() == 0


def test_unanswered_questions_show_on_the_deputys_panel_until_answered(world):
    session = make_session(world)
    question = make_question(session)
    assert todos.waiting_for_my_answer(world.deputy) == 1
    assert {"label": "云接待待答复留言", "url": "/office/online/", "count": 1, "urgent": True} in todos_for(
        world.deputy
    )
    services.answer(actor=actor(world.deputy), question=question, text="答复", visibility="private")
    assert todos.waiting_for_my_answer(world.deputy) == 0


# ---------------------------------------------------------------- the asker's phone


def test_the_office_reveals_an_askers_phone_and_it_is_recorded(world):
    question = make_question(make_session(world))
    url = reverse("privacy:reveal", args=["onlinestation.question", question.pk, "asker_phone"])
    response = client_for(world.staff).post(url)
    assert response.status_code == 200
    assert PHONE in response.content.decode()
    assert (
        Event.objects.filter(action="privacy.personal_data.revealed", target_id=str(question.pk)).count() == 1
    )


@pytest.mark.parametrize(("persona", "status"), [("deputy", 403), ("liaison", 403), ("west_staff", 404)])
def test_deputies_liaisons_and_other_townships_cannot_reveal_it(world, persona, status):
    question = make_question(make_session(world))
    url = reverse("privacy:reveal", args=["onlinestation.question", question.pk, "asker_phone"])
    response = client_for(getattr(world, persona)).post(url)
    assert response.status_code == status
    assert PHONE not in response.content.decode()
    assert not Event.objects.filter(action="privacy.personal_data.revealed").exists()


def test_an_empty_question_is_refused_before_the_code_is_spent(world):
    session = make_session(world)
    code = sent_code()
    with pytest.raises(OnlineError) as refused:
        services.ask(
            actor=citizen(),
            session=session,
            content="  \n ",
            phone=PHONE,
            code=code,
            idempotency_key=uuid.uuid4(),
        )
    assert refused.value.message_dict["content"] == ["请填写您的问题。"]
    assert questions() == 0
    assert SmsCode.objects.get().used_at is None
