"""Who is acting: passed explicitly to every service function and written into audit events."""

from dataclasses import dataclass

from django.conf import settings

SYSTEM_ROLE = "system"
ACTIVE_MEMBERSHIP_KEY = "lianxin_active_membership"


def client_ip(request) -> str | None:
    """The client's address; behind N trusted proxies, the N-th address from the right."""
    proxies = getattr(settings, "LIANXIN_TRUSTED_PROXY_COUNT", 0)
    if proxies:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def active_membership(request):
    """The membership the user is acting in now (chosen in the header), or their first."""
    user = request.user
    if not user.is_authenticated:
        return None
    memberships = user.active_memberships()
    chosen = request.session.get(ACTIVE_MEMBERSHIP_KEY)
    for membership in memberships:
        if membership.pk == chosen:
            return membership
    return memberships[0] if memberships else None


@dataclass(frozen=True)
class Actor:
    user: object | None
    role: str
    ip: str | None = None
    # Someone acting without an account, e.g. a citizen holding a tracking code:
    # ``subject`` is what they proved they are ("opinion:12"), ``label`` how the audit trail names them.
    subject: str = ""
    label: str = ""

    @classmethod
    def from_request(cls, request) -> "Actor":
        user = request.user if request.user.is_authenticated else None
        membership = active_membership(request) if user else None
        return cls(user=user, role=membership.role if membership else "", ip=client_ip(request))

    @classmethod
    def citizen(cls, request, *, subject: str, label: str) -> "Actor":
        return cls(user=None, role="citizen", ip=client_ip(request), subject=subject, label=label)

    @classmethod
    def system(cls) -> "Actor":
        return cls(user=None, role=SYSTEM_ROLE, ip=None)
