import pytest
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from lianxin.accounts import services
from lianxin.accounts.actor import Actor
from lianxin.accounts.models import Membership, User
from lianxin.accounts.roles import Role, WorkingBody
from lianxin.audit.models import Event
from lianxin.conftest import PASSWORD


def _state():
    """Everything the account screens can write, to show that a refused request changed nothing."""
    return (
        list(
            User.objects.order_by("pk").values_list(
                "pk", "username", "name", "phone_digest", "is_active", "password"
            )
        ),
        list(
            Membership.objects.order_by("pk").values_list(
                "pk", "user", "role", "region", "working_body", "is_active"
            )
        ),
        TOTPDevice.objects.count(),
        Event.objects.count(),
    )


def _admin_at(region, username="west_admin"):
    user = User.objects.create_user(username=username, password=PASSWORD, name="乡管理")
    Membership.objects.create(user=user, role=Role.ADMIN, region=region)
    return user


def _usernames(response):
    return [row["cells"][0] for row in response.context["rows"]]


def _new_staff(**overrides):
    data = {
        "username": "zhao",
        "name": "赵新人",
        "phone": "139 0000 1111",
        "role": Role.STAFF,
        "working_body": WorkingBody.LEGAL_AFFAIRS,
    }
    data.update(overrides)
    return data


# ---------------------------------------------------------------- list


def test_the_admin_lists_the_accounts_of_the_scope(world, as_user):
    response = as_user(world.admin).get(reverse("accounts_office:user_list"))
    assert response.status_code == 200
    everyone = "citizen deputy liaison clerk staff office committee leader admin auditor"
    assert _usernames(response) == sorted([*everyone.split(), "west_staff", "west_liaison", "west_clerk"])
    row = next(row for row in response.context["rows"] if row["cells"][0] == "office")
    assert row["cells"][3] == "常委会工作人员·连心县"
    assert row["url"] == reverse("accounts_office:user_detail", args=[world.office.pk])


def test_a_township_admin_lists_only_accounts_with_a_role_in_the_township(world, as_user):
    response = as_user(_admin_at(world.west)).get(reverse("accounts_office:user_list"))
    assert _usernames(response) == ["west_admin", "west_liaison", "west_staff"]


def test_the_list_searches_usernames_names_and_exact_phone_numbers(world, as_user):
    world.leader.phone = "13811112222"
    world.leader.save()
    client = as_user(world.admin)
    assert _usernames(client.get(reverse("accounts_office:user_list"), {"q": "west_"})) == [
        "west_clerk",
        "west_liaison",
        "west_staff",
    ]
    assert _usernames(client.get(reverse("accounts_office:user_list"), {"q": "孙办"})) == ["office"]
    found = client.get(reverse("accounts_office:user_list"), {"q": "138-1111-2222"})
    assert _usernames(found) == ["leader"]
    assert str(found.context["rows"][0]["cells"][2]) == "138****2222"
    # Encrypted numbers are found whole only; a fragment matches nothing.
    assert _usernames(client.get(reverse("accounts_office:user_list"), {"q": "1381111"})) == []


def test_the_list_filters_by_role_and_status(world, as_user):
    world.committee.is_active = False
    world.committee.save()
    client = as_user(world.admin)
    staff = client.get(reverse("accounts_office:user_list"), {"role": Role.STAFF})
    assert _usernames(staff) == ["committee", "office", "staff", "west_staff"]
    inactive = client.get(reverse("accounts_office:user_list"), {"active": "no"})
    assert _usernames(inactive) == ["committee"]


@pytest.mark.parametrize("persona", ["staff", "office", "leader", "auditor", "citizen", "west_staff"])
def test_only_admins_open_account_screens(world, as_user, persona):
    client = as_user(getattr(world, persona))
    assert client.get(reverse("accounts_office:user_list")).status_code == 403
    assert client.get(reverse("accounts_office:user_detail", args=[world.citizen.pk])).status_code == 403
    assert client.get(reverse("accounts_office:user_create")).status_code == 403


# ---------------------------------------------------------------- detail


