"""Melodic building blocks shared by lead and counter-melody: motifs and scale-wise motion."""

from __future__ import annotations

import random
from collections.abc import Collection
from dataclasses import dataclass

from engine.compose.voicing import nearest

# Rhythm cells of one beat (or two, for the half note): (16th step, length).
Cell = tuple[tuple[int, int], ...]
_CELLS: dict[str, Cell] = {
    "quarter": ((0, 4),),
    "eighths": ((0, 2), (2, 2)),
    "half": ((0, 8),),
    "dotted": ((0, 3), (3, 1)),
    "sixteenths": ((0, 1), (1, 1), (2, 1), (3, 1)),
    "eighth_two_16ths": ((0, 2), (2, 1), (3, 1)),
    "offbeat": ((2, 2),),
    "rest": (),
}
_SIXTEENTH_CELLS = frozenset({"dotted", "sixteenths", "eighth_two_16ths"})
_MOVES = (-1, 1, 0, -2, 2, 3, -3, 4)
_MOVE_WEIGHTS = (3.0, 3.0, 1.0, 1.2, 1.2, 0.4, 0.4, 0.2)


@dataclass(frozen=True)
class Motif:
    """A 1-2 bar idea: onsets (step from its start, length) and the scale-step moves between notes."""

    bars: int
    rhythm: tuple[tuple[int, int], ...]
    moves: tuple[int, ...]

    def notes_in_bar(self, bar: int) -> list[tuple[int, int, int]]:
        """(step within the bar, length, move) of the motif's notes falling in its `bar`."""
        return [
            (step - 16 * bar, length, move)
            for (step, length), move in zip(self.rhythm, self.moves, strict=True)
            if 16 * bar <= step < 16 * (bar + 1)
        ]


def make_motif(rng: random.Random, density: float, bars: int, sixteenths: bool) -> Motif:
    """A motif whose busyness follows `density` (0..1): strong first beat, a breath at its end."""
    weights = {
        "quarter": 3.0,
        "eighths": 1.0 + 4.0 * density,
        "half": 2.5 * (1.0 - density),
        "dotted": 2.0 * density,
        "sixteenths": max(0.0, 2.0 * density - 0.9),
        "eighth_two_16ths": 1.5 * density,
        "offbeat": 0.8,
        "rest": 1.0 * (1.0 - density),
    }
    if not sixteenths:
        for name in _SIXTEENTH_CELLS:
            weights[name] = 0.0
    names = sorted(weights)
    rhythm: list[tuple[int, int]] = []
    beat = 0
    beats = 4 * bars
    while beat < beats:
        usable = [n for n in names if not (n == "half" and beat + 2 > beats)]
        if beat == 0:
            usable = [n for n in usable if n not in ("rest", "offbeat")]
        if beat == beats - 1 and rng.random() < 0.6:
            usable = ["rest"]
        name = rng.choices(usable, weights=[weights[n] for n in usable])[0]
        rhythm.extend((4 * beat + step, length) for step, length in _CELLS[name])
        beat += 2 if name == "half" else 1
    moves: list[int] = []
    for _ in rhythm:
        move = rng.choices(_MOVES, weights=_MOVE_WEIGHTS)[0]
        if moves and abs(moves[-1]) >= 2:  # after a leap, step back the other way
            move = -1 if moves[-1] > 0 else 1
        moves.append(move)
    return Motif(bars=bars, rhythm=tuple(rhythm), moves=tuple(moves))


def scale_step(pitch: int, move: int, pcs: Collection[int], low: int, high: int) -> int:
    """The pitch `move` scale steps from `pitch` (within pcs), turned back at the range's edges."""
    if move == 0:
        return pitch if pitch % 12 in pcs else nearest(frozenset(pcs), pitch, low, high)
    for direction in (1 if move > 0 else -1, -1 if move > 0 else 1):
        candidate, count = pitch, abs(move)
        while count and low <= candidate <= high:
            candidate += direction
            if candidate % 12 in pcs:
                count -= 1
        if low <= candidate <= high:
            return candidate
    return nearest(frozenset(pcs), pitch, low, high)
