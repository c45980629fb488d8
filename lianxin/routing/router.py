"""The 承办单位 model: character n-grams of the text plus the category staff chose → unit.

Character uni- and bigrams need no segmentation, so a congress's own place and unit names
(“A3区”, “城管执法局”) count from the first decision without a dictionary; the category chosen by
staff is one strong extra feature. A logistic regression gives each unit a probability that
is shown as the confidence.
"""

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

# How much the category chosen weighs against the whole text (whose vector has length 1).
CATEGORY_WEIGHT = 0.5


class UnitRouter:
    def __init__(self):
        self.vectorizer = TfidfVectorizer(
            analyzer="char", ngram_range=(1, 2), min_df=1, sublinear_tf=True, max_features=200_000
        )
        self.categories: dict[str, int] = {}
        self.model = LogisticRegression(C=10.0, max_iter=2000)

    def _features(self, texts, categories):
        words = self.vectorizer.transform(texts)
        rows, cols = [], []
        for row, category in enumerate(categories):
            if category in self.categories:
                rows.append(row)
                cols.append(self.categories[category])
        chosen = csr_matrix(
            (np.full(len(rows), CATEGORY_WEIGHT), (rows, cols)),
            shape=(len(texts), max(len(self.categories), 1)),
        )
        return hstack([words, chosen]).tocsr()

    def fit(self, texts: list[str], categories: list[str], units: list[int]) -> "UnitRouter":
        self.vectorizer.fit(texts)
        self.categories = {name: i for i, name in enumerate(sorted({c for c in categories if c}))}
        self.model.fit(self._features(texts, categories), units)
        return self

    def ranked(self, text: str, category: str, top: int = 3) -> list[tuple[int, float]]:
        features = self._features([text], [category or ""])
        if features[:, : len(self.vectorizer.vocabulary_)].nnz == 0:
            return []  # no character the model has seen: any ranking would be the prior
        probabilities = self.model.predict_proba(features)[0]
        order = np.argsort(-probabilities)[:top]
        return [(int(self.model.classes_[i]), float(probabilities[i])) for i in order]