def test_the_detail_shows_roles_security_and_the_timeline(world, as_user):
    world.staff.phone = "13811112222"
    world.staff.save()
    TOTPDevice.objects.create(user=world.staff, name="totp", confirmed=True)
    as_user(world.admin).post(
        reverse("accounts_office:membership_grant", args=[world.staff.pk]),
        {"role": Role.LEADER, "region": world.east.pk},
    )
    response = as_user(world.admin).get(reverse("accounts_office:user_detail", args=[world.staff.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "代表工作委员会（选联工委）" in page
    assert "138****2222" in page
    assert "13811112222" not in page
    assert "查看明文" in page
    assert response.context["has_totp"]
    assert not response.context["locked"]
    assert response.context["can_manage"]
    assert "授予角色：领导 · 东城镇" in page
    assert response.context["edit_url"] == reverse("accounts_office:user_edit", args=[world.staff.pk])


def test_the_admin_reveals_a_phone_number_and_it_is_recorded(world, as_user):
    world.staff.phone = "13811112222"
    world.staff.save()
    url = reverse("privacy:reveal", args=["accounts.user", world.staff.pk, "phone"])
    response = as_user(world.admin).post(url)
    assert response.status_code == 200
    assert "13811112222" in response.content.decode()
    event = Event.objects.get(action="privacy.personal_data.revealed")
    assert event.actor == world.admin
    assert event.target_id == str(world.staff.pk)


@pytest.mark.parametrize("persona", ["staff", "auditor", "leader"])
def test_others_cannot_reveal_account_phone_numbers(world, as_user, persona):
    world.staff.phone = "13811112222"
    world.staff.save()
    before = _state()
    url = reverse("privacy:reveal", args=["accounts.user", world.staff.pk, "phone"])
    response = as_user(getattr(world, persona)).post(url)
    assert response.status_code == 404
    assert "13811112222" not in response.content.decode()
    assert _state() == before


def test_a_township_admin_gets_404_for_county_accounts(world, as_user):
    client = as_user(_admin_at(world.west))
    before = _state()
    for name in ("user_detail", "user_edit", "membership_grant"):
        assert client.get(reverse(f"accounts_office:{name}", args=[world.staff.pk])).status_code == 404
    for name in ("password_reset", "totp_reset", "unlock"):
        assert client.post(reverse(f"accounts_office:{name}", args=[world.staff.pk])).status_code == 404
    assert (
        client.post(reverse("privacy:reveal", args=["accounts.user", world.staff.pk, "phone"])).status_code
        == 404
    )
    membership = world.staff.memberships.get()
    assert client.post(reverse("accounts_office:membership_revoke", args=[membership.pk])).status_code == 404
    assert _state() == before


def test_an_account_with_roles_beyond_the_scope_is_visible_but_not_taken_over(world, as_user):
    Membership.objects.create(user=world.west_staff, role=Role.LEADER, region=world.county)
    west_admin = _admin_at(world.west)
    before = _state()
    client = as_user(west_admin)
    detail = client.get(reverse("accounts_office:user_detail", args=[world.west_staff.pk]))
    assert detail.status_code == 200
    assert not detail.context["can_manage"]
    assert "只能由更高一级的管理员" in detail.content.decode()
    assert client.get(reverse("accounts_office:user_edit", args=[world.west_staff.pk])).status_code == 403
    assert (
        client.post(reverse("accounts_office:password_reset", args=[world.west_staff.pk])).status_code == 403
    )
    assert client.post(reverse("accounts_office:totp_reset", args=[world.west_staff.pk])).status_code == 403
    url = reverse("privacy:reveal", args=["accounts.user", world.west_staff.pk, "phone"])
    assert client.post(url).status_code == 403
    assert _state() == before


# ---------------------------------------------------------------- create


def test_the_admin_creates_an_account_and_sees_its_one_time_password_once(world, as_user):
    response = as_user(world.admin).post(
        reverse("accounts_office:user_create"), _new_staff(region=world.county.pk)
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    account = User.objects.get(username="zhao")
    password = response.context["password"]
    assert password in response.content.decode()
    assert account.check_password(password)
    password_validation.validate_password(password, account)
    assert account.password_changed_at is None
    assert account.phone == "13900001111"
    membership = account.memberships.get()
    assert (membership.role, membership.region, membership.working_body) == (
        Role.STAFF,
        world.county,
        WorkingBody.LEGAL_AFFAIRS,
    )
    created = Event.objects.get(action="accounts.user.created")
    assert created.changes["username"] == [None, "zhao"]
    assert created.changes["phone"][1]["masked"] == "139****1111"
    assert "13900001111" not in str(created.changes)
    assert created.scope_path == world.county.path
    granted = Event.objects.get(action="accounts.membership.granted")
    assert granted.changes["role"] == [None, "常委会工作人员"]
    assert granted.changes["working_body"] == [None, "法制工作委员会"]
    assert granted.changes["user"] == [None, "赵新人（zhao）"]
    # The password is shown in the response only; it is in no event and the account page has none.
    assert password not in str(list(Event.objects.values_list("changes", "data")))
    assert password not in as_user(world.admin).get(account.get_absolute_url()).content.decode()


def test_a_new_account_must_change_its_password_at_first_sign_in(world, as_user):
    response = as_user(world.admin).post(
        reverse("accounts_office:user_create"), _new_staff(region=world.county.pk)
    )
    client = Client()
    client.post(reverse("accounts:login"), {"username": "zhao", "password": response.context["password"]})
    home = client.get(reverse("workbench:home"), follow=True)
    assert home.redirect_chain == [(reverse("accounts:password_change"), 302)]
    assert "您正在使用管理员设置的一次性密码，请先设置自己的密码。" in home.content.decode()


def test_a_one_time_password_must_be_changed_even_without_a_password_age_limit(world, as_user, settings):
    settings.LIANXIN_PASSWORD_MAX_AGE_DAYS = 0
    response = as_user(world.admin).post(reverse("accounts_office:password_reset", args=[world.staff.pk]))
    client = Client()
    client.post(reverse("accounts:login"), {"username": "staff", "password": response.context["password"]})
    assert client.get(reverse("workbench:home"))["Location"] == reverse("accounts:password_change")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"working_body": ""}, "working_body", "常委会工作人员必须选择工作机构。"),
        ({"role": Role.CITIZEN}, "working_body", "只有常委会工作人员填写工作机构。"),
        ({"username": "Staff"}, "username", "该用户名已被使用。"),
        ({"username": "张 三"}, "username", "用户名只能由字母、数字和 @ . + - _ 组成，不能有空格。"),
        ({"phone": "12345"}, "phone", "手机号格式不正确，应为 11 位数字，以 1 开头。"),
        ({"name": ""}, "name", "这个字段是必填项。"),
    ],
)
def test_mistakes_in_a_new_account_are_shown_beside_the_field(world, as_user, overrides, field, message):
    before = _state()
    response = as_user(world.admin).post(
        reverse("accounts_office:user_create"), _new_staff(region=world.county.pk, **overrides)
    )
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert "未保存任何内容" in response.content.decode()
    assert _state() == before


