from django import template

from lianxin.notifications.models import Notification

register = template.Library()


@register.simple_tag
def unread_count(user) -> int:
    """Unread messages for the header badge: one COUNT on a partial index, on every page."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
