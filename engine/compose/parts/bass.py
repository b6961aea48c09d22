"""Bass: the chord root on every downbeat, then the genre's pattern (root-fifth, walking, funk, 808 ...)."""

from __future__ import annotations

import random

from engine.compose.plan import STEPS_PER_BAR, TICKS_PER_BAR, NoteEvent, SongPlan
from engine.compose.voicing import nearest, register
from engine.instruments import Instrument, Role
from engine.score import Chord

# style -> (low-energy, high-energy) rhythms, one drawn per section theme: (step, length, tone) per hit;
# tone "r" root, "5" fifth, "8" root an octave up, "3" third.
Hits = tuple[tuple[int, int, str], ...]
PATTERNS: dict[str, tuple[tuple[Hits, ...], tuple[Hits, ...]]] = {
    "root_fifth": (
        (((0, 8, "r"), (8, 8, "5")), ((0, 6, "r"), (6, 2, "r"), (8, 8, "5")), ((0, 10, "r"), (10, 6, "5"))),
        (
            ((0, 6, "r"), (6, 2, "r"), (8, 4, "5"), (12, 2, "5"), (14, 2, "r")),
            ((0, 3, "r"), (3, 3, "r"), (6, 2, "8"), (8, 4, "5"), (12, 4, "r")),
            ((0, 4, "r"), (4, 2, "5"), (6, 2, "r"), (8, 4, "r"), (12, 2, "5"), (14, 2, "3")),
        ),
    ),
    "driving": (
        (
            ((0, 4, "r"), (4, 4, "r"), (8, 4, "r"), (12, 4, "5")),
            ((0, 6, "r"), (6, 2, "r"), (8, 8, "r")),
            ((0, 3, "r"), (3, 5, "r"), (8, 4, "5"), (12, 4, "8")),
        ),
        (
            tuple((s, 2, "r") for s in range(0, 16, 2)),
            (
                (0, 2, "r"),
                (2, 2, "r"),
                (4, 2, "r"),
                (6, 2, "8"),
                (8, 2, "r"),
                (10, 2, "r"),
                (12, 2, "5"),
                (14, 2, "5"),
            ),
        ),
    ),
    "octaves": (
        (
            ((0, 2, "r"), (4, 2, "r"), (8, 2, "r"), (12, 2, "r")),
            ((2, 2, "r"), (6, 2, "r"), (10, 2, "r"), (14, 2, "r")),
        ),
        (
            tuple((s, 2, "r" if s % 4 == 0 else "8") for s in range(0, 16, 2)),
            ((0, 3, "r"), (3, 3, "8"), (6, 2, "r"), (8, 3, "r"), (11, 3, "8"), (14, 2, "5")),
        ),
    ),
    "funk": (
        (
            ((0, 3, "r"), (6, 2, "8"), (10, 2, "r"), (14, 2, "5")),
            ((0, 2, "r"), (3, 1, "r"), (8, 3, "r"), (14, 2, "8")),
        ),
        (
            ((0, 2, "r"), (3, 1, "r"), (6, 1, "8"), (7, 2, "r"), (10, 2, "5"), (13, 1, "8"), (14, 2, "r")),
            (
                (0, 1, "r"),
                (2, 1, "8"),
                (3, 2, "r"),
                (7, 1, "r"),
                (8, 2, "5"),
                (11, 2, "r"),
                (14, 1, "8"),
                (15, 1, "5"),
            ),
        ),
    ),
    "sub808": (
        (((0, 12, "r"),), ((0, 7, "r"), (10, 6, "r")), ((0, 3, "r"), (6, 10, "r"))),
        (
            ((0, 7, "r"), (7, 6, "r"), (14, 2, "5")),
            ((0, 3, "r"), (3, 7, "r"), (10, 4, "8"), (14, 2, "r")),
            ((0, 6, "r"), (6, 4, "8"), (11, 5, "r")),
        ),
    ),
    "lazy": (
        (((0, 6, "r"), (10, 5, "5")), ((0, 10, "r"), (11, 4, "r"))),
        (((0, 5, "r"), (6, 2, "r"), (10, 4, "5"), (14, 2, "8")), ((0, 7, "r"), (7, 3, "5"), (10, 6, "r"))),
    ),
    "pedal": (
        (((0, 16, "r"),), ((0, 12, "r"), (12, 4, "8"))),
        (((0, 8, "r"), (8, 8, "5")), ((0, 12, "r"), (12, 4, "5")), ((0, 4, "r"), (4, 4, "8"), (8, 8, "r"))),
    ),
}
# Calm moods hold the root; how it moves in the bar is drawn per section theme: held, a fifth or the
# octave on the last beat, a two-feel, or a push on the and of two.
_SUSTAIN: tuple[Hits, ...] = (
    ((0, 16, "r"),),
    ((0, 12, "r"), (12, 4, "5")),
    ((0, 8, "r"), (8, 8, "5")),
    ((0, 10, "r"), (10, 6, "8")),
    ((0, 6, "r"), (6, 10, "r")),
    ((0, 12, "r"), (12, 4, "8")),
)
# How a bass player leads into a new chord on the next bar line, drawn per section theme: not at all, from
# the scale step below or above its root, or from its fifth.
APPROACHES = ("none", "below", "above", "fifth")
_ANCHOR_SHIFTS = (-7, -2, 3, 8)  # where on the neck the line starts (seeded), in semitones
_HIGH_ENERGY = 0.6