def test_a_township_admin_creates_accounts_only_in_the_township(world, as_user):
    west_admin = _admin_at(world.west)
    client = as_user(west_admin)
    offered = client.get(reverse("accounts_office:user_create")).context["form"].fields["region"].queryset
    assert set(offered) == {world.west, world.west_village}
    before = _state()
    response = client.post(reverse("accounts_office:user_create"), _new_staff(region=world.county.pk))
    assert "region" in response.context["form"].errors
    assert _state() == before
    client.post(reverse("accounts_office:user_create"), _new_staff(region=world.west_village.pk))
    assert User.objects.get(username="zhao").memberships.get().region == world.west_village


# ---------------------------------------------------------------- edit


def test_the_admin_edits_name_phone_and_status(world, as_user):
    world.clerk.phone = "13811112222"
    world.clerk.save()
    clerk_session = as_user(world.clerk)
    response = as_user(world.admin).post(
        reverse("accounts_office:user_edit", args=[world.clerk.pk]),
        {"name": "周经办员", "phone": "13922223333", "is_active": ""},
    )
    assert response["Location"] == reverse("accounts_office:user_detail", args=[world.clerk.pk])
    world.clerk.refresh_from_db()
    assert (world.clerk.name, world.clerk.phone, world.clerk.is_active) == ("周经办员", "13922223333", False)
    event = Event.objects.get(action="accounts.user.updated")
    assert event.changes["name"] == ["周经办", "周经办员"]
    assert event.changes["is_active"] == [True, False]
    assert [value["masked"] for value in event.changes["phone"]] == ["138****2222", "139****3333"]
    # A deactivated account's open session ends, and it cannot sign in again.
    assert not clerk_session.get(reverse("workbench:home")).wsgi_request.user.is_authenticated
    attempt = Client()
    attempt.post(reverse("accounts:login"), {"username": "clerk", "password": PASSWORD})
    assert "_auth_user_id" not in attempt.session


