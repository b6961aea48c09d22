"""compose(): SongSpec -> Score. Form, harmony and parts by rule; the lead melody sampled from the model."""

from __future__ import annotations

import itertools
import random
from collections import defaultdict
from collections.abc import Sequence

from engine.compose.arrangement import arrange, choose_arrangement
from engine.compose.form import plan_sections
from engine.compose.genres import genre_profile
from engine.compose.harmony import build_chords, chromatic_exceptions, scale_set
from engine.compose.moods import mood_profile
from engine.compose.parts.arpeggio import write_arpeggio
from engine.compose.parts.bass import write_bass
from engine.compose.parts.chords import write_chords
from engine.compose.parts.counter import write_counter
from engine.compose.parts.drums import write_drums
from engine.compose.parts.lead import write_lead
from engine.compose.parts.pad import write_pad
from engine.compose.plan import NoteEvent, SongPlan
from engine.compose.voicing import fit
from engine.instruments import Instrument, Role, instrument
from engine.score import Note, Score, Track
from engine.spec import InstrumentPart, SongSpec
from engine.theory import MODES, blue_notes, tonic_pitch_class

_MONOPHONIC = frozenset({Role.BASS, Role.LEAD, Role.COUNTER_MELODY})
# Parts whose notes the mood shortens (staccato) or holds (legato); drums, bass and pads keep theirs.
_ARTICULATED = frozenset({Role.LEAD, Role.COUNTER_MELODY, Role.CHORDS, Role.ARPEGGIO})
_SHORTEST = 90  # ticks: a 16th at 480 per beat is 120
_ROLE_LABELS: dict[Role, str] = {role: role.value.replace("_", " ") for role in Role}


def allowed_pitch_classes(spec: SongSpec) -> frozenset[int]:
    """Pitch classes pitched parts may use: the key's scale plus the documented chromatic tones of the
    genre and the mood (harmony.chromatic_exceptions) and, where its leads bend into them, the mode's blue
    notes."""
    key_pc = tonic_pitch_class(spec.key)
    profile = genre_profile(spec.genre)
    exceptions = chromatic_exceptions(profile, key_pc, spec.mode, mood_profile(spec.mood))
    blue = {(key_pc + step) % 12 for step in blue_notes(spec.mode)} if profile.blue_inflection else set()
    return scale_set(key_pc, spec.mode) | frozenset(exceptions) | blue


def plan_song(spec: SongSpec) -> SongPlan:
    """Form, harmony and profiles of the song: what every part is written against."""
    profile = genre_profile(spec.genre)
    mood = mood_profile(spec.mood)
    key_pc = tonic_pitch_class(spec.key)
    bars = spec.bar_count()
    sections = plan_sections(bars, profile.section_bars, mood.energy, profile.fixed_form)
    chords = build_chords(sections, profile, mood, key_pc, spec.mode, random.Random(f"{spec.seed}:harmony"))
    return SongPlan(
        key_pc=key_pc,
        mode=spec.mode,
        tempo=spec.tempo,
        bars=bars,
        profile=profile,
        mood=mood,
        sections=sections,
        chords=chords,
        scale=tuple((key_pc + step) % 12 for step in MODES[spec.mode]),
        exceptions=chromatic_exceptions(profile, key_pc, spec.mode, mood),
        arrangement=choose_arrangement(profile, spec.seed),
    )


def compose(spec: SongSpec) -> Score:
    """Compose the song a spec asks for: one Track per requested instrument, deterministic per seed."""
    plan = plan_song(spec)
    parts = list(enumerate(spec.instruments))
    # Leads first, so that counter-melodies can answer them and a second lead can double the first.
    parts.sort(key=lambda item: 0 if item[1].resolved_role is Role.LEAD else 1)
    written: dict[int, list[NoteEvent]] = {}
    first_lead: list[NoteEvent] | None = None
    for index, part in parts:
        inst = instrument(part.instrument)
        rng = random.Random(f"{spec.seed}:{index}:{part.instrument}:{part.resolved_role}")
        if part.resolved_role is Role.LEAD and first_lead is not None:
            written[index] = _double(first_lead, inst)
            continue
        written[index] = _write(plan, part, inst, rng, first_lead)
        if part.resolved_role is Role.LEAD:
            first_lead = written[index]
    tracks = [
        _track(
            plan,
            part,
            instrument(part.instrument),
            written[index],
            random.Random(f"{spec.seed}:{index}:human"),
        )
        for index, part in enumerate(spec.instruments)
    ]
    return Score(
        tempo=spec.tempo,
        key=spec.key,
        mode=spec.mode,
        bars=plan.bars,
        genre=spec.genre,
        mood=spec.mood,
        seed=spec.seed,
        sections=plan.sections,
        chords=plan.chords,
        tracks=tuple(_unique_names(tracks)),
    )


def _write(
    plan: SongPlan, part: InstrumentPart, inst: Instrument, rng: random.Random, lead: list[NoteEvent] | None
) -> list[NoteEvent]:
    """The part as its writer has it, less what the arrangement rests."""
    return arrange(plan.arrangement, plan.sections, part.resolved_role, _written(plan, part, inst, rng, lead))


def _written(
    plan: SongPlan, part: InstrumentPart, inst: Instrument, rng: random.Random, lead: list[NoteEvent] | None
) -> list[NoteEvent]:
    role = part.resolved_role
    if role is Role.DRUMS:
        return write_drums(plan, rng)
    if role is Role.BASS:
        return write_bass(plan, inst, rng)
    if role is Role.CHORDS:
        return write_chords(plan, inst, rng)
    if role is Role.PAD:
        return write_pad(plan, inst, rng)
    if role is Role.LEAD:
        return write_lead(plan, inst, rng)
    if role is Role.ARPEGGIO:
        return write_arpeggio(plan, inst, rng)
    return write_counter(plan, inst, rng, lead)


