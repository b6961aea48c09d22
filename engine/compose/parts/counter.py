"""Counter-melody: a slower line under the lead, in thirds/sixths or contrary motion, answering its rests."""

from __future__ import annotations

import bisect
import random
from collections.abc import Sequence

from engine.compose.parts.melody import scale_step
from engine.compose.plan import STEPS_PER_BAR, NoteEvent, SongPlan
from engine.compose.voicing import nearest, register
from engine.instruments import Instrument, Role

_CONSONANT_BELOW = frozenset({3, 4, 8, 9})  # thirds and sixths under the lead


def write_counter(
    plan: SongPlan, inst: Instrument, rng: random.Random, lead: Sequence[NoteEvent] | None
) -> list[NoteEvent]:
    """Half or whole notes on chord tones below the lead; a short stepwise answer while the lead rests."""
    low, high, centre = register(Role.COUNTER_MELODY, inst, shift=plan.mood.register)
    lead_notes = sorted(lead or [])
    if lead_notes:
        lead_floor = sorted(n.pitch for n in lead_notes)[len(lead_notes) // 4]
        ceiling = min(high, lead_floor - 2)
        if ceiling - low >= 12:
            high, centre = ceiling, min(centre, ceiling - 6)
    starts = [n.start for n in lead_notes]
    events: list[NoteEvent] = []
    previous = centre
    previous_lead: int | None = None
    for bar in range(plan.bars):
        section = plan.section_at_bar(bar)
        if section.name == "intro" and len(plan.sections) > 1:
            continue
        slot = 8 if section.energy >= 0.5 else 16
        for step in range(0, STEPS_PER_BAR, slot):
            start, duration = plan.span(bar * STEPS_PER_BAR + step, slot)
            chord = plan.chord_at(start)
            velocity = plan.velocity(section.energy, 0.9, 48, 40)
            if bar == plan.bars - 1:
                pitch = nearest(chord.pitch_classes, previous, low, high)
                events.append(NoteEvent(start, plan.total_ticks - start, pitch, velocity))
                break
            lead_pitch = _sounding(lead_notes, starts, start, duration)
            if lead_notes and lead_pitch is None:
                events.extend(_answer(plan, bar * STEPS_PER_BAR + step, slot, previous, low, high, velocity))
                previous = events[-1].pitch
                continue
            pitch = _choose(chord.pitch_classes, previous, lead_pitch, previous_lead, low, high)
            previous, previous_lead = pitch, lead_pitch
            events.append(NoteEvent(start, duration - 20, pitch, velocity))
    return events


def _sounding(notes: Sequence[NoteEvent], starts: list[int], start: int, duration: int) -> int | None:
    """Pitch of the lead note sounding at `start`, else of the first one starting within the slot."""
    index = bisect.bisect_right(starts, start) - 1
    if index >= 0 and notes[index].start + notes[index].duration > start:
        return notes[index].pitch
    following = index + 1
    if following < len(notes) and notes[following].start < start + duration // 2:
        return notes[following].pitch
    return None


def _choose(
    chord_pcs: Sequence[int], previous: int, lead: int | None, previous_lead: int | None, low: int, high: int
) -> int:
    """The chord tone nearest the line, preferring a third/sixth under the lead and contrary motion."""
    best, best_cost = nearest(chord_pcs, previous, low, high), float("inf")
    for pitch in range(low, high + 1):
        if pitch % 12 not in chord_pcs:
            continue
        cost = abs(pitch - previous) * 1.0 + (2.5 if pitch == previous else 0.0)  # keep the line moving
        if lead is not None:
            if pitch >= lead - 2:
                cost += 20
            elif (lead - pitch) % 12 not in _CONSONANT_BELOW:
                cost += 3
            if (
                previous_lead is not None
                and lead != previous_lead
                and (pitch - previous) * (lead - previous_lead) > 0
            ):
                cost += 2  # parallel motion with the lead: prefer contrary
        if cost < best_cost:
            best, best_cost = pitch, cost
    return best


def _answer(
    plan: SongPlan, step: int, slot: int, previous: int, low: int, high: int, velocity: int
) -> list[NoteEvent]:
    """Quarter notes stepping toward the next chord's tone while the lead breathes."""
    events: list[NoteEvent] = []
    pitch = previous
    direction = 1 if previous < (low + high) // 2 else -1
    for quarter in range(0, slot, 4):
        start, duration = plan.span(step + quarter, 4)
        chord = plan.chord_at(start)
        if quarter == 0:
            pitch = nearest(chord.pitch_classes, pitch, low, high)
        else:
            pitch = scale_step(pitch, direction, plan.melody_pitch_classes(chord), low, high)
        events.append(NoteEvent(start, duration - 20, pitch, min(127, velocity + 6)))
    return events