def test_a_blank_phone_keeps_the_stored_number(world, as_user):
    world.clerk.phone = "13811112222"
    world.clerk.save()
    as_user(world.admin).post(
        reverse("accounts_office:user_edit", args=[world.clerk.pk]),
        {"name": "周经办", "phone": "", "is_active": "on"},
    )
    world.clerk.refresh_from_db()
    assert world.clerk.phone == "13811112222"
    assert not Event.objects.filter(action="accounts.user.updated").exists()


def test_an_admin_cannot_deactivate_their_own_account(world, as_user):
    before = _state()
    response = as_user(world.admin).post(
        reverse("accounts_office:user_edit", args=[world.admin.pk]), {"name": "冯管理", "is_active": ""}
    )
    assert response.context["form"].errors["is_active"] == ["不能停用自己正在使用的账户。"]
    assert _state() == before


# ---------------------------------------------------------------- roles


def test_the_admin_grants_a_role_and_revokes_it(world, as_user):
    client = as_user(world.admin)
    response = client.post(
        reverse("accounts_office:membership_grant", args=[world.citizen.pk]),
        {"role": Role.DEPUTY, "region": world.east.pk},
    )
    assert response["Location"] == reverse("accounts_office:user_detail", args=[world.citizen.pk])
    membership = world.citizen.memberships.get(role=Role.DEPUTY)
    assert membership.region == world.east
    granted = Event.objects.get(action="accounts.membership.granted")
    assert granted.changes["region"] == [None, "东城镇"]
    assert "working_body" not in granted.changes
    assert granted.scope_path == world.east.path

    client.post(reverse("accounts_office:membership_revoke", args=[membership.pk]))

    membership.refresh_from_db()
    assert not membership.is_active
    revoked = Event.objects.get(action="accounts.membership.revoked")
    assert revoked.changes == {"is_active": [True, False]}
    assert revoked.data == {"user": "citizen"}


def test_a_revoked_role_stops_working_at_once(world, as_user):
    membership = world.west_staff.memberships.get()
    as_user(world.admin).post(reverse("accounts_office:membership_revoke", args=[membership.pk]))
    assert as_user(world.west_staff).get(reverse("regions:list")).status_code == 403


def test_granting_a_revoked_role_again_revives_the_same_row(world, as_user):
    client = as_user(world.admin)
    membership = world.west_staff.memberships.get()
    client.post(reverse("accounts_office:membership_revoke", args=[membership.pk]))
    client.post(
        reverse("accounts_office:membership_grant", args=[world.west_staff.pk]),
        {"role": Role.STAFF, "region": world.west.pk, "working_body": WorkingBody.OFFICE},
    )
    membership.refresh_from_db()
    assert membership.is_active
    assert membership.working_body == WorkingBody.OFFICE
    assert world.west_staff.memberships.count() == 1
    event = Event.objects.filter(action="accounts.membership.granted").get()
    assert event.changes == {
        "working_body": ["代表工作委员会（选联工委）", "办公室"],
        "is_active": [False, True],
    }


@pytest.mark.parametrize(
    ("persona", "data", "field", "message"),
    [
        (
            "staff",
            {"role": Role.STAFF, "working_body": WorkingBody.DEPUTY_AFFAIRS},
            "role",
            "已在这个管辖范围内",
        ),
        ("admin", {"role": Role.AUDITOR}, "role", "三员分立"),
        ("auditor", {"role": Role.ADMIN}, "role", "三员分立"),
        ("citizen", {"role": Role.STAFF}, "working_body", "常委会工作人员必须选择工作机构。"),
    ],
)
def test_a_refused_grant_is_explained_beside_the_field(world, as_user, persona, data, field, message):
    before = _state()
    response = as_user(world.admin).post(
        reverse("accounts_office:membership_grant", args=[getattr(world, persona).pk]),
        {"region": world.county.pk, **data},
    )
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert _state() == before


def test_the_grant_service_keeps_roles_inside_the_admin_scope(world):
    west_admin = _admin_at(world.west)
    before = _state()
    with pytest.raises(ValidationError) as error:
        services.membership_grant(
            actor=Actor(user=west_admin, role=Role.ADMIN),
            account=world.west_staff,
            role=Role.LEADER,
            region=world.county,
        )
    assert error.value.message_dict["region"] == ["管辖范围必须在您自己的管辖范围之内。"]
    assert _state() == before


def test_an_admin_cannot_revoke_their_own_last_admin_role(world, as_user):
    before = _state()
    membership = world.admin.memberships.get()
    client = as_user(world.admin)
    response = client.post(reverse("accounts_office:membership_revoke", args=[membership.pk]))
    assert response.status_code == 302
    assert _state() == before
    page = client.get(response["Location"]).content.decode()
    assert "不能撤销您自己唯一的系统管理员角色" in page


