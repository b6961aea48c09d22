"""Chords: voice-led voicings played in the genre's comping rhythm (strums, stabs, Alberti bass ...)."""

from __future__ import annotations

import random

from engine.compose.plan import STEPS_PER_BAR, NoteEvent, SongPlan
from engine.compose.voicing import register, voice_chord
from engine.instruments import Instrument, Role

# style -> variants of (low-energy, high-energy) hits per bar: (step, length in 16ths). Each section theme
# draws one variant from the seed, as a player keeps a strum or stab figure for a section.
Hits = tuple[tuple[int, int], ...]
_EIGHTHS: Hits = tuple((s, 2) for s in range(0, 16, 2))
_TRESILLO: Hits = ((0, 3), (3, 3), (6, 2), (8, 3), (11, 3), (14, 2))
COMPING: dict[str, tuple[tuple[Hits, Hits], ...]] = {
    "strum": (
        (((0, 8), (8, 8)), ((0, 3), (3, 3), (6, 4), (10, 2), (12, 4))),
        (((0, 6), (6, 2), (8, 8)), ((0, 4), (4, 2), (6, 4), (10, 2), (12, 2), (14, 2))),
        (((0, 4), (4, 4), (8, 4), (12, 4)), _TRESILLO),
    ),
    "power": (
        (((0, 8), (8, 8)), _EIGHTHS),
        (((0, 12), (12, 4)), _TRESILLO),
        (((0, 4), (4, 4), (8, 8)), ((0, 2), (2, 2), (4, 4), (8, 2), (10, 2), (12, 4))),
    ),
    "offbeat": (
        (((2, 2), (10, 2)), ((2, 2), (6, 2), (10, 2), (14, 2))),
        (((2, 2), (6, 2), (10, 2), (14, 2)), ((2, 1), (6, 1), (10, 1), (13, 1), (14, 2))),
        (((0, 6), (8, 6)), ((0, 3), (3, 3), (6, 4), (10, 3), (13, 3))),
    ),
    "funk_stabs": (
        (((0, 2), (6, 2), (10, 2)), ((0, 1), (3, 1), (6, 1), (10, 1), (11, 1), (14, 1))),
        (((2, 1), (6, 2), (12, 2)), ((0, 1), (2, 1), (4, 1), (7, 1), (10, 1), (12, 1), (15, 1))),
        (((4, 2), (12, 2)), ((1, 1), (4, 1), (6, 1), (9, 1), (12, 1), (14, 1))),
    ),
    "shuffle": (
        (((4, 2), (12, 2)), ((0, 2), (4, 2), (8, 2), (12, 2))),
        (((0, 3), (6, 2)), _EIGHTHS),
        (((0, 8), (8, 8)), ((2, 2), (6, 2), (10, 2), (14, 2))),
        (((0, 2), (6, 2), (8, 2), (14, 2)), ((0, 2), (2, 2), (6, 2), (8, 2), (10, 2), (14, 2))),
    ),
    "lazy": (
        (((0, 14),), ((0, 6), (6, 10))),
        (((0, 8), (10, 6)), ((0, 4), (6, 4), (12, 4))),
        (((2, 12),), ((0, 3), (3, 5), (10, 6))),
    ),
    "ostinato": (
        (((0, 16),), _EIGHTHS),
        (((0, 8), (8, 8)), _TRESILLO),
        (((0, 4), (4, 4), (8, 4), (12, 4)), ((0, 2), (2, 2), (4, 4), (8, 2), (10, 2), (12, 4))),
    ),
    "sparse": (
        (((0, 12),), ((0, 6), (10, 4))),
        (((0, 6), (8, 6)), ((0, 3), (6, 2), (8, 6))),
        (((2, 10),), ((0, 2), (3, 3), (10, 6))),
        (((0, 4), (7, 9)), ((0, 3), (7, 3), (10, 2), (14, 2))),
    ),
    "block": (
        (((0, 16),), ((0, 8), (8, 8))),
        (((0, 16),), ((0, 12), (12, 4))),
        (((0, 8), (8, 8)), ((0, 6), (6, 10))),
    ),
}
# Jazz comping draws one cell per bar so the rhythm breathes.
_JAZZ_CELLS: tuple[Hits, ...] = (((0, 3), (6, 2)), ((2, 2), (10, 4)), ((0, 2), (6, 4)), ((4, 2), (14, 2)))
# Broken-chord figures in 8ths (indexes low to high; -1 the top note): Alberti, rising, the
# "waltz" bass-and-chord, the murky octave-and-chord.
_BROKEN: tuple[tuple[int, ...], ...] = ((0, -1, 1, -1), (0, 1, -1, 1), (0, -1, 1, 2), (0, 2, -1, 2))
_HIGH_ENERGY = 0.6
# The part's register moves by one of these (seeded): the same progression in other inversions. Chords
# also move by the mood's register, pads by half of it (dark moods voice low, dreamy ones high).
CENTRE_SHIFTS = (-7, -4, 0, 4, 7)


