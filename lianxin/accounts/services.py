from django.contrib.auth import update_session_auth_hash
from django.db import transaction

from lianxin.accounts.actor import Actor
from lianxin.audit.recorder import record


@transaction.atomic
def change_password(*, actor: Actor, user, new_password: str, request=None) -> None:
    user.set_password(new_password)
    user.save(update_fields=["password", "password_changed_at"])
    record(actor=actor, action="accounts.password.changed", target=user)
    if request is not None:
        # Keep this session signed in; other sessions of the user end with the old hash.
        update_session_auth_hash(request, user)


@transaction.atomic
def enroll_totp(*, actor: Actor, device) -> None:
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    record(actor=actor, action="accounts.totp.enrolled", target=device.user)