def test_an_admin_with_a_second_admin_role_may_give_one_up(world, as_user):
    second = Membership.objects.create(user=world.admin, role=Role.ADMIN, region=world.east)
    as_user(world.admin).post(reverse("accounts_office:membership_revoke", args=[second.pk]))
    second.refresh_from_db()
    assert not second.is_active


def test_revoking_needs_a_post(world, as_user):
    before = _state()
    membership = world.citizen.memberships.get()
    assert (
        as_user(world.admin)
        .get(reverse("accounts_office:membership_revoke", args=[membership.pk]))
        .status_code
        == 405
    )
    assert _state() == before


# ---------------------------------------------------------------- password, second factor, lock


def test_resetting_a_password_shows_a_new_one_time_password(world, as_user):
    response = as_user(world.admin).post(reverse("accounts_office:password_reset", args=[world.staff.pk]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    password = response.context["password"]
    world.staff.refresh_from_db()
    assert world.staff.check_password(password)
    assert not world.staff.check_password(PASSWORD)
    assert world.staff.password_changed_at is None
    event = Event.objects.get(action="accounts.user.password_reset")
    assert event.actor == world.admin
    assert password not in str(event.data)


def test_an_admin_changes_their_own_password_elsewhere(world, as_user):
    before = _state()
    response = as_user(world.admin).post(reverse("accounts_office:password_reset", args=[world.admin.pk]))
    assert response.status_code == 302
    assert _state() == before


def test_resetting_the_second_factor_deletes_the_devices(world, as_user):
    TOTPDevice.objects.create(user=world.leader, name="totp", confirmed=True)
    as_user(world.admin).post(reverse("accounts_office:totp_reset", args=[world.leader.pk]))
    assert not TOTPDevice.objects.filter(user=world.leader).exists()
    assert Event.objects.get(action="accounts.totp.reset").data == {"devices": 1}


def test_a_locked_account_is_shown_and_unlocked(world, as_user, client):
    for _attempt in range(5):
        client.post(reverse("accounts:login"), {"username": "leader", "password": "wrong"})
    refused = Client().post(reverse("accounts:login"), {"username": "leader", "password": PASSWORD})
    assert "_auth_user_id" not in refused.wsgi_request.session
    admin = as_user(world.admin)
    assert admin.get(reverse("accounts_office:user_detail", args=[world.leader.pk])).context["locked"]

    admin.post(reverse("accounts_office:unlock", args=[world.leader.pk]))

    assert not admin.get(reverse("accounts_office:user_detail", args=[world.leader.pk])).context["locked"]
    event = Event.objects.get(action="accounts.user.unlocked")
    assert event.data["attempts"] >= 1
    signed_in = Client()
    signed_in.post(reverse("accounts:login"), {"username": "leader", "password": PASSWORD})
    assert "_auth_user_id" in signed_in.session


@pytest.mark.parametrize("name", ["password_reset", "totp_reset", "unlock"])
@pytest.mark.parametrize("persona", ["staff", "auditor", "leader"])
def test_non_admins_cannot_reset_or_unlock(world, as_user, name, persona):
    TOTPDevice.objects.create(user=world.citizen, name="totp", confirmed=True)
    before = _state()
    response = as_user(getattr(world, persona)).post(
        reverse(f"accounts_office:{name}", args=[world.citizen.pk])
    )
    assert response.status_code == 403
    assert _state() == before


def test_every_account_view_declares_who_may_open_it():
    _prefix, resolver = get_resolver().namespace_dict["accounts_office"]
    undeclared = [p.name for p in resolver.url_patterns if not getattr(p.callback, "access", None)]
    assert undeclared == []


def test_anonymous_visitors_are_sent_to_sign_in_for_account(client):
    response = client.get(reverse("accounts_office:user_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_list_costs_the_same_queries_however_many_accounts(world, as_user):
    client = as_user(world.admin)
    client.get(reverse("accounts_office:user_list"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("accounts_office:user_list"))
    for n in range(15):
        extra = User.objects.create_user(username=f"extra{n}", password=PASSWORD, name="新人")
        Membership.objects.create(user=extra, role=Role.CITIZEN, region=world.east_village)
        Membership.objects.create(user=extra, role=Role.DEPUTY, region=world.east)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("accounts_office:user_list"))
    assert len(response.context["rows"]) == 25
    assert len(many) == len(few)
