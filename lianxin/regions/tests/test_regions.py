import pytest
from django.core.exceptions import ValidationError
from django.urls import get_resolver, reverse

from lianxin.accounts.actor import Actor
from lianxin.accounts.models import Membership, User
from lianxin.accounts.roles import Role, WorkingBody
from lianxin.audit.models import Event
from lianxin.conftest import PASSWORD
from lianxin.regions import services
from lianxin.regions.models import Region


def _user_at(username, role, region, **membership):
    user = User.objects.create_user(username=username, password=PASSWORD, name=username)
    Membership.objects.create(user=user, role=role, region=region, **membership)
    return user


def _tree():
    return list(Region.objects.order_by("pk").values_list("pk", "name", "code", "level", "parent", "path"))


@pytest.fixture
def other_county(world):
    return Region.objects.create(name="同德县", code="990102", level=Region.Level.COUNTY, parent=world.city)


# ---------------------------------------------------------------- list


def test_it_lists_the_tree_in_order_indented_by_level(world, as_user):
    response = as_user(world.admin).get(reverse("regions:list"))
    rows = [row["cells"][0] for row in response.context["rows"]]
    assert rows == ["连心县", "\u3000东城镇", "\u3000\u3000东城社区", "\u3000西山乡", "\u3000\u3000西山村"]


def test_it_searches_by_name_and_by_code(world, as_user):
    client = as_user(world.staff)
    by_name = client.get(reverse("regions:list"), {"q": "西山"})
    assert [row["cells"][1] for row in by_name.context["rows"]] == ["990101002", "990101002001"]
    by_code = client.get(reverse("regions:list"), {"q": "990101001001"})
    assert [row["cells"][0].strip() for row in by_code.context["rows"]] == ["东城社区"]


def test_it_filters_by_level(world, as_user):
    response = as_user(world.leader).get(reverse("regions:list"), {"level": Region.Level.VILLAGE})
    assert [row["cells"][0].strip() for row in response.context["rows"]] == ["东城社区", "西山村"]


def test_a_township_user_sees_only_the_township_subtree(world, as_user):
    response = as_user(world.west_staff).get(reverse("regions:list"))
    assert [row["cells"][0] for row in response.context["rows"]] == ["西山乡", "\u3000西山村"]


def test_the_list_offers_creation_to_admins_only(world, as_user):
    assert as_user(world.admin).get(reverse("regions:list")).context["create_url"]
    assert not as_user(world.staff).get(reverse("regions:list")).context["create_url"]


@pytest.mark.parametrize("persona", ["citizen", "deputy", "liaison", "clerk", "auditor"])
def test_roles_without_the_permission_cannot_open_the_list(world, as_user, persona):
    assert as_user(getattr(world, persona)).get(reverse("regions:list")).status_code == 403


# ---------------------------------------------------------------- detail