def write_chords(plan: SongPlan, inst: Instrument, rng: random.Random) -> list[NoteEvent]:
    """Voice-led chords in the comping rhythm, one figure per section theme (seeded); quieter and
    sparser in low-energy sections."""
    shift = plan.mood.register + rng.choice(CENTRE_SHIFTS)
    low, high, centre = register(Role.CHORDS, inst, width=10, shift=shift)
    close = voice_all(plan, low, high, centre, 4 if plan.profile.sevenths else 3)
    voicings = spread_all(plan, close, inst.low)
    style = plan.profile.comp_style
    figures: dict[tuple[str, bool], Hits] = {}
    broken: dict[str, tuple[int, ...]] = {}
    events: list[NoteEvent] = []
    for bar in range(plan.bars):
        section = plan.section_at_bar(bar)
        high_energy = section.energy >= _HIGH_ENERGY
        if bar == plan.bars - 1:
            hits: Hits = ((0, 16),)
        elif style == "alberti":
            if section.name not in broken:
                broken[section.name] = rng.choice(_BROKEN)
            events.extend(_broken(plan, bar, voicings, section.energy, broken[section.name]))
            continue
        elif style == "jazz_comp":
            hits = rng.choice(_JAZZ_CELLS)
        else:
            theme = (section.name, high_energy)
            if theme not in figures:
                figures[theme] = rng.choice(COMPING[style])[1 if high_energy else 0]
            hits = figures[theme]
        for step, length in hits:
            start, duration = plan.span(bar * STEPS_PER_BAR + step, length)
            chord = plan.chord_at(start)
            index = plan.chord_index_at(start)
            duration = min(duration, chord.start + chord.duration - start)
            accent = 1.0 if step % 4 == 0 else 0.9
            velocity = plan.velocity(section.energy, accent, 50, 40)
            events.extend(NoteEvent(start, max(1, duration - 15), p, velocity) for p in voicings[index])
    return events


def voice_all(plan: SongPlan, low: int, high: int, centre: int, voices: int) -> list[tuple[int, ...]]:
    """One voicing per chord of the song, each led smoothly from the one before."""
    out: list[tuple[int, ...]] = []
    previous: tuple[int, ...] | None = None
    for chord in plan.chords:
        previous = voice_chord(chord.pitch_classes, previous, low, high, centre, voices)
        out.append(previous)
    return out


def spread_all(plan: SongPlan, voicings: list[tuple[int, ...]], low: int) -> list[tuple[int, ...]]:
    """The mood's spread of voice-led voicings: close as they are; open drops the second voice from the
    top an octave (drop 2); wide does that and adds the root under the lowest voice."""
    spread = plan.mood.spread
    if spread == "close":
        return voicings
    out = []
    for chord, voicing in zip(plan.chords, voicings, strict=True):
        notes = list(voicing)
        if len(notes) >= 3 and notes[-2] - 12 >= low:
            notes[-2] -= 12
        if spread == "wide":
            lowest = min(notes)
            root = lowest - ((lowest - chord.root) % 12 or 12)
            if root >= low and root not in notes:
                notes.append(root)
        out.append(tuple(sorted(set(notes))))
    return out


def _broken(
    plan: SongPlan, bar: int, voicings: list[tuple[int, ...]], energy: float, order: tuple[int, ...]
) -> list[NoteEvent]:
    """Classical broken chords in 8ths, in the section's figure (Alberti: low, top, middle, top)."""
    events: list[NoteEvent] = []
    for eighth in range(8):
        start, duration = plan.span(bar * STEPS_PER_BAR + 2 * eighth, 2)
        voicing = voicings[plan.chord_index_at(start)]
        index = order[eighth % len(order)]
        pitch = voicing[index if index < 0 else min(index, len(voicing) - 1)]
        accent = 1.0 if eighth % 4 == 0 else 0.85
        events.append(NoteEvent(start, duration, pitch, plan.velocity(energy, accent, 48, 40)))
    return events
