"""The inbox in the permission matrix: every signed-in user has one; a message is its
recipient's alone, and anyone else is told it does not exist."""

from lianxin.accounts.tests.matrix import SIGNED_IN_ALL, Case
from lianxin.notifications.models import Kind, Notification


def _clerks_message(w) -> dict:
    notification, _created = Notification.objects.get_or_create(
        key="matrix|clerk",
        defaults={"recipient": w.clerk, "kind": Kind.URGED, "title": "督办：路灯不亮", "url": "/"},
    )
    return {"pk": notification.pk}


CASES = {
    "notifications:inbox": Case(ok=SIGNED_IN_ALL),
    "notifications:preferences": Case(ok=SIGNED_IN_ALL),
    "notifications:read_all": Case(ok=SIGNED_IN_ALL, method="post"),
    "notifications:open": Case(
        ok={"clerk"}, hidden=SIGNED_IN_ALL - {"clerk"}, method="post", kwargs=_clerks_message
    ),
    "notifications:read": Case(
        ok={"clerk"}, hidden=SIGNED_IN_ALL - {"clerk"}, method="post", kwargs=_clerks_message
    ),
}
