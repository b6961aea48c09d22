"""Genre and mood by meaning: the prompt's embedding against a few descriptions of each label."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from engine.prompt.embedding import Matrix, sentence_encoder
from engine.prompt.lexicon import GENRE_DESCRIPTIONS, MOOD_DESCRIPTIONS


@dataclass(frozen=True)
class LabelIndex:
    labels: tuple[str, ...]
    rows: Matrix  # one unit vector per description
    row_labels: tuple[int, ...]  # index into labels, per row

    def scores(self, vector: Matrix) -> dict[str, float]:
        """Each label's best cosine similarity with the vector (descriptions and vector are unit length)."""
        sims = self.rows @ vector
        best = np.full(len(self.labels), -1.0, dtype=np.float32)
        np.maximum.at(best, np.asarray(self.row_labels), sims)
        return {label: float(best[i]) for i, label in enumerate(self.labels)}


@dataclass(frozen=True)
class Match:
    label: str
    score: float


def _index(descriptions: dict[str, tuple[str, ...]]) -> LabelIndex:
    labels = tuple(descriptions)
    sentences = [s for label in labels for s in descriptions[label]]
    row_labels = tuple(i for i, label in enumerate(labels) for _ in descriptions[label])
    rows = sentence_encoder().embed(sentences)
    return LabelIndex(labels, rows, row_labels)


@functools.cache
def genre_index() -> LabelIndex:
    return _index(GENRE_DESCRIPTIONS)


@functools.cache
def mood_index() -> LabelIndex:
    return _index(MOOD_DESCRIPTIONS)


def embed_prompt(text: str) -> Matrix:
    """The prompt's unit vector."""
    vector: Matrix = sentence_encoder().embed([text])[0]
    return vector


def closest(
    index: LabelIndex,
    vector: Matrix,
    among: tuple[str, ...] | None = None,
    bonus: dict[str, float] | None = None,
) -> Match:
    """The label whose descriptions are nearest the vector, plus any bonus (ties go to the earlier label)."""
    raw = index.scores(vector)
    scores = {label: score + (bonus or {}).get(label, 0.0) for label, score in raw.items()}
    candidates = among or index.labels
    best = max(candidates, key=lambda label: (scores[label], -index.labels.index(label)))
    return Match(best, raw[best])
