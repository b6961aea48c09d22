"""A song arranged around a given melody (hum-to-song): chords chosen to fit it, the other parts written
by the composer against those chords, the melody itself as the lead track.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field

from engine.compose.composer import write_part
from engine.compose.form import plan_sections
from engine.compose.genres import MINOR_FAMILY, GenreProfile, genre_profile
from engine.compose.harmony import (
    chromatic_exceptions,
    learned_transitions,
    make_chord,
    realise_token,
    scale_set,
)
from engine.compose.moods import mood_profile
from engine.compose.plan import STEPS_PER_BAR
from engine.compose.voicing import fit
from engine.instruments import Instrument, Role, instrument
from engine.score import TICKS_PER_BEAT, Chord, Note, Score, Track
from engine.spec import MAX_PARTS, SongSpec
from engine.theory import tonic_pitch_class

NEEDS_LEAD = "Choose a lead instrument to play the melody."
_TICKS_PER_BAR = 4 * TICKS_PER_BEAT
_DEGREES = tuple(str(d) for d in range(1, 8))
_FALLBACK_CORPUS = "folk"
# How a melody tone fits a chord: a chord tone (its root a little more), a scale tone, a chromatic one.
_FIT_ROOT, _FIT_CHORD_TONE, _FIT_SCALE_TONE, _FIT_CHROMATIC = 1.2, 1.0, -0.35, -0.8
_STRONG_BEAT = 1.6  # notes struck on beats 1 and 3 weigh this much more
_TRANSITION_WEIGHT = 0.6  # learned chord-to-chord log-probabilities against melody fit (per bar)
_FIT_SCALE = 8.0  # a bar of chord tones outweighs an unlikely chord change
_HOME_BONUS = 1.5  # the first and last bars lean to the tonic chord
_OCTAVE_FIT_SHARE = 0.85  # an octave move must fit this much more of the melody to be worth it
_HOLD_PENALTY = 0.4  # the same chord again costs a little, to keep the harmony moving


class MelodyNote(BaseModel):
    """A note of the given melody on the 16th grid: step 0 is the first 16th of the song."""

    model_config = ConfigDict(frozen=True)

    step: int = Field(ge=0)
    steps: int = Field(gt=0)
    pitch: int = Field(ge=0, le=127)
    velocity: int = Field(default=90, ge=1, le=127)


@dataclass(frozen=True)
class _Bar:
    """Melody weight per pitch class in one bar."""

    weights: Mapping[int, float]


def melody_bars(melody: Sequence[MelodyNote]) -> int:
    """Bars the melody spans (at least one)."""
    last = max((n.step + n.steps for n in melody), default=1)
    return max(1, math.ceil(last / STEPS_PER_BAR))


def compose_around_melody(spec: SongSpec, melody: Sequence[MelodyNote]) -> Score:
    """A Score in the spec's genre, key and tempo whose lead plays `melody`, repeated while the spec's
    length allows a whole repeat; the spec's other parts are written by the composer over chords chosen
    to fit the melody. Deterministic per spec and melody."""
    parts = list(spec.instruments)
    lead_index = next((i for i, p in enumerate(parts) if p.resolved_role is Role.LEAD), None)
    if lead_index is None:
        raise ValueError(NEEDS_LEAD)
    if not melody:
        raise ValueError("The melody has no notes.")
    spanned = melody_bars(melody)
    phrase = spanned if spanned == 1 else 2 * math.ceil(spanned / 2)  # phrases come in pairs of bars
    bars = max(spec.bar_count(), phrase)
    melody = repeated(melody, phrase, bars)
    profile = genre_profile(spec.genre)
    mood = mood_profile(spec.mood)
    sections = plan_sections(bars, profile.section_bars, mood.energy, profile.fixed_form)
    chords = fit_chords(melody, bars, profile, tonic_pitch_class(spec.key), spec.mode)
    lead_inst = instrument(parts[lead_index].instrument)
    lead = _lead_track(melody, lead_inst, profile, bars)
    skeleton = Score(
        tempo=spec.tempo,
        key=spec.key,
        mode=spec.mode,
        bars=bars,
        genre=spec.genre,
        mood=spec.mood,
        seed=spec.seed,
        sections=sections,
        chords=chords,
        tracks=(lead,),
    )
    tracks: list[Track] = []
    for index, part in enumerate(parts):
        inst = instrument(part.instrument)
        name = f"{inst.name} ({part.resolved_role.value.replace('_', ' ')})"
        if index == lead_index:
            tracks.append(lead)
        elif part.resolved_role is Role.LEAD:  # a second lead doubles the melody, in its own range
            doubled = tuple(
                n.model_copy(update={"pitch": fit(n.pitch, inst.low, inst.high)}) for n in lead.notes
            )
            tracks.append(
                lead.model_copy(
                    update={
                        "name": name,
                        "instrument": inst.slug,
                        "program": inst.program,
                        "bank": inst.bank,
                        "notes": doubled,
                    }
                )
            )
        else:
            tracks.append(
                write_part(
                    skeleton,
                    instrument_slug=inst.slug,
                    role=part.resolved_role,
                    seed=spec.seed * MAX_PARTS + index,
                    name=name,
                )
            )
    return skeleton.model_copy(update={"tracks": tuple(_unique_names(tracks))})


def repeated(melody: Sequence[MelodyNote], phrase_bars: int, bars: int) -> list[MelodyNote]:
    """The melody played again every `phrase_bars` bars, as many whole times as fit in `bars`."""
    times = max(1, bars // phrase_bars)
    span = phrase_bars * STEPS_PER_BAR
    return [n.model_copy(update={"step": n.step + i * span}) for i in range(times) for n in melody]


def _lead_track(melody: Sequence[MelodyNote], inst: Instrument, profile: GenreProfile, bars: int) -> Track:
    """The melody as played: its pitches kept (the whole line moved by octaves if the instrument cannot
    reach it, so its contour survives), its 16ths placed on the genre's swing grid."""
    offsets = profile.step_offsets()
    total = bars * _TICKS_PER_BAR
    octave = melody_octave_shift(melody, inst)

    def tick(step: int) -> int:
        beat, sub = divmod(step, 4)
        return beat * TICKS_PER_BEAT + offsets[sub]

    notes: list[Note] = []
    for note in sorted(melody, key=lambda n: n.step):
        start = tick(note.step)
        end = min(total, tick(note.step + note.steps))
        if start >= total or end <= start:
            continue
        pitch = note.pitch + octave
        pitch = pitch if inst.low <= pitch <= inst.high else fit(pitch, inst.low, inst.high)
        notes.append(Note(start=start, duration=end - start, pitch=pitch, velocity=note.velocity))
    return Track(
        name=f"{inst.name} (lead)",
        instrument=inst.slug,
        program=inst.program,
        bank=inst.bank,
        role=Role.LEAD,
        notes=tuple(notes),
    )