def test_the_detail_shows_children_and_the_audit_timeline(world, as_user):
    services.region_update(
        actor=Actor(user=world.admin, role=Role.ADMIN),
        region=world.west,
        values={"name": "西山镇", "code": world.west.code, "level": world.west.level, "parent": world.county},
    )
    response = as_user(world.admin).get(reverse("regions:detail", args=[world.west.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "西山村" in page
    assert "修改行政区划" in page
    assert "西山乡 → 西山镇" in page
    assert response.context["edit_url"] == reverse("regions:edit", args=[world.west.pk])
    assert response.context["add_child_url"]


def test_staff_see_the_detail_without_edit_links(world, as_user):
    response = as_user(world.staff).get(reverse("regions:detail", args=[world.east.pk]))
    assert response.status_code == 200
    assert response.context["edit_url"] == ""
    assert response.context["add_child_url"] == ""


def test_regions_outside_the_scope_are_not_found(world, as_user):
    client = as_user(world.west_staff)
    assert client.get(reverse("regions:detail", args=[world.east.pk])).status_code == 404
    assert client.get(reverse("regions:detail", args=[world.county.pk])).status_code == 404
    township_admin = _user_at("east_admin", Role.ADMIN, world.east)
    assert as_user(township_admin).get(reverse("regions:detail", args=[world.county.pk])).status_code == 404
    assert as_user(township_admin).get(reverse("regions:edit", args=[world.county.pk])).status_code == 404


# ---------------------------------------------------------------- create


def test_an_admin_creates_a_village_inside_the_scope(world, as_user):
    response = as_user(world.admin).post(
        reverse("regions:create"),
        {"name": "东城新村", "code": "990101001002", "level": Region.Level.VILLAGE, "parent": world.east.pk},
    )
    village = Region.objects.get(code="990101001002")
    assert response.status_code == 302
    assert response["Location"] == reverse("regions:detail", args=[village.pk])
    assert village.path == "/99/9901/990101/990101001/990101001002/"
    event = Event.objects.get(action="regions.region.created")
    assert event.actor == world.admin
    assert event.scope_path == village.path
    assert event.changes["name"] == [None, "东城新村"]
    assert event.changes["parent"] == [None, "东城镇"]
    assert event.changes["level"] == [None, "村（社区）"]


def test_the_create_form_starts_below_the_chosen_parent(world, as_user):
    response = as_user(world.admin).get(reverse("regions:create"), {"parent": world.east.pk})
    form = response.context["form"]
    assert form.initial["parent"] == world.east.pk
    assert form.initial["level"] == Region.Level.VILLAGE


def test_a_level_that_does_not_follow_the_parent_is_refused_beside_the_field(world, as_user):
    before = _tree()
    response = as_user(world.admin).post(
        reverse("regions:create"),
        {"name": "东城新村", "code": "990101001002", "level": Region.Level.GRID, "parent": world.east.pk},
    )
    assert response.status_code == 200
    assert "层级必须比上级（乡镇（街道））低一级。" in response.context["form"].errors["level"]
    assert "未保存任何内容" in response.content.decode()
    assert _tree() == before
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("code", "message"),
    [("990101001001", "该区划代码已被使用。"), ("9901/01", "区划代码只能由数字或字母组成。")],
)
def test_a_bad_code_is_refused_beside_the_field(world, as_user, code, message):
    before = _tree()
    response = as_user(world.admin).post(
        reverse("regions:create"),
        {"name": "东城新村", "code": code, "level": Region.Level.VILLAGE, "parent": world.east.pk},
    )
    assert message in response.context["form"].errors["code"]
    assert _tree() == before
    assert not Event.objects.exists()


def test_a_township_admin_cannot_create_outside_the_township(world, as_user):
    township_admin = _user_at("east_admin", Role.ADMIN, world.east)
    before = _tree()
    response = as_user(township_admin).post(
        reverse("regions:create"),
        {"name": "新乡", "code": "990101003", "level": Region.Level.TOWNSHIP, "parent": world.county.pk},
    )
    assert response.status_code == 200
    assert "parent" in response.context["form"].errors
    assert _tree() == before
    assert not Event.objects.exists()


def test_the_service_refuses_a_parent_outside_the_actor_scope(world):
    township_admin = _user_at("east_admin", Role.ADMIN, world.east)
    with pytest.raises(ValidationError) as error:
        services.region_create(
            actor=Actor(user=township_admin, role=Role.ADMIN),
            values={
                "name": "新乡",
                "code": "990101003",
                "level": Region.Level.TOWNSHIP,
                "parent": world.county,
            },
        )
    assert error.value.message_dict["parent"] == ["上级区划不在您的管辖范围内。"]
    assert not Region.objects.filter(code="990101003").exists()


@pytest.mark.parametrize("persona", ["staff", "leader", "auditor", "west_staff"])
def test_non_admins_cannot_create_regions(world, as_user, persona):
    before = _tree()
    client = as_user(getattr(world, persona))
    assert client.get(reverse("regions:create")).status_code == 403
    response = client.post(
        reverse("regions:create"),
        {"name": "东城新村", "code": "990101001002", "level": Region.Level.VILLAGE, "parent": world.east.pk},
    )
    assert response.status_code == 403
    assert _tree() == before
    assert not Event.objects.exists()


# ---------------------------------------------------------------- edit and move


def test_renaming_records_before_and_after(world, as_user):
    response = as_user(world.admin).post(
        reverse("regions:edit", args=[world.east.pk]),
        {
            "name": "东城街道",
            "code": world.east.code,
            "level": Region.Level.TOWNSHIP,
            "parent": world.county.pk,
        },
    )
    assert response.status_code == 302
    world.east.refresh_from_db()
    assert world.east.name == "东城街道"
    event = Event.objects.get(action="regions.region.updated")
    assert event.changes == {"name": ["东城镇", "东城街道"]}


def test_moving_a_township_takes_its_villages_along_and_scopes_follow(world, as_user, other_county):
    city_admin = _user_at("city_admin", Role.ADMIN, world.city)
    other_staff = _user_at("other_staff", Role.STAFF, other_county, working_body=WorkingBody.DEPUTY_AFFAIRS)
    village_url = reverse("regions:detail", args=[world.west_village.pk])
    assert as_user(world.admin).get(village_url).status_code == 200
    assert as_user(other_staff).get(village_url).status_code == 404

    response = as_user(city_admin).post(
        reverse("regions:edit", args=[world.west.pk]),
        {
            "name": "西山乡",
            "code": world.west.code,
            "level": Region.Level.TOWNSHIP,
            "parent": other_county.pk,
        },
    )

    assert response.status_code == 302
    world.west.refresh_from_db()
    world.west_village.refresh_from_db()
    assert world.west.path == "/99/9901/990102/990101002/"
    assert world.west_village.path == "/99/9901/990102/990101002/990101002001/"
    # The old county no longer covers the township; its new county and its own staff do.
    assert as_user(world.admin).get(village_url).status_code == 404
    assert as_user(other_staff).get(village_url).status_code == 200
    assert as_user(world.west_staff).get(village_url).status_code == 200
    assert world.west_staff.has_perm("stations.view_station", world.west_station)
    assert not world.staff.has_perm("stations.view_station", world.west_station)
    event = Event.objects.get(action="regions.region.updated")
    assert event.changes["parent"] == ["连心县", "同德县"]
    assert event.changes["path"] == ["/99/9901/990101/990101002/", "/99/9901/990102/990101002/"]
    assert event.data == {"descendants_moved": 1}


def test_changing_a_code_rewrites_the_descendants_paths(world):
    services.region_update(
        actor=Actor(user=world.admin, role=Role.ADMIN),
        region=world.county,
        values={"name": "连心区", "code": "990111", "level": Region.Level.COUNTY, "parent": world.city},
    )
    paths = dict(Region.objects.values_list("name", "path"))
    assert paths["连心区"] == "/99/9901/990111/"
    assert paths["东城镇"] == "/99/9901/990111/990101001/"
    assert paths["西山村"] == "/99/9901/990111/990101002/990101002001/"
    assert paths["同心市"] == "/99/9901/"
    # Memberships point at the region row, so the county admin keeps the (renamed) county.
    assert world.admin.has_perm("regions.change_region", Region.objects.get(name="西山村"))


def test_a_region_cannot_move_under_its_own_descendant(world):
    before = _tree()
    with pytest.raises(ValidationError) as error:
        services.region_update(
            actor=Actor(user=world.admin, role=Role.ADMIN),
            region=world.west,
            values={
                "name": "西山乡",
                "code": "990199",
                "level": Region.Level.TOWNSHIP,
                "parent": world.west_village,
            },
        )
    assert error.value.message_dict["parent"] == ["不能把行政区划移到它自己或它的下级之下。"]
    assert _tree() == before


def test_the_edit_form_does_not_offer_the_region_or_its_descendants_as_parent(world, as_user):
    form = as_user(world.admin).get(reverse("regions:edit", args=[world.west.pk])).context["form"]
    offered = set(form.fields["parent"].queryset.values_list("name", flat=True))
    assert offered == {"连心县", "东城镇", "东城社区"}


def test_a_region_with_children_keeps_its_level(world, as_user):
    before = _tree()
    response = as_user(world.admin).post(
        reverse("regions:edit", args=[world.west.pk]),
        {"name": "西山乡", "code": world.west.code, "level": Region.Level.VILLAGE, "parent": world.east.pk},
    )
    assert "该区划已有下级，不能改变层级。" in response.context["form"].errors["level"]
    assert _tree() == before
    assert not Event.objects.exists()


def test_a_township_admin_cannot_edit_the_county_or_move_things_out(world, as_user, other_county):
    township_admin = _user_at("west_admin", Role.ADMIN, world.west)
    before = _tree()
    client = as_user(township_admin)
    response = client.post(
        reverse("regions:edit", args=[world.county.pk]),
        {"name": "改名县", "code": world.county.code, "level": Region.Level.COUNTY, "parent": world.city.pk},
    )
    assert response.status_code == 404
    response = client.post(
        reverse("regions:edit", args=[world.west_village.pk]),
        {"name": "西山村", "code": "990101002001", "level": Region.Level.VILLAGE, "parent": world.east.pk},
    )
    assert response.status_code == 200
    assert "parent" in response.context["form"].errors
    assert _tree() == before
    assert not Event.objects.exists()


def test_staff_cannot_edit_regions(world, as_user):
    before = _tree()
    response = as_user(world.staff).post(
        reverse("regions:edit", args=[world.east.pk]),
        {"name": "改名", "code": world.east.code, "level": Region.Level.TOWNSHIP, "parent": world.county.pk},
    )
    assert response.status_code == 403
    assert _tree() == before
    assert not Event.objects.exists()


def test_every_region_view_declares_who_may_open_it():
    _prefix, resolver = get_resolver().namespace_dict["regions"]
    undeclared = [p.name for p in resolver.url_patterns if not getattr(p.callback, "access", None)]
    assert undeclared == []


def test_anonymous_visitors_are_sent_to_sign_in_for_region(client):
    response = client.get(reverse("regions:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
