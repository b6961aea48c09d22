"""Bass: the chord root on every downbeat, then the genre's pattern (root-fifth, walking, funk, 808 ...)."""

from __future__ import annotations

import random

from engine.compose.plan import STEPS_PER_BAR, NoteEvent, SongPlan
from engine.compose.voicing import nearest, register
from engine.instruments import Instrument, Role
from engine.score import Chord

# style -> (low-energy, high-energy) rhythm: (step, length, tone) per hit; tone "r" root, "5" fifth,
# "8" root an octave up, "3" third.
Hits = tuple[tuple[int, int, str], ...]
PATTERNS: dict[str, tuple[Hits, Hits]] = {
    "root_fifth": (
        ((0, 8, "r"), (8, 8, "5")),
        ((0, 6, "r"), (6, 2, "r"), (8, 4, "5"), (12, 2, "5"), (14, 2, "r")),
    ),
    "driving": (
        ((0, 4, "r"), (4, 4, "r"), (8, 4, "r"), (12, 4, "5")),
        tuple((s, 2, "r") for s in range(0, 16, 2)),
    ),
    "octaves": (
        ((0, 2, "r"), (4, 2, "r"), (8, 2, "r"), (12, 2, "r")),
        (
            (0, 2, "r"),
            (2, 2, "8"),
            (4, 2, "r"),
            (6, 2, "8"),
            (8, 2, "r"),
            (10, 2, "8"),
            (12, 2, "r"),
            (14, 2, "8"),
        ),
    ),
    "funk": (
        ((0, 3, "r"), (6, 2, "8"), (10, 2, "r"), (14, 2, "5")),
        ((0, 2, "r"), (3, 1, "r"), (6, 1, "8"), (7, 2, "r"), (10, 2, "5"), (13, 1, "8"), (14, 2, "r")),
    ),
    "sub808": (
        ((0, 12, "r"),),
        ((0, 7, "r"), (7, 6, "r"), (14, 2, "5")),
    ),
    "lazy": (
        ((0, 6, "r"), (10, 5, "5")),
        ((0, 5, "r"), (6, 2, "r"), (10, 4, "5"), (14, 2, "8")),
    ),
    "pedal": (
        ((0, 16, "r"),),
        ((0, 8, "r"), (8, 8, "5")),
    ),
}
_HIGH_ENERGY = 0.6


def write_bass(plan: SongPlan, inst: Instrument, rng: random.Random) -> list[NoteEvent]:
    """Chord roots on the downbeats; walking bass for jazz/blues, patterns for the rest."""
    low, high, centre = register(Role.BASS, inst)
    if plan.profile.bass_style == "walking":
        return _walking(plan, low, high, centre, rng)
    low_pattern, high_pattern = PATTERNS[plan.profile.bass_style]
    events: list[NoteEvent] = []
    previous_root = centre - 4
    for bar in range(plan.bars):
        section = plan.section_at_bar(bar)
        pattern = high_pattern if section.energy >= _HIGH_ENERGY else low_pattern
        if bar == plan.bars - 1:
            pattern = ((0, 16, "r"),)
        for step, length, tone in pattern:
            absolute = bar * STEPS_PER_BAR + step
            start, duration = plan.span(absolute, length)
            chord = plan.chord_at(start)
            if chord.start > start - 1 and step != 0 and tone != "r":
                tone = "r"  # a new chord mid-bar gets its root first
            root = nearest([chord.root], previous_root, low, min(high, low + 24))
            previous_root = root if step == 0 else previous_root
            pitch = _tone(chord, root, tone, low, high)
            duration = min(duration, chord.start + chord.duration - start)
            accent = 1.0 if step == 0 else 0.88
            events.append(
                NoteEvent(start, max(1, duration - 10), pitch, plan.velocity(section.energy, accent, 62, 40))
            )
    return events


def _tone(chord: Chord, root: int, tone: str, low: int, high: int) -> int:
    if tone == "8" and root + 12 <= high:
        return root + 12
    if tone == "5" and len(chord.pitch_classes) >= 3:
        fifth = root + (chord.pitch_classes[2] - chord.root) % 12
        return fifth if fifth <= high else fifth - 12 if fifth - 12 >= low else root
    if tone == "3" and len(chord.pitch_classes) >= 2:
        return root + (chord.pitch_classes[1] - chord.root) % 12
    return root


def _walking(plan: SongPlan, low: int, high: int, centre: int, rng: random.Random) -> list[NoteEvent]:
    """Quarter notes: the root on each chord, chord/scale tones between, a step into the next root."""
    events: list[NoteEvent] = []
    previous = centre - 4
    total_beats = plan.bars * 4
    for beat in range(total_beats):
        start, duration = plan.span(beat * 4, 4)
        chord = plan.chord_at(start)
        section = plan.section_at_bar(beat // 4)
        if beat == total_beats - 4:
            root = nearest([chord.root], previous, low, high)
            events.append(NoteEvent(start, 4 * 480 - 10, root, plan.velocity(section.energy, 1.0, 62, 40)))
            break
        is_chord_start = chord.start >= start - 1
        next_chord = plan.chord_at(start + 480)
        if is_chord_start:
            pitch = nearest([chord.root], previous, low, high)
        elif next_chord is not chord:  # approach the next root by a scale step
            target = nearest([next_chord.root], previous, low, high)
            over = plan.melody_pitch_classes(chord)
            scale = [p for p in range(low, high + 1) if p % 12 in over]
            below = [p for p in scale if p < target]
            above = [p for p in scale if p > target]
            options = ([below[-1]] if below else []) + ([above[0]] if above else [])
            pitch = rng.choice(options) if options else target
        else:
            tones = [
                p
                for p in range(low, high + 1)
                if p % 12 in chord.pitch_classes and 0 < abs(p - previous) <= 7
            ]
            pitch = rng.choice(tones) if tones else previous
        previous = pitch
        if section.energy < 0.4 and beat % 2 == 1 and not is_chord_start:
            continue  # two-feel in quiet sections
        events.append(NoteEvent(start, duration - 30, pitch, plan.velocity(section.energy, 0.92, 62, 40)))
    return events