def melody_octave_shift(melody: Sequence[MelodyNote], inst: Instrument) -> int:
    """Semitones (a multiple of 12) that put the melody inside the instrument's range: the smallest move
    that fits nearly as much of it (by duration) as the best one, so one stray low note does not move
    the whole tune; 0 when it already fits."""

    def inside(shift: int) -> int:
        return sum(n.steps for n in melody if inst.low <= n.pitch + shift <= inst.high)

    shifts = sorted(range(-36, 37, 12), key=abs)
    best = max(inside(k) for k in shifts)
    return next(k for k in shifts if inside(k) >= _OCTAVE_FIT_SHARE * best)


def _bar_weights(melody: Sequence[MelodyNote], bars: int) -> list[_Bar]:
    weights: list[dict[int, float]] = [defaultdict(float) for _ in range(bars)]
    for note in melody:
        for step in range(note.step, note.step + note.steps):
            bar, position = divmod(step, STEPS_PER_BAR)
            if bar >= bars:
                break
            struck = step == note.step and position % 8 == 0
            weights[bar][note.pitch % 12] += _STRONG_BEAT if struck else 1.0
    return [_Bar(weights=w) for w in weights]


def _fit(bar: _Bar, root: int, pitch_classes: frozenset[int], scale: frozenset[int]) -> float:
    total = 0.0
    for pc, weight in bar.weights.items():
        if pc == root:
            total += _FIT_ROOT * weight
        elif pc in pitch_classes:
            total += _FIT_CHORD_TONE * weight
        elif pc in scale:
            total += _FIT_SCALE_TONE * weight
        else:
            total += _FIT_CHROMATIC * weight
    return total / _FIT_SCALE