def write_bass(plan: SongPlan, inst: Instrument, rng: random.Random) -> list[NoteEvent]:
    """Chord roots on the downbeats; walking bass for jazz/blues, for the rest the genre's patterns (one
    drawn per section theme), held long in calm moods and busy in driving ones."""
    low, high, centre = register(Role.BASS, inst)
    if plan.profile.bass_style == "walking":
        walking = _walking(plan, low, high, centre, rng)
        if not plan.profile.blue_notes:
            return walking
        anchor = centre - 4 + rng.choice(_ANCHOR_SHIFTS)
        boogies = {
            f"boogie {i}": _boogie(plan, low, high, anchor, figure) for i, figure in enumerate(BOOGIES)
        }
        if plan.mood.bass_motion == "busy":
            return _by_section(plan, rng, boogies)  # a driving blues boogies all the way, in 8ths
        return _by_section(plan, rng, {"walking": walking, **boogies})
    low_patterns, high_patterns = PATTERNS[plan.profile.bass_style]
    motion = plan.mood.bass_motion
    themes: dict[tuple[str, bool], Hits] = {}
    approaches: dict[tuple[str, bool], str] = {}
    events: list[NoteEvent] = []
    previous_root = centre - 4 + rng.choice(_ANCHOR_SHIFTS)
    for bar in range(plan.bars):
        section = plan.section_at_bar(bar)
        high_energy = motion == "busy" or (motion == "pattern" and section.energy >= _HIGH_ENERGY)
        theme = (section.name, high_energy)
        if theme not in themes:
            choices = _SUSTAIN if motion == "sustain" else high_patterns if high_energy else low_patterns
            themes[theme] = rng.choice(choices)
            approaches[theme] = rng.choice(APPROACHES)
        if bar < plan.bars - 1 and events:
            _approach_next_root(plan, bar - 1, events, approaches[theme], low, high)
        pattern = themes[theme] if bar < plan.bars - 1 else ((0, 16, "r"),)
        for step, length, tone in pattern:
            absolute = bar * STEPS_PER_BAR + step
            start, ticks = plan.span(absolute, length)
            end = start + ticks
            while start < end:  # a hit that outlasts its chord moves to the next chord's root
                chord = plan.chord_at(start)
                if chord.start > start - 1 and start > bar * TICKS_PER_BAR and tone != "r":
                    tone = "r"  # a new chord mid-bar gets its root first
                root = nearest([chord.root], previous_root, low, min(high, low + 24))
                previous_root = root if step == 0 else previous_root
                pitch = _tone(chord, root, tone, low, high)
                stop = min(end, chord.start + chord.duration)
                accent = 1.0 if step == 0 else 0.88
                velocity = plan.velocity(section.energy, accent, 62, 40)
                events.append(NoteEvent(start, max(1, stop - start - 10), pitch, velocity))
                start, tone = stop, "r"
    return events


def _approach_next_root(
    plan: SongPlan, bar: int, events: list[NoteEvent], approach: str, low: int, high: int
) -> None:
    """The bar's last note, if it falls in its last beat and the next bar brings a new root, turned into
    an approach to that root."""
    last = events[-1]
    next_start = (bar + 1) * TICKS_PER_BAR
    if approach == "none" or last.start < next_start - TICKS_PER_BAR // 4:
        return
    here, there = plan.chord_at(last.start), plan.chord_at(next_start)
    if here.root == there.root:
        return
    target = nearest([there.root], last.pitch, low, high)
    if approach == "fifth":
        fifth = (there.pitch_classes[2] - there.root) % 12 if len(there.pitch_classes) > 2 else 7
        pitch = target - 12 + fifth if target - 12 + fifth >= low else target + fifth
    else:
        scale = [p for p in range(low, high + 1) if p % 12 in plan.melody_pitch_classes(here)]
        below, above = [p for p in scale if p < target], [p for p in scale if p > target]
        options = (below[-1:] if approach == "below" else above[:1]) or below[-1:] or above[:1]
        pitch = options[0] if options else last.pitch
    if low <= pitch <= high:
        events[-1] = last._replace(pitch=pitch)


