"""Warming the category model once per web process, in the background."""

import logging
import threading

logger = logging.getLogger(__name__)


def _warm() -> None:
    from lianxin.insight import model_files

    try:
        model_files.load_cached()
        # jieba's dictionary loads on first use: a first real suggestion would pay for it.
        from lianxin.insight.suggest import suggest_categories
        from lianxin.insight.text import message_text

        suggest_categories(message_text("预热", "小区门口道路破损，请尽快维修"))
    except Exception as error:  # no model yet is a normal state: the pages say so
        logger.warning("insight: category model not warmed: %s", error)


def start() -> threading.Thread:
    thread = threading.Thread(target=_warm, name="insight-warm", daemon=True)
    thread.start()
    return thread
