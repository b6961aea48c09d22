"""Arpeggio: broken-chord patterns in a seeded pulse (8ths, 16ths, gallops) over voice-led chord shapes."""

from __future__ import annotations

import random

from engine.compose.parts.chords import CENTRE_SHIFTS, voice_all
from engine.compose.plan import STEPS_PER_BAR, NoteEvent, SongPlan
from engine.compose.voicing import register
from engine.instruments import Instrument, Role

# Indexes into the chord shape (0 = lowest); 4 = the lowest note an octave up.
SHAPES: dict[str, tuple[int, ...]] = {
    "up": (0, 1, 2, 3),
    "up_down": (0, 1, 2, 3, 4, 3, 2, 1),
    "broken": (0, 2, 1, 3, 2, 4, 3, 1),
    "alberti": (0, 3, 2, 3),
    "down": (4, 3, 2, 1),
    "pinky": (0, 4, 1, 4, 2, 4, 1, 4),
    "thumb": (0, 2, 1, 3, 0, 2, 1, 4),
    "outside_in": (0, 4, 1, 3),
}
# Where the notes fall in a bar (16ths), drawn per song, every beat marked: even 8ths (16ths in
# energetic sections at moderate tempi), a gallop (an 8th and two 16ths a beat) or its reverse.
PULSES: dict[str, tuple[int, ...]] = {
    "even": tuple(range(0, STEPS_PER_BAR, 2)),
    "gallop": tuple(step for beat in range(0, STEPS_PER_BAR, 4) for step in (beat, beat + 2, beat + 3)),
    "reverse_gallop": tuple(
        step for beat in range(0, STEPS_PER_BAR, 4) for step in (beat, beat + 1, beat + 2)
    ),
}
_FAST_TEMPO = 132


def write_arpeggio(plan: SongPlan, inst: Instrument, rng: random.Random) -> list[NoteEvent]:
    """A pulse per song and a shape per section theme (seeded); an even pulse runs in 16ths in energetic
    sections at moderate tempi, else in 8ths."""
    low, high, centre = register(Role.ARPEGGIO, inst, shift=plan.mood.register + rng.choice(CENTRE_SHIFTS))
    voicings = voice_all(
        plan, low, max(low + 12, high - 12), centre - 4, 4
    )  # the shapes an octave below the top
    shapes: dict[str, tuple[int, ...]] = {}
    pulse = rng.choice(sorted(PULSES))
    triplet_feel = plan.profile.swing >= 0.5 and not plan.profile.swing_16ths
    events: list[NoteEvent] = []
    for bar in range(plan.bars):
        section = plan.section_at_bar(bar)
        if section.name not in shapes:
            shapes[section.name] = SHAPES[rng.choice(sorted(SHAPES))]
        shape = shapes[section.name]
        fast = section.energy >= 0.6 and plan.tempo <= _FAST_TEMPO and not triplet_feel
        onsets = tuple(range(STEPS_PER_BAR)) if fast and pulse == "even" else PULSES[pulse]
        if triplet_feel:  # swung 8ths: the pulse on the 8th grid
            onsets = tuple(dict.fromkeys(step - step % 2 for step in onsets))
        for index, step in enumerate(onsets):
            following = onsets[index + 1] if index + 1 < len(onsets) else STEPS_PER_BAR
            length = following - step
            start, duration = plan.span(bar * STEPS_PER_BAR + step, length)
            voicing = voicings[plan.chord_index_at(start)]
            notes = [*voicing, voicing[0] + 12]
            pitch = notes[min(shape[index % len(shape)], len(notes) - 1)]
            if pitch > high:
                pitch -= 12
            accent = 1.0 if step % 4 == 0 else 0.85
            events.append(NoteEvent(start, duration, pitch, plan.velocity(section.energy, accent, 46, 40)))
            if bar == plan.bars - 1 and step >= 8:
                events[-1] = NoteEvent(start, plan.total_ticks - start, pitch, events[-1].velocity)
                break
    return events
