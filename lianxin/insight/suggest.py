"""Category suggestions for the staff member who registers or assigns an opinion.

Staff decide; this only ranks. It never raises: with no usable model or no usable text it returns
no categories and says why, so that intake goes on without suggestions.
"""

import logging
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from lianxin.insight import model_files
from lianxin.insight.text import MIN_CHINESE_CHARACTERS, chinese_character_count

logger = logging.getLogger(__name__)

TOP = 3

REASONS = {
    "empty": _("留言没有文字内容，无法给出分类建议。"),
    "too_short": _("留言文字太短，无法给出分类建议。"),
    "not_chinese": _("留言不是中文，无法给出分类建议。"),
    "no_known_words": _("留言中没有模型认识的词语，无法给出分类建议。"),
    "no_model": _("分类建议暂不可用：还没有训练分类模型。"),
    "corrupt_model": _("分类建议暂不可用：分类模型文件已损坏。"),
    "error": _("分类建议暂不可用：分类时出错。"),
}


@dataclass(frozen=True)
class CategorySuggestion:
    """Up to three (category, confidence) pairs, best first; empty with a `reason` code otherwise."""

    categories: list[tuple[str, float]] = field(default_factory=list)
    reason: str = ""
    model_version: str = ""

    @property
    def message(self):
        return REASONS.get(self.reason, "")

    def __bool__(self) -> bool:
        return bool(self.categories)


def text_problem(text: str) -> str:
    """Why a text cannot be classified or routed ("" when it can): a reason code of REASONS."""
    stripped = (text or "").strip()
    if not stripped:
        return "empty"
    if chinese_character_count(stripped) >= MIN_CHINESE_CHARACTERS:
        return ""
    if sum(c.isalpha() for c in stripped) >= MIN_CHINESE_CHARACTERS:
        return "not_chinese"  # letters, but hardly any of them Chinese
    return "too_short"


def suggest_categories(text: str, *, top: int = TOP, directory: Path | None = None) -> CategorySuggestion:
    problem = text_problem(text)
    if problem:
        return CategorySuggestion(reason=problem)
    try:
        loaded = model_files.load_cached(directory)
    except model_files.ModelUnavailable as unavailable:
        logger.warning("insight: no category model: %s", unavailable)
        return CategorySuggestion(reason=unavailable.reason)
    except Exception:
        logger.exception("insight: loading the category model failed")
        return CategorySuggestion(reason="corrupt_model")
    try:
        categories = loaded.classifier.ranked(text, top)
    except Exception:
        logger.exception("insight: classifying with model %s failed", loaded.version)
        return CategorySuggestion(reason="error", model_version=loaded.version)
    if not categories:
        return CategorySuggestion(reason="no_known_words", model_version=loaded.version)
    return CategorySuggestion(categories=categories, model_version=loaded.version)
