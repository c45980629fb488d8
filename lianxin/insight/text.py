"""From a citizen's message to the words the classifier sees."""

import re
import unicodedata
from functools import lru_cache

# The small stop list of the data set's README baseline: function words that say nothing about
# the subject. Kept identical so that our figures stay comparable with that baseline.
_STOP_WORDS_TEXT = (
    "的 了 是 在 我 我们 你 你们 他 她 它 他们 和 与 及 或 也 都 就 还 而 "
    "被 把 对 从 向 到 为 以 于 之 其 这 那 这个 那个 这些 那些 有 没有 不 "
    "没 很 更 又 并 但 但是 因为 所以 如果 虽然 可以 能 会 要 让 给 等 着 过 "
    "吗 吧 呢 啊 呀 么 什么 怎么 如何 一 个 上"
)
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())

# Below this many Chinese characters a message says too little to suggest anything.
MIN_CHINESE_CHARACTERS = 4

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def message_text(title: str, body: str) -> str:
    """The text of a message as classified: title, then body (the title names the subject)."""
    return f"{(title or '').strip()}\n{(body or '').strip()}".replace("\r", " ")


def chinese_character_count(text: str) -> int:
    return len(_HAN.findall(text or ""))


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(60)  # jieba prints its dictionary loading to stderr otherwise.
    jieba.initialize()
    return jieba


def _is_punctuation_or_symbol(word: str) -> bool:
    return all(unicodedata.category(c)[0] in "PSZC" for c in word)


@lru_cache(maxsize=200_000)
def _kept(word: str) -> str:
    word = word.strip()
    if not word or word in STOP_WORDS or _is_punctuation_or_symbol(word):
        return ""
    return word


def tokenize(text: str, *, hmm: bool = True) -> list[str]:
    """jieba's precise mode, without spaces, punctuation, symbols and the stop words.

    hmm=False skips jieba's HMM guess at words missing from its dictionary (they stay split
    into shorter words): about a third faster.
    """
    words = []
    for word in _jieba().cut((text or "").replace("\r", " "), HMM=hmm):
        kept = _kept(word)
        if kept:
            words.append(kept)
    return words


def tokenized(text: str, *, hmm: bool = True) -> str:
    """The words joined by spaces: the form the training file `train_tokenized.csv` is in."""
    return " ".join(tokenize(text, hmm=hmm))
