"""A notification belongs to its recipient alone: anyone else is told it does not exist."""

from django.shortcuts import get_object_or_404

from lianxin.notifications.models import Notification


def notification_for(user, pk) -> Notification:
    return get_object_or_404(Notification, pk=pk, recipient=user)
