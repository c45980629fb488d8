from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnlineStationConfig(AppConfig):
    name = "lianxin.onlinestation"
    verbose_name = _("云接待")
    todos = "lianxin.onlinestation.todos.TODOS"
    navigation = [("onlinestation:list", _("云接待"), "onlinestation.view_session", 33)]
    revealable = {"question": ("lianxin.onlinestation.access.question_for_reveal", ("asker_phone",))}
    audit_actions = {
        "onlinestation.session.created": _("安排云接待"),
        "onlinestation.session.closed": _("云接待结束，未答复的留言转入民意直通车"),
        "onlinestation.question.asked": _("群众留言"),
        "onlinestation.question.answered": _("代表答复留言"),
    }
