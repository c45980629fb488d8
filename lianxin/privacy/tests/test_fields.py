import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection

from lianxin.audit.models import Event
from lianxin.deputies.models import Deputy
from lianxin.privacy.fields import digest_for
from lianxin.privacy.masking import ID_NUMBER, PHONE, mask, mask_in_text
from lianxin.privacy.validators import validate_id_number, validate_mobile, validate_phone
from lianxin.privacy.values import PersonalValue


def _raw(model, pk, column):
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608 - names are ours.
        return cursor.fetchone()[0]


def test_personal_data_is_ciphertext_at_rest_and_masked_when_printed(world):
    deputy = Deputy.objects.get(pk=world.east_deputy.pk)
    raw_phone = _raw(Deputy, deputy.pk, "phone")
    raw_id = _raw(Deputy, deputy.pk, "id_number")
    assert "13812345678" not in raw_phone
    assert "19491231" not in raw_id
    assert str(deputy.phone) == "138****5678"
    assert f"{deputy.id_number}" == "110***********002X"
    assert "13812345678" not in repr(deputy.phone)
    assert deputy.phone.reveal() == "13812345678"


def test_people_are_found_by_exact_number_through_the_digest(world):
    found = Deputy.objects.filter(id_number_digest=digest_for("11010519491231002x", ID_NUMBER))
    assert list(found) == [world.east_deputy]
    assert Deputy.objects.filter(phone_digest=digest_for("138 1234 5678", PHONE)).get() == world.east_deputy
    assert Deputy.objects.filter(phone_digest=digest_for("+8613812345678", PHONE)).exists()


def test_changing_a_number_updates_its_digest(world):
    deputy = world.east_deputy
    deputy.phone = "13600000000"
    deputy.save()
    assert Deputy.objects.filter(phone_digest=digest_for("13600000000", PHONE)).exists()
    assert not Deputy.objects.filter(phone_digest=digest_for("13812345678", PHONE)).exists()


def test_encrypted_columns_offer_no_partial_match():
    with pytest.raises(Exception, match="Unsupported lookup"):
        list(Deputy.objects.filter(phone__startswith="138"))


def test_rotation_reencrypts_old_rows_with_the_active_key(world, settings):
    settings.LIANXIN_DATA_KEYS = "t1:MDEyMzQ1Njc4OWFiY2RlZg=="
    old = Deputy.objects.create(name="旧密钥", gender="male", region=world.east, phone="13511112222")
    assert _raw(Deputy, old.pk, "phone").startswith("t1$")
    settings.LIANXIN_DATA_KEYS = "t2:ZmVkY2JhOTg3NjU0MzIxMA==,t1:MDEyMzQ1Njc4OWFiY2RlZg=="
    call_command("rotate_data_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _raw(Deputy, old.pk, "phone").startswith("t2$")
    settings.LIANXIN_DATA_KEYS = "t2:ZmVkY2JhOTg3NjU0MzIxMA=="
    assert Deputy.objects.get(pk=old.pk).phone.reveal() == "13511112222"
    event = Event.objects.get(action="privacy.keys.rotated")
    assert event.data["rotated"]["deputies.Deputy.phone"] >= 1


@pytest.mark.parametrize(
    ("value", "kind", "masked"),
    [
        ("13812345678", PHONE, "138****5678"),
        ("11010519491231002X", ID_NUMBER, "110***********002X"),
        ("88886666", PHONE, "****6666"),
        ("12345", PHONE, "****5"),
        ("", PHONE, ""),
    ],
)
def test_masks(value, kind, masked):
    assert mask(value, kind) == masked


def test_numbers_inside_free_text_are_masked():
    text = "张三电话13812345678，身份证11010519491231002X，门牌12号"
    assert mask_in_text(text) == "张三电话138****5678，身份证110***********002X，门牌12号"


def test_personal_values_compare_by_clear_text():
    assert PersonalValue("13812345678", PHONE) == "13812345678"
    assert PersonalValue("13812345678", PHONE) == PersonalValue("13812345678", PHONE)
    assert not PersonalValue("", PHONE)


@pytest.mark.parametrize("value", ["11010519491231002X", "11010519491231002x", ""])
def test_valid_id_numbers_pass(value):
    validate_id_number(value)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("110105194912310021", "校验位"),
        ("11010519491331002X", "出生日期"),
        ("1101051949123100", "18 位"),
    ],
)
def test_invalid_id_numbers_explain_why_in_chinese(value, message):
    with pytest.raises(ValidationError, match=message):
        validate_id_number(value)


def test_phone_validation():
    validate_mobile("138 1234 5678")
    validate_phone("0571-88886666")
    with pytest.raises(ValidationError, match="手机号格式不正确"):
        validate_mobile("12812345678")
    with pytest.raises(ValidationError, match="电话号码格式不正确"):
        validate_phone("12345")
