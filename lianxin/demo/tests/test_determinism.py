from django.db import transaction

from lianxin.demo import seeding
from lianxin.deputies.models import Deputy
from lianxin.regions.models import Region
from lianxin.stations.models import Station


def _seed_and_read(seed: int):
    """What a county seeded with ``seed`` holds, read back before the data is rolled away."""
    with transaction.atomic():
        seeding.seed(scale="county", seed=seed)
        people = [
            (d.name, d.birth_date, d.workplace, d.title, d.id_number.reveal(), d.phone.reveal())
            for d in Deputy.objects.order_by("pk")
        ]
        places = list(Region.objects.order_by("code").values_list("code", "name"))
        stations = list(Station.objects.order_by("pk").values_list("name", "opening_hours"))
        transaction.set_rollback(True)
    return people, places, stations


def test_the_same_seed_gives_the_same_data_and_another_seed_different_data(db):
    first = _seed_and_read(3)
    assert _seed_and_read(3) == first
    assert _seed_and_read(4)[0] != first[0]
