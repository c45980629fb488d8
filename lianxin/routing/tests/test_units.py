"""承办单位 suggestions learnt from staff's own finished assignments, retrained per congress."""

import io

import pytest
from django.core.management import call_command

from lianxin.accounts.actor import Actor
from lianxin.audit.models import Event
from lianxin.routing import config, training
from lianxin.routing.models import RoutingModel
from lianxin.routing.suggest import suggest_units
from lianxin.routing.tests.conftest import decided
from lianxin.units.models import HandlingUnit

ROADS = ["人民路路面坑洼", "解放路井盖缺失", "公交站台破损", "红绿灯故障", "桥梁护栏断裂", "道路积水严重"]
SCHOOLS = [
    "学校食堂卫生差",
    "幼儿园收费过高",
    "校车超载",
    "老师课外补课收费",
    "学生午休没有床位",
    "教室灯光太暗",
]
RUBBISH = ["小区垃圾无人清运", "垃圾桶满了没人倒", "街边垃圾堆积发臭", "垃圾清运车半夜扰民", "菜场垃圾成堆"]


def _history(world):
    for n, title in enumerate(ROADS):
        decided(world, world.unit, title, f"{title}，影响出行，第{n}次反映。", "城乡建设")
    for n, title in enumerate(SCHOOLS):
        decided(world, world.other_unit, title, f"{title}，家长很担心，第{n}次反映。", "教育文体")


def _retrain(world):
    return training.retrain(actor=Actor.system(), region=world.county)


@pytest.fixture
def sanitation(world):
    return HandlingUnit.objects.create(
        name="连心县环境卫生所", kind=HandlingUnit.Kind.DEPARTMENT, region=world.county
    )


def test_it_learns_a_new_unit_once_staff_have_assigned_it_enough(world, sanitation):
    _history(world)
    first = _retrain(world)
    assert first.status == "trained"
    query = "东城小区的垃圾好几天没有清运，气味很大"
    before = suggest_units(query, category="环境保护", region=world.east)
    assert sanitation not in [unit for unit, _p in before.units]

    # Four decisions are not yet a pattern (LIANXIN_ROUTING_MIN_DECISIONS = 5)…
    for title in RUBBISH[:4]:
        decided(world, sanitation, title, f"{title}，请环卫部门处理。", "环境保护")
    assert _retrain(world).model.units == 2
    assert sanitation not in [
        u for u, _p in suggest_units(query, category="环境保护", region=world.east).units
    ]

    # …the fifth is: after retraining, the new unit comes first for its kind of matter.
    decided(world, sanitation, RUBBISH[4], f"{RUBBISH[4]}，请环卫部门处理。", "环境保护")
    latest = _retrain(world)
    assert latest.status == "trained"
    assert latest.model.units == 3
    after = suggest_units(query, category="环境保护", region=world.east)
    assert after.units[0][0] == sanitation
    assert after.model_version == latest.model.version != first.model.version
    assert len(after.units) == 3
    assert after.units[0][1] > after.units[1][1]


def test_a_new_version_records_its_data_hash_its_figures_and_an_audit_event(world):
    _history(world)
    model = _retrain(world).model
    assert len(model.data_sha256) == 64
    assert len(model.file_sha256) == 64
    assert model.decisions == 12
    assert model.figures == {"held_out": 0}
    assert (config.model_directory() / model.file_name).is_file()
    assert Event.objects.filter(action="routing.routingmodel.trained").count() == 1


def test_the_same_decisions_do_not_make_a_new_version(world):
    _history(world)
    first = _retrain(world)
    again = _retrain(world)
    assert again.status == "unchanged"
    assert again.model == first.model
    assert RoutingModel.objects.count() == 1


def test_enough_decisions_are_measured_on_the_newest_fifth(world, settings):
    settings.LIANXIN_ROUTING_MIN_DECISIONS = 2
    for n in range(15):
        decided(world, world.unit, ROADS[n % 6], f"道路问题第{n}件", "城乡建设")
        decided(world, world.other_unit, SCHOOLS[n % 6], f"学校问题第{n}件", "教育文体")
    figures = _retrain(world).model.figures
    assert figures["held_out"] == 6
    assert 0 <= figures["top1"] <= figures["top3"] <= 1


def test_one_unit_is_not_enough_to_train(world):
    for title in ROADS:
        decided(world, world.unit, title, title)
    outcome = _retrain(world)
    assert outcome.status == "too_few"
    assert outcome.model is None
    assert suggest_units("人民路路面坑洼很久了", category="", region=world.east).reason == "no_model"


@pytest.mark.parametrize(
    ("text", "reason"),
    [("", "empty"), ("   ", "empty"), ("路灯", "too_short"), ("The street light is broken", "not_chinese")],
)
def test_bad_text_gets_no_suggestion_and_a_reason(world, text, reason):
    _history(world)
    _retrain(world)
    result = suggest_units(text, category="", region=world.east)
    assert not result
    assert result.reason == reason
    assert result.message


def test_a_missing_or_altered_model_file_is_refused_not_loaded(world):
    _history(world)
    model = _retrain(world).model
    path = config.model_directory() / model.file_name
    path.write_bytes(path.read_bytes()[:-10])
    result = suggest_units("人民路路面坑洼很久了", category="城乡建设", region=world.east)
    assert result.reason == "corrupt_model"
    assert "损坏" in str(result.message)
    path.unlink()
    assert suggest_units("人民路路面坑洼很久了", category="", region=world.east).reason == "corrupt_model"


def test_a_deactivated_unit_is_not_suggested(world):
    _history(world)
    _retrain(world)
    HandlingUnit.objects.filter(pk=world.unit.pk).update(is_active=False)
    result = suggest_units("人民路路面坑洼，车辆难行", category="城乡建设", region=world.east)
    assert world.unit not in [unit for unit, _p in result.units]


def test_the_nightly_command_trains_each_congress_and_says_what_it_did(world):
    _history(world)
    out = io.StringIO()
    call_command("retrain_routing", stdout=out)
    text = out.getvalue()
    assert "连心县：已训练新版本" in text
    assert "东城镇：可用的交办决定不足" in text  # the township congress has no units of its own
    out = io.StringIO()
    call_command("retrain_routing", "--region", world.county.code, stdout=out)
    assert "交办决定没有变化" in out.getvalue()