def _tone(chord: Chord, root: int, tone: str, low: int, high: int) -> int:
    if tone == "8" and root + 12 <= high:
        return root + 12
    if tone == "5" and len(chord.pitch_classes) >= 3:
        fifth = root + (chord.pitch_classes[2] - chord.root) % 12
        return fifth if fifth <= high else fifth - 12 if fifth - 12 >= low else root
    if tone == "3" and len(chord.pitch_classes) >= 2:
        return root + (chord.pitch_classes[1] - chord.root) % 12
    return root


# Boogie figures over a chord, a quarter note each, one drawn per section theme: up the chord to the
# sixth and the flat seventh (or the octave) and back down; from the fifth up to the octave and back; up
# the major pentatonic and back; down from the octave (the third, fifth and seventh are the chord's own).
BOOGIES = (
    ("1", "3", "5", "6", "7", "6", "5", "3"),
    ("1", "3", "5", "6", "8", "6", "5", "3"),
    ("1", "5", "6", "7", "8", "7", "6", "5"),
    ("1", "2", "3", "5", "6", "5", "3", "2"),
    ("1", "8", "7", "6", "5", "6", "7", "5"),
)


def _boogie(plan: SongPlan, low: int, high: int, anchor: int, figure: tuple[str, ...]) -> list[NoteEvent]:
    """The blues' boogie bass: root, third, fifth, sixth, flat seventh and back, a quarter note each
    (two 8ths in driving moods, half notes in a two-feel), restarting on each chord; the last bar holds
    the root."""
    events: list[NoteEvent] = []
    total_beats = plan.bars * 4
    previous = anchor
    for beat in range(total_beats):
        start, duration = plan.span(beat * 4, 4)
        chord = plan.chord_at(start)
        section = plan.section_at_bar(beat // 4)
        root = nearest([chord.root], previous, low, min(high, low + 19))
        if beat == total_beats - 4:
            events.append(NoteEvent(start, 4 * 480 - 10, root, plan.velocity(section.energy, 1.0, 62, 40)))
            break
        index = (start - chord.start) // 480
        two_feel = _two_feel(plan, section.energy)
        if two_feel and index % 2 == 1:
            continue
        pitch = root + _boogie_step(plan, chord, figure[index % len(figure)])
        pitch = pitch if pitch <= high else pitch - 12
        if index % len(figure) == 0:
            previous = root
        velocity = plan.velocity(section.energy, 0.95, 62, 40)
        if plan.mood.bass_motion == "busy":  # each quarter as two (swung) 8ths
            for half in (0, 2):
                at, length = plan.span(beat * 4 + half, 2)
                events.append(NoteEvent(at, length - 20, pitch, velocity if half == 0 else velocity - 6))
            continue
        events.append(NoteEvent(start, duration * (2 if two_feel else 1) - 30, pitch, velocity))
    return events


def _two_feel(plan: SongPlan, energy: float) -> bool:
    """Half notes instead of quarters: in calm moods throughout, else in quiet sections."""
    return plan.mood.bass_motion == "sustain" or (plan.mood.bass_motion == "pattern" and energy < 0.4)


def _boogie_step(plan: SongPlan, chord: Chord, step: str) -> int:
    """Semitones above the root: the chord's own third, fifth and seventh; the sixth major where the key
    has it over this chord, else minor; the second where the key has it."""
    pcs = chord.pitch_classes
    if step == "6":
        return 9 if (chord.root + 9) % 12 in plan.melody_pitch_classes(chord) else 8
    if step == "8":
        return 12
    if step == "2":  # the ninth where the key has it over this chord, else the root again
        return 2 if (chord.root + 2) % 12 in plan.melody_pitch_classes(chord) else 0
    if step == "7" and len(pcs) < 4:
        return 10
    index = {"1": 0, "3": 1, "5": 2, "7": 3}[step]
    return (pcs[index] - chord.root) % 12


def _by_section(plan: SongPlan, rng: random.Random, lines: dict[str, list[NoteEvent]]) -> list[NoteEvent]:
    """One of several whole-song lines per section theme (seeded): the notes starting in its bars."""
    chosen: dict[str, str] = {}
    events: list[NoteEvent] = []
    for section in plan.sections:
        if section.name not in chosen:
            chosen[section.name] = rng.choice(sorted(lines))
        first, end = section.start_bar * TICKS_PER_BAR, (section.start_bar + section.bars) * TICKS_PER_BAR
        events.extend(e for e in lines[chosen[section.name]] if first <= e.start < end)
    return events


def _walking(plan: SongPlan, low: int, high: int, centre: int, rng: random.Random) -> list[NoteEvent]:
    """Quarter notes (half notes in a two-feel): the root on each chord, chord and scale tones between, a
    step into the next root."""
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
        if _two_feel(plan, section.energy) and beat % 2 == 1 and not is_chord_start:
            continue
        events.append(NoteEvent(start, duration - 30, pitch, plan.velocity(section.energy, 0.92, 62, 40)))
    return events
