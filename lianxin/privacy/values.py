"""A personal value that masks itself unless explicitly revealed.

Models hand out ``PersonalValue`` objects instead of strings, so a template, an export,
a log line or an audit diff that prints one gets ``138****1234``; only code that calls
``reveal()`` — the audited reveal view, SMS sending — sees the clear text.
"""

from lianxin.privacy.masking import mask


class PersonalValue:
    __slots__ = ("_plain", "kind")

    def __init__(self, plain: str, kind: str):
        self._plain = plain
        self.kind = kind

    def reveal(self) -> str:
        return self._plain

    @property
    def masked(self) -> str:
        return mask(self._plain, self.kind)

    def __str__(self) -> str:
        return self.masked

    def __repr__(self) -> str:
        return f"<PersonalValue {self.masked}>"

    def __bool__(self) -> bool:
        return bool(self._plain)

    def __len__(self) -> int:
        return len(self._plain)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PersonalValue):
            return self._plain == other._plain
        if isinstance(other, str):
            return self._plain == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._plain)
