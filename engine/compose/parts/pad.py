"""Pad: voice-led chords held softly, in a texture drawn per section theme from the seed."""

from __future__ import annotations

import random

from engine.compose.parts.chords import spread_all, voice_all
from engine.compose.plan import TICKS_PER_BAR, NoteEvent, SongPlan
from engine.compose.voicing import register
from engine.instruments import Instrument, Role

# How a pad player holds the harmony: the whole chord for its slot; struck again each bar; struck
# each half bar; the chord held under a top voice that moves to the next chord tone up at the half bar;
# the lower voices first and the top voice entering a beat later (a staggered swell); the whole chord
# breathing in a beat after the change (the other parts mark the downbeat).
TEXTURES = ("held", "bars", "halves", "moving_top", "swell", "late")
# Where the pad sits (seeded, in semitones from its usual register, plus half the mood's): the same
# harmony low and warm or high, in other inversions. It holds four voices (a minor triad doubles its
# third, which keeps the key's mode clear).
PAD_SHIFTS = (-9, -3, 3, 9)


def write_pad(plan: SongPlan, inst: Instrument, rng: random.Random) -> list[NoteEvent]:
    """Every chord sounding for its whole slot, softly, swelling with the section's energy."""
    low, high, centre = register(Role.PAD, inst, shift=plan.mood.register // 2 + rng.choice(PAD_SHIFTS))
    voicings = spread_all(plan, voice_all(plan, low, high, centre, 4), inst.low)
    textures: dict[str, str] = {}
    events: list[NoteEvent] = []
    for chord, voicing in zip(plan.chords, voicings, strict=True):
        section = plan.section_at_bar(chord.start // TICKS_PER_BAR)
        if section.name not in textures:
            textures[section.name] = rng.choice(TEXTURES)
        texture = textures[section.name]
        velocity = plan.velocity(section.energy, 1.0, 40, 35)
        *under, top = voicing
        if texture in ("bars", "halves"):
            every = TICKS_PER_BAR if texture == "bars" else TICKS_PER_BAR // 2
            for start in range(chord.start, chord.start + chord.duration, every):
                length = min(every, chord.start + chord.duration - start)
                events.extend(NoteEvent(start, length, pitch, velocity) for pitch in voicing)
            continue
        if texture == "late" and chord.duration > TICKS_PER_BAR // 2:
            late = chord.start + TICKS_PER_BAR // 4
            events.extend(NoteEvent(late, chord.start + chord.duration - late, p, velocity) for p in voicing)
            continue
        events.extend(NoteEvent(chord.start, chord.duration, pitch, velocity) for pitch in under)
        if texture == "swell" and chord.duration > TICKS_PER_BAR // 2:
            late = chord.start + TICKS_PER_BAR // 4
            events.append(NoteEvent(late, chord.start + chord.duration - late, top, velocity))
            continue
        if texture == "moving_top" and chord.duration >= TICKS_PER_BAR // 2:
            half = chord.duration // 2
            higher = [p for p in range(top + 1, top + 6) if p % 12 in chord.pitch_classes and p <= high]
            events.append(NoteEvent(chord.start, half, top, velocity))
            events.append(
                NoteEvent(chord.start + half, chord.duration - half, higher[0] if higher else top, velocity)
            )
        else:
            events.append(NoteEvent(chord.start, chord.duration, top, velocity))
    return events
