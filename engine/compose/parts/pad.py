"""Pad: one sustained, voice-led chord per harmonic slot."""

from __future__ import annotations

from engine.compose.parts.chords import spread_all, voice_all
from engine.compose.plan import NoteEvent, SongPlan
from engine.compose.voicing import register
from engine.instruments import Instrument, Role


def write_pad(plan: SongPlan, inst: Instrument) -> list[NoteEvent]:
    """Every chord held for its whole slot, softly, swelling with the section's energy."""
    low, high, centre = register(Role.PAD, inst)
    voicings = spread_all(plan, voice_all(plan, low, high, centre, 4), inst.low)
    events: list[NoteEvent] = []
    for chord, voicing in zip(plan.chords, voicings, strict=True):
        energy = plan.section_at_bar(chord.start // 1920).energy
        velocity = plan.velocity(energy, 1.0, 40, 35)
        events.extend(NoteEvent(chord.start, chord.duration, pitch, velocity) for pitch in voicing)
    return events
