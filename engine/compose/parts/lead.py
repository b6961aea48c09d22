"""Lead: a melody built from motifs repeated over the changes, with cadences and breaths between phrases."""

from __future__ import annotations

import random

from engine.compose.parts.melody import Motif, make_motif, scale_step
from engine.compose.plan import STEPS_PER_BAR, NoteEvent, SongPlan
from engine.compose.voicing import nearest, register
from engine.instruments import Instrument, Role
from engine.score import Section

PHRASE_BARS = 4
# Where each section's melody sits, in semitones from the lead's centre.
_LIFT: dict[str, int] = {"chorus": 4, "verse": -2, "bridge": 0, "pre_chorus": 1, "outro": 0, "intro": -2}


def write_lead(plan: SongPlan, inst: Instrument, rng: random.Random) -> list[NoteEvent]:
    """Motif-based phrases per section; repeated sections repeat their melody, the intro rests."""
    low, high, centre = register(Role.LEAD, inst)
    salt = rng.getrandbits(32)
    sixteenths = plan.profile.swing < 0.5 or plan.profile.swing_16ths
    motifs: dict[str, Motif] = {}
    events: list[NoteEvent] = []
    last_section = plan.sections[-1]
    for section in plan.sections:
        if section.name == "intro" and len(plan.sections) > 1:
            continue
        theme = "chorus" if section.name == "outro" and "chorus" in motifs else section.name
        if theme not in motifs:
            density = plan.profile.density * plan.mood.density * (0.7 + 0.6 * section.energy)
            motif_rng = random.Random(f"{salt}:{theme}")
            bars = 1 if theme in ("pre_chorus", "outro") else motif_rng.choice((1, 2, 2))
            motifs[theme] = make_motif(motif_rng, min(0.95, density), bars, sixteenths)
        realise_rng = random.Random(f"{salt}:{theme}:{section.name}")
        events.extend(
            _section_melody(
                plan, section, motifs[theme], realise_rng, low, high, centre, section is last_section
            )
        )
    return events


def _section_melody(
    plan: SongPlan,
    section: Section,
    motif: Motif,
    rng: random.Random,
    low: int,
    high: int,
    centre: int,
    ends_song: bool,
) -> list[NoteEvent]:
    events: list[NoteEvent] = []
    anchor = centre + _LIFT.get(section.name, 0)
    starts = list(range(section.start_bar, section.start_bar + section.bars, PHRASE_BARS))
    for index, first_bar in enumerate(starts):
        length = min(PHRASE_BARS, section.start_bar + section.bars - first_bar)
        last = ends_song and index == len(starts) - 1
        events.extend(
            _phrase(
                plan, section, motif, first_bar, length, anchor, index % 2 == 1 or last, last, rng, low, high
            )
        )
    return events


def _phrase(
    plan: SongPlan,
    section: Section,
    motif: Motif,
    first_bar: int,
    length: int,
    anchor: int,
    answer: bool,
    ends_song: bool,
    rng: random.Random,
    low: int,
    high: int,
) -> list[NoteEvent]:
    """Motif bars, then a cadence bar: a long chord tone (the root when answering), then a rest."""
    events: list[NoteEvent] = []
    motif_start = anchor
    pitch = anchor
    for j in range(length):
        bar = first_bar + j
        bar_start = bar * STEPS_PER_BAR
        if j == length - 1 and (length > 1 or ends_song):
            chord = plan.chord_at(plan.tick(bar_start))
            tones = [chord.root] if answer else list(chord.pitch_classes[1:3])
            pitch = nearest(tones, pitch, low, high)
            steps = STEPS_PER_BAR if ends_song else rng.choice((8, 10, 12))
            start, duration = plan.span(bar_start, steps)
            velocity = plan.velocity(section.energy, 0.95, 60, 45)
            events.append(NoteEvent(start, duration - (0 if ends_song else 30), pitch, velocity))
            break
        motif_bar = j % motif.bars
        for k, (step, note_length, move) in enumerate(motif.notes_in_bar(motif_bar)):
            start, duration = plan.span(bar_start + step, note_length)
            chord = plan.chord_at(start)
            pcs = plan.melody_pitch_classes(chord)
            if motif_bar == 0 and k == 0:
                # Each restatement starts on the chord tone nearest the last: the motif follows the chords.
                pitch = nearest(chord.pitch_classes, motif_start + (2 if j == 2 else 0), low + 2, high - 2)
                motif_start = pitch
            elif step % 8 == 0:
                target = scale_step(pitch, move, pcs, low, high)
                pitch = nearest(chord.pitch_classes, target, low, high)
            else:
                pitch = scale_step(pitch, move, pcs, low, high)
            accent = 1.0 if step % 8 == 0 else 0.88
            velocity = plan.velocity(section.energy, accent, 60, 45)
            events.append(NoteEvent(start, max(1, duration - 20), pitch, velocity))
    return events
