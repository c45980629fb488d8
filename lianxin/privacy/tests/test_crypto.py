import base64
import logging

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.core.exceptions import ImproperlyConfigured

from lianxin.privacy import crypto


def test_the_cipher_is_sm4_per_the_gb_t_32907_test_vector():
    # GB/T 32907-2016 Appendix A: key = plaintext = 0123456789abcdeffedcba9876543210.
    key = bytes.fromhex("0123456789abcdeffedcba9876543210")
    encryptor = Cipher(algorithms.SM4(key), modes.ECB()).encryptor()  # noqa: S305 - known-answer test only.
    assert (encryptor.update(key) + encryptor.finalize()).hex() == "681edf34d206965e86b3e94f536e4246"


def test_the_digest_is_sm3_per_the_gb_t_32905_test_vector():
    digest = hashes.Hash(hashes.SM3())
    digest.update(b"abc")
    assert digest.finalize().hex() == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"


def test_it_round_trips_and_never_repeats_a_ciphertext():
    first = crypto.encrypt("13812345678", context=b"a.b.phone")
    second = crypto.encrypt("13812345678", context=b"a.b.phone")
    assert first != second
    assert "13812345678" not in first
    assert first.startswith("t2$")
    assert crypto.decrypt(first, context=b"a.b.phone") == "13812345678"


def test_a_tampered_or_moved_ciphertext_is_refused():
    stored = crypto.encrypt("11010519491231002X", context=b"deputies.deputy.id_number")
    key_id, _, token = stored.partition("$")
    raw = bytearray(base64.b64decode(token))
    raw[14] ^= 1
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(
            key_id + "$" + base64.b64encode(bytes(raw)).decode(), context=b"deputies.deputy.id_number"
        )
    # The same ciphertext pasted into another column does not decrypt there.
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(stored, context=b"deputies.deputy.phone")


def test_old_keys_still_decrypt_and_unknown_keys_are_refused(settings):
    settings.LIANXIN_DATA_KEYS = "t1:MDEyMzQ1Njc4OWFiY2RlZg=="
    old = crypto.encrypt("13900000000")
    assert old.startswith("t1$")
    settings.LIANXIN_DATA_KEYS = "t2:ZmVkY2JhOTg3NjU0MzIxMA==,t1:MDEyMzQ1Njc4OWFiY2RlZg=="
    assert crypto.decrypt(old) == "13900000000"
    settings.LIANXIN_DATA_KEYS = "t2:ZmVkY2JhOTg3NjU0MzIxMA=="
    with pytest.raises(crypto.DecryptionError, match="t1"):
        crypto.decrypt(old)


@pytest.mark.parametrize(
    "spec",
    [
        "",
        "nokey",
        "k1:not-base64!",
        "k1:" + base64.b64encode(b"short").decode(),
        "k$1:MDEyMzQ1Njc4OWFiY2RlZg==",
    ],
)
def test_a_bad_keyring_stops_the_server(spec):
    with pytest.raises(ImproperlyConfigured):
        crypto.parse_keyring(spec)


def test_lookup_digests_are_keyed_and_stable(settings):
    a = crypto.lookup_digest("13812345678")
    assert a == crypto.lookup_digest("13812345678")
    assert len(a) == 64
    settings.LIANXIN_LOOKUP_KEY = base64.b64encode(b"another key").decode()
    assert crypto.lookup_digest("13812345678") != a


def test_the_log_filter_masks_numbers_in_messages(caplog):
    from lianxin.privacy.log_filters import MaskPersonalDataFilter

    logger = logging.getLogger("lianxin.test")
    logger.addFilter(MaskPersonalDataFilter())
    try:
        with caplog.at_level(logging.WARNING, logger="lianxin.test"):
            logger.warning("回拨 %s，身份证 %s", "13812345678", "11010519491231002X")
    finally:
        logger.filters.clear()
    assert "13812345678" not in caplog.text
    assert "11010519491231002X" not in caplog.text
    assert "138****5678" in caplog.text
    assert "110***********002X" in caplog.text
