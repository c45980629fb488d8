"""Resident ID numbers (GB 11643-1999) and mobile numbers, unique across one seeding run."""

import datetime
import random

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
# Number segments the three carriers actually issue (工信部 号段).
_MOBILE_PREFIXES = (
    *(f"13{d}" for d in range(10)),
    *(f"15{d}" for d in (0, 1, 2, 3, 5, 6, 7, 8, 9)),
    "166",
    "173",
    "175",
    "176",
    "177",
    "178",
    *(f"18{d}" for d in range(10)),
    "191",
    "193",
    "195",
    "198",
    "199",
)


def check_digit(first17: str) -> str:
    return _CHECK[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


class IdentityIssuer:
    """Issues ID and mobile numbers, never the same one twice."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.id_numbers: set[str] = set()
        self.mobiles: set[str] = set()

    def id_number(self, *, area_code: str, birth_date: datetime.date, female: bool) -> str:
        """Area code of the birthplace, birth date, an order code that is even for women, check digit."""
        stem = area_code + birth_date.strftime("%Y%m%d")
        for _attempt in range(500):
            order = self.rng.randrange(1, 500) * 2 if female else self.rng.randrange(0, 500) * 2 + 1
            first17 = f"{stem}{order:03d}"
            number = first17 + check_digit(first17)
            if number not in self.id_numbers:
                self.id_numbers.add(number)
                return number
        raise RuntimeError(f"no free ID number left for {stem}")

    def mobile(self) -> str:
        while True:
            number = self.rng.choice(_MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if number not in self.mobiles:
                self.mobiles.add(number)
                return number

    def landline(self, area_code: str) -> str:
        """An office line such as 0731-5123456 (a public number, so repeats do no harm)."""
        return f"{area_code}-{self.rng.randint(2, 8)}{self.rng.randrange(10**6):06d}"
