"""Shared vocabulary of the permission matrix (test_permission_matrix.py).

Apps add the cases for their own URLs in ``<app>/tests/permission_cases*.py`` as a dict
``CASES = {"namespace:name": Case(...)}``; the matrix test collects them all.
"""

from dataclasses import dataclass, field

PERSONAS = (
    "anonymous",
    "citizen",
    "deputy",
    "liaison",
    "clerk",
    "staff",
    "office",
    "committee",
    "leader",
    "admin",
    "auditor",
    "west_staff",
    "west_liaison",
    "west_clerk",
)

OK, LOGIN, DENIED, HIDDEN, ANY = "ok", "login", 403, 404, "any"

# Groups of personas, named after what they hold (see each app's rules.py and conftest.py).
STAFF = {"staff", "office", "committee"}
OFFICE_VIEWERS = STAFF | {"leader", "admin"}
KEEPERS = {"staff", "office"}  # 代表工委 and 办公室 in the county


@dataclass
class Case:
    ok: set = field(default_factory=set)
    hidden: set = field(default_factory=set)
    method: str = "get"
    kwargs: object = None  # world -> URL kwargs
    public: bool = False
    # Signing out ends on the login page, for everyone.
    signs_out: bool = False

    def expected(self, persona: str):
        if self.public:
            return ANY
        if persona == "anonymous" or self.signs_out:
            return LOGIN
        if persona in self.ok:
            return OK
        if persona in self.hidden:
            return HIDDEN
        return DENIED


SIGNED_IN_ALL = set(PERSONAS) - {"anonymous"}
