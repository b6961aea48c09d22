"""Token sequences of a split: whole tunes, random training crops and the fixed evaluation chunks."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from engine.compose.model import vocab

DATA = Path(__file__).parent / "data"
PREFIX = 2  # MODE_x METER_x


@dataclass(frozen=True)
class Split:
    tunes: list[np.ndarray]  # int64 token arrays, each MODE METER BAR ... END
    ids: list[str]

    @classmethod
    def load(cls, name: str) -> Split:
        data = np.load(DATA / f"{name}.npz")
        tokens, offsets = data["tokens"].astype(np.int64), data["offsets"]
        tunes = [tokens[a:b] for a, b in itertools.pairwise(offsets)]
        return cls(tunes=tunes, ids=[str(i) for i in data["ids"]])


def bar_starts(tune: np.ndarray) -> np.ndarray:
    return np.flatnonzero(tune == vocab.BAR)


def chunks(tune: np.ndarray, context: int) -> list[np.ndarray]:
    """The tune cut at bar lines into pieces of at most `context` tokens, each led by its MODE METER prefix.

    Every token after the prefix is scored exactly once; the model and the n-gram baseline see the same
    pieces.
    """
    prefix, body = tune[:PREFIX], tune[PREFIX:]
    starts = [int(s) - PREFIX for s in bar_starts(tune)]
    out: list[np.ndarray] = []
    begin = 0
    while begin < len(body):
        end = begin + context - PREFIX
        if end < len(body):
            cut = [s for s in starts if begin < s <= end]
            end = cut[-1] if cut else end
        out.append(np.concatenate([prefix, body[begin:end]]))
        begin = end
    return out


def crop(tune: np.ndarray, context: int, rng: np.random.Generator) -> np.ndarray:
    """A random window of a tune that starts on a bar line, led by the tune's prefix, padded to `context`."""
    starts = bar_starts(tune)
    start = int(starts[rng.integers(len(starts))])
    piece = np.concatenate([tune[:PREFIX], tune[start : start + context - PREFIX]])
    return np.pad(piece, (0, context - len(piece)), constant_values=vocab.PAD)