def _double(lead: list[NoteEvent], inst: Instrument) -> list[NoteEvent]:
    """A second lead doubles the first, an octave away where its range asks for it."""
    return [e._replace(pitch=fit(e.pitch, inst.low, inst.high)) for e in lead]


def _track(
    plan: SongPlan, part: InstrumentPart, inst: Instrument, events: Sequence[NoteEvent], rng: random.Random
) -> Track:
    return Track(
        name=f"{inst.name} ({_ROLE_LABELS[part.resolved_role]})",
        instrument=inst.slug,
        program=inst.program,
        bank=inst.bank,
        role=part.resolved_role,
        notes=_humanise(plan, events, inst, part.resolved_role, rng),
    )


def _humanise(
    plan: SongPlan, events: Sequence[NoteEvent], inst: Instrument, role: Role, rng: random.Random
) -> tuple[Note, ...]:
    """The mood's articulation, seeded timing/velocity jitter, notes kept in range and in the song, no
    overlapping same pitches."""
    jitter, spread, total = plan.profile.timing_jitter, plan.profile.velocity_jitter, plan.total_ticks
    articulation = plan.mood.articulation if role in _ARTICULATED else 1.0
    shaped: list[NoteEvent] = []
    for event in sorted(events):
        offset = rng.randint(-jitter, jitter) if jitter else 0
        start = min(max(0, event.start + offset), total - 1)
        length = max(min(event.duration, _SHORTEST), round(event.duration * articulation))
        end = min(total, event.start + length + offset) if offset > 0 else event.start + length
        velocity = max(1, min(127, event.velocity + rng.randint(-spread, spread)))
        pitch = event.pitch if inst.is_drum_kit else fit(event.pitch, inst.low, inst.high)
        shaped.append(NoteEvent(start, max(1, min(end, total) - start), pitch, velocity))
    shaped.sort()
    if role in _MONOPHONIC:
        shaped = _legato_cut(shaped)
    return tuple(
        Note(start=e.start, duration=e.duration, pitch=e.pitch, velocity=e.velocity)
        for e in _untangle(shaped)
    )


def _legato_cut(events: list[NoteEvent]) -> list[NoteEvent]:
    """A single line: each note ends by the time the next one starts."""
    out: list[NoteEvent] = []
    for current, following in zip(events, [*events[1:], None], strict=True):
        if following is not None and following.start <= current.start:
            continue
        end = current.start + current.duration
        if following is not None:
            end = min(end, following.start)
        out.append(current._replace(duration=end - current.start))
    return out


def _untangle(events: list[NoteEvent]) -> list[NoteEvent]:
    """Shorten a note that would still sound when the same pitch strikes again."""
    by_pitch: dict[int, list[int]] = defaultdict(list)
    for index, event in enumerate(events):
        by_pitch[event.pitch].append(index)
    keep = [True] * len(events)
    fixed = list(events)
    for indexes in by_pitch.values():
        for a, b in itertools.pairwise(indexes):
            first, second = fixed[a], fixed[b]
            if first.start + first.duration > second.start:
                if second.start <= first.start:
                    keep[a] = False
                else:
                    fixed[a] = first._replace(duration=second.start - first.start)
    return [event for event, kept in zip(fixed, keep, strict=True) if kept]


def _unique_names(tracks: list[Track]) -> list[Track]:
    counts: dict[str, int] = defaultdict(int)
    out: list[Track] = []
    for track in tracks:
        counts[track.name] += 1
        if counts[track.name] > 1:
            track = track.model_copy(update={"name": f"{track.name} {counts[track.name]}"})
        out.append(track)
    return out


def plan_for_score(score: Score) -> SongPlan:
    """The SongPlan an existing (possibly edited) score implies: its own key, form and chords."""
    key_pc = tonic_pitch_class(score.key)
    profile = genre_profile(score.genre)
    return SongPlan(
        key_pc=key_pc,
        mode=score.mode,
        tempo=round(score.tempo),
        bars=score.bars,
        profile=profile,
        mood=mood_profile(score.mood),
        sections=score.sections,
        chords=score.chords,
        scale=tuple((key_pc + step) % 12 for step in MODES[score.mode]),
        exceptions=chromatic_exceptions(profile, key_pc, score.mode, mood_profile(score.mood)),
        arrangement=choose_arrangement(profile, score.seed),
    )


def write_part(score: Score, *, instrument_slug: str, role: Role, seed: int, name: str) -> Track:
    """A new part for `role` on an instrument, written against the score's chords and form (seeded)."""
    plan = plan_for_score(score)
    inst = instrument(instrument_slug)
    part = InstrumentPart(instrument=instrument_slug, role=role)
    lead = next((t for t in score.tracks if t.role is Role.LEAD), None)
    lead_events = (
        [NoteEvent(n.start, n.duration, n.pitch, n.velocity) for n in lead.notes]
        if lead is not None
        else None
    )
    rng = random.Random(f"{seed}:part:{instrument_slug}:{role}")
    events = _write(plan, part, inst, rng, lead_events)
    notes = _humanise(plan, events, inst, role, random.Random(f"{seed}:human"))
    return Track(
        name=name, instrument=inst.slug, program=inst.program, bank=inst.bank, role=role, notes=notes
    )
