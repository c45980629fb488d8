from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "lianxin.notifications"
    verbose_name = _("消息通知")
    audit_actions = {
        "notifications.preference.updated": _("修改通知设置"),
    }

    def ready(self):
        # The engine tells its listeners after each committed transition; this is ours.
        from lianxin.casework import announcements
        from lianxin.notifications.delivery import on_announcement

        announcements.listen(on_announcement)
