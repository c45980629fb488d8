"""SM4-GCM encryption and HMAC-SM3 lookup digests for personal data (商用密码, PIPL 第51条).

Ciphertexts carry the id of the key that made them ("t2$<base64>") so that keys can be
rotated: the first key in LIANXIN_DATA_KEYS encrypts, every listed key can decrypt, and
``manage.py rotate_data_keys`` re-encrypts old rows with the active key.
"""

import base64
import binascii
import hmac as std_hmac
import os
from dataclasses import dataclass
from functools import cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import hmac as crypto_hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

NONCE_BYTES = 12
TAG_BYTES = 16
SEPARATOR = "$"


class DecryptionError(Exception):
    """A stored value could not be decrypted: unknown key id, wrong key or tampered data."""


@dataclass(frozen=True)
class Keyring:
    keys: dict[str, bytes]
    active_id: str

    @property
    def active_key(self) -> bytes:
        return self.keys[self.active_id]


def parse_keyring(spec: str) -> Keyring:
    keys: dict[str, bytes] = {}
    active_id = ""
    for item in (part.strip() for part in spec.split(",")):
        if not item:
            continue
        key_id, _, encoded = item.partition(":")
        if not key_id or SEPARATOR in key_id or not encoded:
            raise ImproperlyConfigured("LIANXIN_DATA_KEYS entries must look like 'id:base64key'")
        try:
            key = base64.b64decode(encoded, validate=True)
        except binascii.Error:
            raise ImproperlyConfigured(f"LIANXIN_DATA_KEYS key {key_id!r} is not valid base64") from None
        if len(key) != 16:
            raise ImproperlyConfigured(f"LIANXIN_DATA_KEYS key {key_id!r} must be 16 bytes for SM4")
        keys[key_id] = key
        active_id = active_id or key_id
    if not keys:
        raise ImproperlyConfigured("LIANXIN_DATA_KEYS is empty: personal data cannot be stored")
    return Keyring(keys=keys, active_id=active_id)


@cache
def _keyring_for(spec: str) -> Keyring:
    return parse_keyring(spec)


def keyring() -> Keyring:
    # Keyed on the setting's value so that tests overriding it get the matching keyring.
    return _keyring_for(settings.LIANXIN_DATA_KEYS)


def encrypt(plaintext: str, *, context: bytes = b"") -> str:
    ring = keyring()
    nonce = os.urandom(NONCE_BYTES)
    encryptor = Cipher(algorithms.SM4(ring.active_key), modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(context)
    body = encryptor.update(plaintext.encode("utf-8")) + encryptor.finalize()
    token = base64.b64encode(nonce + body + encryptor.tag).decode("ascii")
    return f"{ring.active_id}{SEPARATOR}{token}"


def decrypt(stored: str, *, context: bytes = b"") -> str:
    key_id, _, token = stored.partition(SEPARATOR)
    key = keyring().keys.get(key_id)
    if key is None:
        raise DecryptionError(f"no key with id {key_id!r}")
    try:
        raw = base64.b64decode(token, validate=True)
    except binascii.Error:
        raise DecryptionError("ciphertext is not base64") from None
    nonce, body, tag = raw[:NONCE_BYTES], raw[NONCE_BYTES:-TAG_BYTES], raw[-TAG_BYTES:]
    decryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce, tag)).decryptor()
    decryptor.authenticate_additional_data(context)
    try:
        return (decryptor.update(body) + decryptor.finalize()).decode("utf-8")
    except InvalidTag:
        raise DecryptionError("ciphertext failed authentication") from None


def key_id_of(stored: str) -> str:
    return stored.partition(SEPARATOR)[0]


@cache
def _lookup_key(encoded: str) -> bytes:
    if not encoded:
        raise ImproperlyConfigured("LIANXIN_LOOKUP_KEY is empty: personal data cannot be looked up")
    try:
        return base64.b64decode(encoded, validate=True)
    except binascii.Error:
        raise ImproperlyConfigured("LIANXIN_LOOKUP_KEY is not valid base64") from None


def lookup_digest(value: str) -> str:
    """HMAC-SM3 of a normalised value, for exact-match search without decrypting every row."""
    mac = crypto_hmac.HMAC(_lookup_key(settings.LIANXIN_LOOKUP_KEY), hashes.SM3())
    mac.update(value.encode("utf-8"))
    return mac.finalize().hex()


def digests_equal(a: str, b: str) -> bool:
    return std_hmac.compare_digest(a, b)
