"""Scale-wise motion shared by the melodic parts (the counter-melody's steps toward the next chord)."""

from __future__ import annotations

from collections.abc import Collection

from engine.compose.voicing import nearest


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
