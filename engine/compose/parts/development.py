"""Motif development along the scale: a bar's notes moved by scale steps (a sequence) or mirrored around
their first note (an inversion). Pitches are MIDI numbers; a tone off the scale (a blue note) counts as
the scale tone below it, so the developed bar keeps to the scale."""

from __future__ import annotations

from collections.abc import Sequence


def _place(pitch: int, scale: Sequence[int]) -> int:
    """The pitch's place on the scale, in scale steps from the scale's first tone in octave 0."""
    tones = sorted(scale)
    octave, pc = divmod(pitch, 12)
    below = [i for i, tone in enumerate(tones) if tone <= pc]
    if not below:
        return (octave - 1) * len(tones) + len(tones) - 1
    return octave * len(tones) + below[-1]


def _pitch(place: int, scale: Sequence[int]) -> int:
    tones = sorted(scale)
    octave, index = divmod(place, len(tones))
    return octave * 12 + tones[index]


def steps_between(root: int, other: int, scale: Sequence[int]) -> int:
    """Scale steps from one chord root to another (pitch classes), the nearer way: -3 to +3."""
    steps = (_place(other % 12, scale) - _place(root % 12, scale)) % len(scale)
    return steps - len(scale) if steps > len(scale) // 2 else steps


def sequence(pitches: Sequence[int], steps: int, scale: Sequence[int]) -> list[int]:
    """The notes moved along the scale by `steps` (each keeps its place in the scale's pattern)."""
    return [_pitch(_place(p, scale) + steps, scale) for p in pitches]


def inversion(pitches: Sequence[int], scale: Sequence[int]) -> list[int]:
    """The notes mirrored around the first along the scale: every step up becomes a step down."""
    if not pitches:
        return []
    axis = _place(pitches[0], scale)
    return [_pitch(2 * axis - _place(p, scale), scale) for p in pitches]


def developed(pitches: Sequence[int], steps: int, scale: Sequence[int], invert: bool = False) -> list[int]:
    """The notes inverted (if asked), then moved along the scale by `steps`."""
    return sequence(inversion(pitches, scale) if invert else pitches, steps, scale)
