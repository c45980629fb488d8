"""Short random codes people read, type and scan: tracking codes, 代表码, 站点码.

No 0/O, 1/I/L: a citizen reading a code off a poster or over the phone cannot confuse them.
"""

import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_code(length: int = 10) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def public_code() -> str:
    """For deputies and stations: printed on QR posters, so shorter than a tracking code."""
    return new_code(8)
