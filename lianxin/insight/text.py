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


_kept_words: dict[str, str] = {}


def _kept(word: str) -> str:
    """The word, stripped, or "" for a space, punctuation, a symbol or a stop word (memoized)."""
    kept = _kept_words.get(word)
    if kept is None:
        stripped = word.strip()
        drop = not stripped or stripped in STOP_WORDS or _is_punctuation_or_symbol(stripped)
        kept = "" if drop else stripped
        if len(_kept_words) < 500_000:
            _kept_words[word] = kept
    return kept


class PreciseSegmenter:
    """jieba's precise mode without its HMM (`jieba.cut(text, HMM=False)`), word for word, faster.

    Segmentation is most of the cost of classifying a message. jieba builds a dict of word-end
    lists, then finds the most probable route with a generator, `max` and `log` per candidate;
    this does the same search in one backward pass over the characters with the log
    probabilities computed once. Same dictionary, same scores, same tie-break (the longer word),
    same handling of runs of ASCII letters and digits and of the text between Chinese blocks:
    the tests compare its output with jieba's.
    """

    def __init__(self, jieba_module):
        import math

        from jieba import re_han_default, re_skip_default

        tokenizer = jieba_module.dt
        tokenizer.check_initialized()
        self._log_total = math.log(tokenizer.total)
        # One lookup per fragment: a word's log probability, computed as jieba does
        # (log(frequency) - log(total), so that sums compare alike), or None for a mere prefix.
        self._table = {
            word: (math.log(frequency) - self._log_total) if frequency else None
            for word, frequency in tokenizer.FREQ.items()
        }
        self._han = re_han_default
        self._skip = re_skip_default

    def _cut_block(self, block: str, out: list[str]) -> None:
        table = self._table
        n = len(block)
        score = [0.0] * (n + 1)
        end = [0] * (n + 1)
        unknown = 0.0 - self._log_total  # jieba: log(FREQ.get(char) or 1) - log(total)
        for start in range(n - 1, -1, -1):
            best, best_end = unknown + score[start + 1], start
            found = False
            i, fragment = start, block[start]
            while i < n and fragment in table:  # `in` and `[]` beat a .get() call here
                log_probability = table[fragment]
                if log_probability is not None:
                    candidate = log_probability + score[i + 1]
                    # max over (score, end) tuples: on a tie the later end (longer word) wins.
                    if not found or candidate >= best:
                        best, best_end = candidate, i
                    found = True
                i += 1
                fragment = block[start : i + 1]
            score[start], end[start] = best, best_end
        position, run = 0, ""
        while position < n:
            following = end[position] + 1
            word = block[position:following]
            if following - position == 1 and word in _ASCII_LETTERS_AND_DIGITS:
                run += word
            else:
                if run:
                    out.append(run)
                    run = ""
                out.append(word)
            position = following
        if run:
            out.append(run)

    def cut(self, text: str) -> list[str]:
        out: list[str] = []
        for block in self._han.split(text):
            if not block:
                continue
            if self._han.match(block):
                self._cut_block(block, out)
            else:
                for piece in self._skip.split(block):
                    if self._skip.match(piece):
                        out.append(piece)
                    else:
                        out.extend(piece)
        return out


_ASCII_LETTERS_AND_DIGITS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


@lru_cache(maxsize=1)
def _segmenter() -> PreciseSegmenter:
    return PreciseSegmenter(_jieba())


def tokenize(text: str, *, hmm: bool = True) -> list[str]:
    """jieba's precise mode, without spaces, punctuation, symbols and the stop words.

    hmm=False skips jieba's HMM guess at words missing from its dictionary (they stay split
    into shorter words) and uses `PreciseSegmenter`: about twice as fast.
    """
    text = (text or "").replace("\r", " ")
    words = _segmenter().cut(text) if not hmm else _jieba().cut(text, HMM=True)
    known, kept = _kept_words, _kept
    out = []
    for word in words:
        word = known.get(word) if word in known else kept(word)
        if word:
            out.append(word)
    return out


def tokenized(text: str, *, hmm: bool = True) -> str:
    """The words joined by spaces: the form the training file `train_tokenized.csv` is in."""
    return " ".join(tokenize(text, hmm=hmm))
