"""Model fields that keep personal data encrypted at rest and searchable by exact match.

``EncryptedField`` stores SM4-GCM ciphertext and gives back ``PersonalValue`` objects.
``LookupDigestField`` stores the HMAC-SM3 of its source field, recomputed on every save,
so ``Deputy.objects.filter(id_number_digest=lookup_digest(...))`` finds a person by ID
number without decrypting anything.
"""

from django.db import models

from lianxin.privacy import crypto
from lianxin.privacy.masking import KINDS
from lianxin.privacy.normalise import normalise
from lianxin.privacy.values import PersonalValue


class EncryptedField(models.TextField):
    def __init__(self, *args, kind: str, **kwargs):
        if kind not in KINDS:
            raise ValueError(f"unknown personal data kind {kind!r}")
        self.kind = kind
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["kind"] = self.kind
        return name, path, args, kwargs

    def _context(self) -> bytes:
        # Binding the ciphertext to its column stops a stored value being copied into another field.
        return f"{self.model._meta.label_lower}.{self.name}".encode()

    def from_db_value(self, value, expression, connection):
        if not value:
            return PersonalValue("", self.kind)
        return PersonalValue(crypto.decrypt(value, context=self._context()), self.kind)

    def to_python(self, value):
        if isinstance(value, PersonalValue):
            return value
        return PersonalValue(normalise(value or "", self.kind), self.kind)

    def get_prep_value(self, value):
        plain = value.reveal() if isinstance(value, PersonalValue) else normalise(value or "", self.kind)
        if not plain:
            return ""
        return crypto.encrypt(plain, context=self._context())

    def value_to_string(self, obj):
        return str(self.value_from_object(obj))

    def get_lookup(self, lookup_name):
        # Ciphertexts differ on every write; only emptiness tests mean anything on this column.
        if lookup_name in {"exact", "isnull", "in"}:
            return super().get_lookup(lookup_name)
        return None


class LookupDigestField(models.CharField):
    def __init__(self, *args, source: str, **kwargs):
        self.source = source
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.source)
        plain = value.reveal() if isinstance(value, PersonalValue) else (value or "")
        kind = model_instance._meta.get_field(self.source).kind
        digest = crypto.lookup_digest(normalise(plain, kind)) if plain else ""
        setattr(model_instance, self.attname, digest)
        return digest


def digest_for(value: str, kind: str) -> str:
    """The digest to search a LookupDigestField with, for a value typed by a user."""
    plain = normalise(value, kind)
    return crypto.lookup_digest(plain) if plain else ""