def _transition_table(profile: GenreProfile, mode: str) -> dict[str, dict[str, float]]:
    """log P(next degree | degree), learned bar-to-bar counts with add-one smoothing."""
    family = "minor" if mode in MINOR_FAMILY else "major"
    corpora = learned_transitions()
    table = corpora.get(profile.learned_corpus) or corpora.get(_FALLBACK_CORPUS, {})
    counts = table.get(family, {})
    out: dict[str, dict[str, float]] = {}
    for degree in _DEGREES:
        row = counts.get(degree, {})
        total = sum(row.get(d, 0) + 1 for d in _DEGREES)
        out[degree] = {d: math.log((row.get(d, 0) + 1) / total) for d in _DEGREES}
    return out


def fit_chords(
    melody: Sequence[MelodyNote], bars: int, profile: GenreProfile, key_pc: int, mode: str
) -> tuple[Chord, ...]:
    """One chord per bar: the Viterbi path through the key's degrees that best fits the melody's tones
    (chord tones on strong beats count most) and moves as the learned progressions do, home at the end."""
    scale = scale_set(key_pc, mode)
    allowed = scale | frozenset(chromatic_exceptions(profile, key_pc, mode))
    colour = ":7" if profile.sevenths else ""
    realised = {d: realise_token(d + colour, key_pc, mode, allowed) for d in _DEGREES}
    members = {d: frozenset((root + i) % 12 for i in shape) for d, (root, shape) in realised.items()}
    transitions = _transition_table(profile, mode)
    weights = _bar_weights(melody, bars)

    def emission(bar: int, degree: str) -> float:
        score = _fit(weights[bar], realised[degree][0], members[degree], scale)
        if degree == "1" and bar in (0, bars - 1):
            score += _HOME_BONUS
        return score

    best: list[dict[str, float]] = [{d: emission(0, d) for d in _DEGREES}]
    back: list[dict[str, str]] = [{}]
    for bar in range(1, bars):
        scores: dict[str, float] = {}
        pointers: dict[str, str] = {}
        for degree in _DEGREES:
            options = {
                prev: best[-1][prev]
                + _TRANSITION_WEIGHT * transitions[prev][degree]
                - (_HOLD_PENALTY if prev == degree else 0.0)
                for prev in _DEGREES
            }
            prev = max(options, key=lambda d: (options[d], d == "1"))
            scores[degree], pointers[degree] = options[prev] + emission(bar, degree), prev
        best.append(scores)
        back.append(pointers)
    path = [max(best[-1], key=lambda d: best[-1][d])]
    for bar in range(bars - 1, 0, -1):
        path.append(back[bar][path[-1]])
    path.reverse()
    return tuple(
        make_chord(bar * _TICKS_PER_BAR, _TICKS_PER_BAR, *realised[degree]) for bar, degree in enumerate(path)
    )


def _unique_names(tracks: list[Track]) -> list[Track]:
    counts: dict[str, int] = defaultdict(int)
    out: list[Track] = []
    for track in tracks:
        counts[track.name] += 1
        if counts[track.name] > 1:
            track = track.model_copy(update={"name": f"{track.name} {counts[track.name]}"})
        out.append(track)
    return out
