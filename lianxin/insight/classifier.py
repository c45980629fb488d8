"""The first-level category classifier: TF-IDF features of jieba words, a linear model, and
confidences from a softmax of its decision scores.

The training rows come in two forms: most are the data set's `train_tokenized.csv`, already
segmented by someone else, with their stop words and punctuation removed; the rest (and every
message the model will ever see) is raw text that we segment ourselves. `CategoryClassifier`
takes raw text at prediction time and brings it to the training form (see `prepare`).
"""

from dataclasses import dataclass, field
from functools import partial

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.svm import LinearSVC

from lianxin.insight.text import tokenize

RANDOM_STATE = 0


@dataclass(frozen=True)
class Settings:
    """What cross-validation chooses between. The defaults are the configuration it chose
    (docs/performance.md lists the others tried and their figures)."""

    word_ngrams: tuple[int, int] = (1, 2)
    # Character n-grams inside words (1..N characters) in addition to words; 0 = none.
    char_ngram_max: int = 2
    model: str = "svm"  # "svm" (LinearSVC) or "logreg"
    c: float = 1.0
    class_weight: str | None = None
    # Keep only raw words that also occur in the pre-segmented training rows, so that raw text
    # and those rows make the same word pairs (bigrams) where the other segmentation dropped
    # stop words we keep.
    restrict_vocabulary: bool = False
    # Classify the title and the first N characters of the body (0 = all): segmentation is the
    # cost of classifying, and a message's subject is stated early.
    max_characters: int = 800
    # Weight of a raw training message against a pre-segmented row: raw messages are the form
    # the model meets in use, but there are ten times fewer of them.
    raw_weight: float = 1.0
    # jieba's HMM for words missing from its dictionary (see text.tokenize).
    hmm: bool = False
    # The title counted this many times in raw text (it names the subject); 1 = as written.
    title_times: int = 4
    # Pre-segmented rows start with their title's words but do not say how many: count their
    # first N words `title_times` too, so that both forms weigh the title alike (0 = no).
    pretokenized_title_words: int = 5

    def describe(self) -> dict:
        return {
            "word_ngrams": list(self.word_ngrams),
            "char_ngram_max": self.char_ngram_max,
            "model": self.model,
            "C": self.c,
            "class_weight": self.class_weight,
            "restrict_vocabulary": self.restrict_vocabulary,
            "max_characters": self.max_characters,
            "raw_weight": self.raw_weight,
            "jieba_hmm": self.hmm,
            "title_times": self.title_times,
            "pretokenized_title_words": self.pretokenized_title_words,
        }


def character_ngrams_within_words(longest: int, text: str) -> list[str]:
    """Every run of 1..longest characters inside each word (words are space-separated).

    Like scikit-learn's char_wb without its padding spaces, and faster. They let a word the
    two segmentations cut differently (天心区 / 天心 区) still share most of its features.
    """
    out: list[str] = []
    for word in text.split():
        out.extend(word)
        if len(word) > 1 and longest > 1:
            out.extend(map(str.__add__, word, word[1:]))
            for n in range(3, min(longest, len(word)) + 1):
                out.extend(map("".join, zip(*(word[k:] for k in range(n)), strict=False)))
    return out


def build_pipeline(settings: Settings) -> Pipeline:
    features = [
        (
            "words",
            TfidfVectorizer(
                tokenizer=str.split,
                token_pattern=None,
                lowercase=False,
                ngram_range=settings.word_ngrams,
                min_df=2,
                sublinear_tf=True,
                dtype=np.float32,
            ),
        )
    ]
    if settings.char_ngram_max:
        features.append(
            (
                "characters",
                TfidfVectorizer(
                    analyzer=partial(character_ngrams_within_words, settings.char_ngram_max),
                    lowercase=False,
                    min_df=2,
                    sublinear_tf=True,
                    dtype=np.float32,
                ),
            )
        )
    if settings.model == "logreg":
        model = LogisticRegression(
            C=settings.c, max_iter=3000, class_weight=settings.class_weight, random_state=RANDOM_STATE
        )
    else:
        model = LinearSVC(C=settings.c, class_weight=settings.class_weight, random_state=RANDOM_STATE)
    return Pipeline([("features", FeatureUnion(features)), ("model", model)])


def softmax(scores: np.ndarray, temperature: float) -> np.ndarray:
    z = scores / temperature
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def fit_temperature(scores: np.ndarray, labels: np.ndarray, classes: np.ndarray) -> float:
    """The softmax temperature that minimizes the log-loss of out-of-fold decision scores."""
    index = {c: i for i, c in enumerate(classes)}
    truth = np.array([index[y] for y in labels])
    best_t, best_loss = 1.0, float("inf")
    for t in np.geomspace(0.02, 5.0, 120):
        p = softmax(scores, t)[np.arange(len(truth)), truth]
        loss = -np.log(np.clip(p, 1e-12, None)).mean()
        if loss < best_loss:
            best_t, best_loss = float(t), loss
    return best_t


def truncate(text: str, max_characters: int, title_times: int = 1) -> str:
    """Title (repeated `title_times`) and the first `max_characters` of the body (0 = all)."""
    title, _, body = text.partition("\n")
    if max_characters:
        body = body[:max_characters]
    return "\n".join([title] * max(1, title_times) + [body])


@dataclass
class CategoryClassifier:
    """A fitted pipeline with what it needs to classify raw text. Pickled into the model file."""

    settings: Settings
    pipeline: Pipeline
    temperature: float = 1.0
    vocabulary: frozenset[str] = field(default_factory=frozenset)

    @property
    def classes(self) -> list[str]:
        return [str(c) for c in self.pipeline.classes_]

    def prepare(self, text: str) -> str:
        """Raw message text → the space-separated words the pipeline was trained on."""
        words = tokenize(
            truncate(text, self.settings.max_characters, self.settings.title_times), hmm=self.settings.hmm
        )
        if self.settings.restrict_vocabulary and self.vocabulary:
            words = [w for w in words if w in self.vocabulary]
        return " ".join(words)

    def probabilities(self, prepared: list[str]) -> np.ndarray:
        scores = self.pipeline.decision_function(prepared)
        return softmax(np.asarray(scores, dtype=np.float64), self.temperature)

    def ranked(self, text: str, top: int = 3) -> list[tuple[str, float]]:
        """The `top` categories with their confidence, best first; [] when no word is known."""
        features = self.pipeline[:-1].transform([self.prepare(text)])
        if features.nnz == 0:  # the decision would be the intercepts alone: no evidence
            return []
        scores = np.asarray(self.pipeline[-1].decision_function(features), dtype=np.float64)
        probabilities = softmax(scores, self.temperature)[0]
        order = np.argsort(-probabilities, kind="stable")[:top]
        classes = self.classes
        return [(classes[i], float(probabilities[i])) for i in order]

    def predict_prepared(self, prepared: list[str]) -> list[str]:
        return [str(c) for c in self.pipeline.predict(prepared)]

    def predict(self, texts: list[str]) -> list[str]:
        return self.predict_prepared([self.prepare(t) for t in texts])
