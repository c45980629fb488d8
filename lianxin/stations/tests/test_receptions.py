"""选民接待: each visitor's matter enters the opinion intake bound to the station and the deputy."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from lianxin.audit.models import Event
from lianxin.casework.models import Case
from lianxin.opinions.models import Opinion
from lianxin.opinions.tests.intake_fixtures import _empty_outbox, _uploads_in_a_temporary_folder  # noqa: F401
from lianxin.spreadsheets.tests.workbooks import opened, sheet_rows
from lianxin.stations import services
from lianxin.stations.models import Reception
from lianxin.stations.tests.fixtures import actor, day

PHONE = "13912340000"
CREATE_URL = reverse("stations:reception_create")


def matter(world, **overrides) -> dict:
    values = {
        "station": world.east_station,
        "received_on": timezone.localdate(),
        "title": "东城社区菜市场门口积水",
        "content": "一下雨菜市场门口就积水，老人进出不便。",
        "region": world.east_village,
        "phone": PHONE,
        "name": "钱大伯",
        "deputy": world.east_deputy,
    }
    return {**values, **overrides}


def form_data(world, **overrides) -> dict:
    data = {
        "station": world.east_station.pk,
        "received_on": timezone.localdate().isoformat(),
        "deputy": world.east_deputy.pk,
        "name": "钱大伯",
        "phone": PHONE,
        "region": world.east_village.pk,
        "title": "东城社区菜市场门口积水",
        "content": "一下雨菜市场门口就积水，老人进出不便。",
        "hide_name": "on",
    }
    return {**data, **overrides}


def nothing_written() -> bool:
    return not Reception.objects.exists() and not Opinion.objects.exists()


def test_a_logged_reception_enters_the_intake_bound_to_station_and_deputy(world):
    today = day(world, days_from_today=0)
    reception = services.log_reception(actor=actor(world.liaison), day=today, **matter(world))
    opinion = reception.opinion
    assert (opinion.channel, opinion.station, opinion.deputy) == (
        Opinion.Channel.RECEPTION,
        world.east_station,
        world.east_deputy,
    )
    assert opinion.status == Opinion.Status.SUBMITTED
    assert reception.outcome == Reception.Outcome.INTAKE
    # The deputy who received the visitor was there: counted as present that day.
    assert list(today.present.all()) == [world.east_deputy]
    assert Event.objects.filter(action="stations.reception.logged").count() == 1
    assert Event.objects.filter(action="opinions.opinion.entered").count() == 1


def test_answered_on_the_spot_is_accepted_and_answered_at_once(world):
    reception = services.log_reception(
        actor=actor(world.liaison), answer="已联系社区当天清理下水口。", **matter(world)
    )
    opinion = Opinion.objects.get(pk=reception.opinion.pk)
    assert reception.outcome == Reception.Outcome.ON_THE_SPOT
    assert opinion.route == Opinion.Route.ON_THE_SPOT
    assert opinion.case.state == Case.State.REPLIED
    assert opinion.case.replies.get().text == "已联系社区当天清理下水口。"


def test_a_deputy_not_stationed_here_is_refused_and_nothing_is_written(world):
    with pytest.raises(ValidationError) as refused:
        services.log_reception(actor=actor(world.liaison), **matter(world, deputy=world.west_deputy))
    assert refused.value.message_dict["deputy"] == [
        "李秀英不是“东城镇人大代表联络站”的进站代表，不能登记为接待代表。"
    ]
    assert nothing_written()
    assert not Event.objects.exists()


def test_a_deputy_not_on_duty_that_day_is_refused(world):
    world.east_station.deputies.add(world.west_deputy)
    today = day(world, days_from_today=0, on_duty=[world.east_deputy])
    with pytest.raises(ValidationError) as refused:
        services.log_reception(
            actor=actor(world.liaison), day=today, **matter(world, deputy=world.west_deputy)
        )
    assert refused.value.message_dict["deputy"][0].startswith("李秀英不是")
    assert refused.value.message_dict["deputy"][0].endswith("接待日的值班代表。")
    assert nothing_written()
    assert not today.present.exists()


def test_a_day_of_another_date_is_refused(world):
    coming = day(world, days_from_today=2)
    with pytest.raises(ValidationError) as refused:
        services.log_reception(actor=actor(world.liaison), day=coming, **matter(world))
    assert "day" in refused.value.message_dict
    assert nothing_written()


def test_a_reception_in_the_future_is_refused(world):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        services.log_reception(actor=actor(world.liaison), **matter(world, received_on=tomorrow))
    assert refused.value.message_dict["received_on"] == ["接待日期不能晚于今天。"]
    assert nothing_written()


def test_another_stations_liaison_may_not_log_here(world):
    with pytest.raises(PermissionDenied):
        services.log_reception(actor=actor(world.west_liaison), **matter(world))
    assert nothing_written()


def test_a_missing_phone_is_refused_by_the_intake_and_nothing_stays(world):
    with pytest.raises(ValidationError):
        services.log_reception(actor=actor(world.liaison), **matter(world, phone=""))
    assert nothing_written()


def test_the_form_logs_a_reception_and_the_matter_shows_in_the_opinion_ledger(world, as_user):
    client = as_user(world.liaison)
    response = client.post(CREATE_URL, form_data(world))
    reception = Reception.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reception.get_absolute_url()
    ledger = client.get(reverse("opinions:office_list"))
    assert [row["cells"][0] for row in ledger.context["rows"]] == ["东城社区菜市场门口积水"]


def test_the_form_puts_the_deputy_refusal_beside_the_field(world, as_user):
    response = as_user(world.liaison).post(CREATE_URL, form_data(world, deputy=world.west_deputy.pk))
    # The west deputy is not offered at all for the east liaison's stations.
    assert response.status_code == 200
    assert response.context["form"].errors["deputy"]
    assert nothing_written()


def test_the_form_shows_the_not_on_duty_message(world, as_user):
    world.east_station.deputies.add(world.west_deputy)
    today = day(world, days_from_today=0, on_duty=[world.east_deputy])
    response = as_user(world.liaison).post(
        CREATE_URL, form_data(world, deputy=world.west_deputy.pk, day=today.pk)
    )
    assert response.status_code == 200
    assert "接待日的值班代表" in response.content.decode()
    assert nothing_written()


def test_each_liaison_sees_only_their_own_stations_receptions(world, as_user):
    services.log_reception(actor=actor(world.liaison), **matter(world))
    listed = as_user(world.west_liaison).get(reverse("stations:receptions")).context["rows"]
    assert listed == []
    listed = as_user(world.staff).get(reverse("stations:receptions")).context["rows"]
    assert [row["cells"][0] for row in listed] == ["东城社区菜市场门口积水"]


def test_the_reception_ledger_masks_the_visitors_phone(world, as_user):
    services.log_reception(actor=actor(world.liaison), **matter(world))
    response = as_user(world.staff).get(reverse("stations:receptions"), {"format": "xlsx"})
    rows = sheet_rows(opened(response).active)
    assert rows[0][:4] == ["反映事项", "接待日期", "履职阵地", "接待代表"]
    assert rows[1][0] == "东城社区菜市场门口积水"
    assert rows[1][4] == "139****0000"
    assert PHONE not in str(rows)


def test_the_form_is_prefilled_from_a_day_of_the_users_own_stations_only(world, as_user):
    east_today = day(world, days_from_today=0)
    west_today = day(world, days_from_today=0, station=world.west_station)
    form = as_user(world.liaison).get(CREATE_URL, {"day": east_today.pk}).context["form"]
    assert (form.initial["day"], form.initial["station"]) == (east_today.pk, world.east_station.pk)
    form = as_user(world.liaison).get(CREATE_URL, {"day": west_today.pk}).context["form"]
    assert "day" not in form.initial
