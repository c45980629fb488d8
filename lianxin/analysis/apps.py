from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    """民意分析 screens: hot topics of a region and period, and the review of weak replies."""

    name = "lianxin.analysis"
    verbose_name = _("民意分析")
    todos = "lianxin.analysis.todos.TODOS"
    navigation = [
        ("analysis:hot_topics", _("民意热点"), "analysis.view_topics", 16),
        ("analysis:reply_queue", _("答复质量审核"), "analysis.review_reply", 17),
    ]
    audit_actions = {
        "analysis.reply.scored": _("答复质量评分"),
        "analysis.reply.released": _("答复质量审核通过"),
        "analysis.reply.sent_back": _("答复质量审核退回补充"),
    }

    def ready(self):
        # Every unit's reply to a citizen's opinion is scored inside its own transaction, so
        # that a weak one is held before the citizen can see it (the engine cannot import this
        # app: it registers its check, as sources register themselves).
        from lianxin.analysis import services
        from lianxin.casework import reply_checks

        reply_checks.register(services.SOURCE, services.check_reply)
