"""The hints on the opinion's page: categories with confidence and model version, units on the
交办 form, duplicates with 并案; and what the page says when there is nothing to suggest."""

import pytest
from django.urls import reverse

from lianxin.accounts.actor import Actor
from lianxin.conftest import client_for
from lianxin.insight import model_files
from lianxin.opinions.models import Opinion
from lianxin.routing import training
from lianxin.routing.tests.conftest import open_case, opinion
from lianxin.routing.tests.test_units import _history

LAMP = "东城社区人民路路灯不亮，晚上出行很不方便，希望尽快维修"


def _panel(user, item):
    response = client_for(user).get(reverse("routing:opinion_panel", args=[item.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_opinion_page_fetches_the_hints_after_it_is_shown(world):
    item = opinion(world, "路灯不亮", LAMP)
    page = client_for(world.staff).get(reverse("opinions:office_detail", args=[item.pk])).content.decode()
    assert reverse("routing:opinion_panel", args=[item.pk]) in page
    assert 'hx-trigger="load"' in page


def test_it_shows_the_top_three_categories_with_confidence_and_version(world, category_model):
    item = opinion(
        world, "关于小区道路施工的问题", "我们这里路灯和下水道问题严重，物业也一样，希望尽快解决。"
    )
    html = _panel(world.staff, item)
    version = model_files.load_cached().version
    assert "建议分类" in html
    assert "城乡建设" in html
    assert "置信度" in html
    assert version in html
    assert html.index("城乡建设") < html.index("卫生计生")  # best first
    item.refresh_from_db()
    assert item.category is None  # suggested, never chosen by the system
    assert item.status == Opinion.Status.SUBMITTED


@pytest.mark.parametrize(
    ("title", "content", "message"),
    [
        ("", "", "没有文字内容"),  # a message that is only an image
        ("路灯", "", "太短"),
        ("Street light", "The street light on Renmin Road is broken.", "不是中文"),
    ],
)
def test_bad_text_says_no_suggestion_and_the_page_works(world, category_model, title, content, message):
    item = opinion(world, title, content)
    html = _panel(world.staff, item)
    assert message in html
    page = client_for(world.staff).get(reverse("opinions:office_detail", args=[item.pk]))
    assert page.status_code == 200


def test_without_a_model_it_says_suggestions_are_unavailable(world, no_category_model):
    html = _panel(world.staff, opinion(world, "路灯不亮", LAMP))
    assert "分类建议暂不可用" in html
    assert "可能重复的意见" in html  # the rest of the panel still works


def test_a_corrupt_model_is_refused_and_said_so(world, category_model):
    for path in category_model.glob("*.joblib"):
        path.write_bytes(b"not a model")
    html = _panel(world.staff, opinion(world, "路灯不亮", LAMP))
    assert "分类模型文件已损坏" in html


def test_the_assign_form_shows_units_with_confidence_and_the_model_version(world, category_model):
    _history(world)
    model = training.retrain(actor=Actor.system(), region=world.county).model
    item = open_case(
        world, opinion(world, "人民路路面坑洼", "人民路路面坑洼，井盖缺失，影响出行", category="城乡建设")
    )
    html = _panel(world.staff, item)
    assert "建议承办单位" in html
    assert html.index(world.unit.name) < html.index(world.other_unit.name)
    assert model.version in html


def test_without_a_unit_model_the_assign_form_says_so(world, no_category_model):
    item = open_case(world, opinion(world, "人民路路面坑洼", "人民路路面坑洼，井盖缺失，影响出行"))
    assert "本地还没有足够的交办记录" in _panel(world.staff, item)


def test_duplicates_are_offered_with_similarity_and_merge_through_the_service(world, no_category_model):
    earlier = open_case(world, opinion(world, "人民路路灯不亮", LAMP + "。", days_ago=3))
    other = open_case(world, opinion(world, "学校食堂卫生差", "东城小学食堂卫生很差，孩子吃了拉肚子"))
    item = opinion(world, "路灯坏了", "东城社区人民路的路灯不亮了，晚上出行很不方便，请尽快维修")
    html = _panel(world.staff, item)
    assert earlier.title in html
    assert "相似度" in html
    assert other.title not in html
    response = client_for(world.staff).post(
        reverse("opinions:office_merge", args=[item.pk]), {"merge-into": earlier.tracking_code}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.merged_into == earlier


def test_a_liaison_sees_only_duplicates_they_may_see(world, no_category_model):
    hidden = open_case(world, opinion(world, "人民路路灯不亮", LAMP))  # not of the liaison's station
    item = opinion(world, "路灯坏了", LAMP, station=world.east_station)
    assert hidden.title not in _panel(world.liaison, item)
    assert hidden.title in _panel(world.staff, item)


def test_the_models_page_lists_versions_with_their_figures(world, category_model):
    _history(world)
    model = training.retrain(actor=Actor.system(), region=world.county).model
    html = client_for(world.staff).get(reverse("routing:models")).content.decode()
    assert model.version in html
    assert model.data_sha256[:12] in html
    assert model_files.load_cached().version in html


def test_a_refused_panel_changes_nothing(world, category_model):
    item = opinion(world, "路灯不亮", LAMP)
    response = client_for(world.west_staff).get(reverse("routing:opinion_panel", args=[item.pk]))
    assert response.status_code == 404
    item.refresh_from_db()
    assert item.status == Opinion.Status.SUBMITTED


def test_the_deputy_drafting_sees_similar_suggestions_of_this_term(world):
    from lianxin.suggestions.models import Suggestion

    def suggestion(title, content, status, deputy=None):
        made = Suggestion.objects.create(
            deputy=deputy or world.east_deputy,
            congress=world.county_congress,
            term=world.county_term,
            region=world.east,
            title=title,
            content=content,
            status=status,
            created_by=world.staff,
        )
        made.signers.create(deputy=made.deputy, is_lead=True)
        return made

    draft = suggestion(
        "关于路灯维护的建议", "建议建立东城社区路灯巡查制度，坏了三天内修好。", Suggestion.Status.DRAFT
    )
    similar = suggestion(
        "路灯维护", "建议建立东城社区路灯巡查制度，坏了及时修好。", Suggestion.Status.SUBMITTED
    )
    private = suggestion(
        "路灯巡查", "建议建立东城社区路灯巡查制度，坏了三天内修好！", Suggestion.Status.DRAFT
    )
    html = client_for(world.deputy).get(reverse("routing:suggestion_panel", args=[draft.pk])).content.decode()
    assert similar.title in html
    assert "相似度" in html
    assert private.title not in html  # another draft is its author's alone
    page = client_for(world.deputy).get(reverse("suggestions:mine_detail", args=[draft.pk])).content.decode()
    assert reverse("routing:suggestion_panel", args=[draft.pk]) in page


def test_a_liaison_accepting_sees_no_unit_section(world, no_category_model):
    item = opinion(world, "路灯坏了", LAMP, station=world.east_station)
    assert "建议承办单位" not in _panel(world.liaison, item)


def test_the_engines_assign_page_suggests_units_for_a_suggestion(world):
    from lianxin.casework.models import Case
    from lianxin.suggestions.models import Suggestion

    _history(world)
    model = training.retrain(actor=Actor.system(), region=world.county).model
    case = Case.objects.create(source="suggestions", title="修路", region=world.east)
    Suggestion.objects.create(
        deputy=world.east_deputy,
        congress=world.county_congress,
        term=world.county_term,
        region=world.east,
        title="关于人民路路面坑洼的建议",
        content="人民路路面坑洼，井盖缺失，建议尽快修复。",
        category="城乡建设",
        status=Suggestion.Status.ACCEPTED,
        created_by=world.staff,
        case=case,
    )
    page = client_for(world.staff).get(reverse("casework:assign", args=[case.pk])).content.decode()
    assert reverse("routing:case_units", args=[case.pk]) in page
    html = client_for(world.staff).get(reverse("routing:case_units", args=[case.pk])).content.decode()
    assert html.index(world.unit.name) < html.index(world.other_unit.name)
    assert model.version in html
