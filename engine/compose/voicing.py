"""Registers per role and voice-led chord voicings (least total movement between chords)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from engine.instruments import Instrument, Role

_CENTRES: dict[Role, int] = {
    Role.BASS: 40,
    Role.CHORDS: 62,
    Role.PAD: 60,
    Role.LEAD: 72,
    Role.ARPEGGIO: 67,
    Role.COUNTER_MELODY: 57,
}


def register(role: Role, inst: Instrument, width: int = 12, shift: int = 0) -> tuple[int, int, int]:
    """(low, high, centre) of the part: the role's usual register moved by `shift` semitones (the mood's),
    kept inside the instrument's range."""
    centre = min(max(_CENTRES[role] + shift, inst.low + 6), inst.high - 6)
    low, high = max(inst.low, centre - width), min(inst.high, centre + width)
    if high - low < 12:
        low, high = inst.low, inst.high
    return low, high, centre


def fit(pitch: int, low: int, high: int) -> int:
    """Move a pitch by octaves into [low, high] (keeps its pitch class where the range allows)."""
    while pitch < low:
        pitch += 12
    while pitch > high:
        pitch -= 12
    return max(pitch, low)


def nearest(pcs: Sequence[int] | frozenset[int], target: float, low: int, high: int) -> int:
    """The pitch nearest `target` in [low, high] whose pitch class is in `pcs` (where the range holds
    none, the nearest such pitch outside it: the pitch class matters more than the range)."""
    inside = [p for p in range(low, high + 1) if p % 12 in pcs]
    candidates = inside or [pc + 12 * octave for pc in pcs for octave in range(11)]
    return (
        min(candidates, key=lambda p: (abs(p - target), p)) if candidates else fit(round(target), low, high)
    )


def chord_tones(pitch_classes: Sequence[int], voices: int) -> list[int]:
    """Which pitch classes to voice: drop the fifth of 4+ note chords first; if short, double the root,
    or the third of a minor triad (the tone that makes it minor, as in minor-key voice leading)."""
    pcs = list(pitch_classes)
    while len(pcs) > voices:
        pcs.pop(2 if len(pcs) > 3 else len(pcs) - 1)
    minor_triad = len(pcs) == 3 and (pcs[1] - pcs[0]) % 12 == 3 and (pcs[2] - pcs[0]) % 12 == 7
    while len(pcs) < voices:
        pcs.append(pcs[1] if minor_triad else pcs[0])
    return pcs


def voice_chord(
    pitch_classes: Sequence[int],
    previous: Sequence[int] | None,
    low: int,
    high: int,
    centre: int,
    voices: int,
) -> tuple[int, ...]:
    """The voicing of a chord nearest the previous one (smooth voice leading), near the centre."""
    pcs = chord_tones(pitch_classes, voices)
    options = [[p for p in range(low, high + 1) if p % 12 == pc] or [fit(pc, low, high)] for pc in pcs]
    best: tuple[int, ...] | None = None
    best_cost = float("inf")
    for combo in itertools.product(*options):
        voicing = tuple(sorted(combo))
        if len(set(voicing)) < len(voicing) or voicing[-1] - voicing[0] > 19:
            continue
        cost = _cost(voicing, previous, centre)
        if cost < best_cost:
            best, best_cost = voicing, cost
    if best is None:
        best = tuple(sorted(nearest([pc], centre, low, high) for pc in pcs))
    return best


def _cost(voicing: tuple[int, ...], previous: Sequence[int] | None, centre: int) -> float:
    mean = sum(voicing) / len(voicing)
    cost = 0.35 * abs(mean - centre)
    cost += sum(2.0 for a, b in itertools.pairwise(voicing) if b - a == 1)  # avoid minor-second clusters
    if previous:
        if len(previous) == len(voicing):
            cost += sum(abs(a - b) for a, b in zip(voicing, sorted(previous), strict=True))
        else:
            cost += sum(min(abs(a - b) for b in previous) for a in voicing)
    return cost
