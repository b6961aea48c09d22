"""fold(base, ops) -> SongState: the song an edit log describes, computed from the immutable base.

Everything here is pure: Scores are frozen pydantic models and every op returns a new state (copies share
the untouched tracks). The state holds the edited Score (tempo, key, loops and instrument edits applied
to notes, chords and sections), each track's stable id, fader and effect chain, the master chain, and
yields per-track stem recipes: everything the staged render (`engine.edit.render`) needs.

Fold never runs the composer: `regenerate` and `add_instrument` replay the notes stored when they were
appended (`engine.edit.materialise`), given to fold by key like the uploads `add_audio_track` uses.
"""

from __future__ import annotations

import bisect
import dataclasses
import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, ValidationError

from engine.compose.harmony import CHORD_QUALITIES
from engine.edit.audio_track import AudioClip, AudioSource, clip_track, rearranged, shifted
from engine.edit.composed import ComposedNotes
from engine.edit.ops import (
    AddAudioTrack,
    AddInstrument,
    ChangeInstrument,
    Cut,
    EditError,
    EditOp,
    LoopSection,
    MasterEffects,
    Regenerate,
    RemoveTrack,
    SetKey,
    SetTempo,
    TrackEffects,
    TrackGain,
    TrackMute,
    TrackPan,
    TrackSolo,
    Transpose,
    Trim,
)
from engine.instruments import Instrument, Role, instrument
from engine.mix.effects import EffectChain
from engine.mix.mixdown import TrackMix, default_track_mix
from engine.render.fluidsynth import song_samples
from engine.score import Chord, Note, Score, Section, Track
from engine.spec import LENGTH_BARS_MAX, MAX_PARTS, InstrumentPart
from engine.theory import MODES, TONICS, tonic_pitch_class

RECIPE_VERSION = 1  # bump when the way a recipe becomes audio changes
NOT_MATERIALISED = "This edit has no stored notes: the composer's notes are stored when the edit is made."
NOTES_MISSING = "The notes stored for this edit are missing."

_ROLE_LABELS: dict[Role, str] = {role: role.value.replace("_", " ") for role in Role}
_STATE = ConfigDict(frozen=True, arbitrary_types_allowed=True)


class TrackState(BaseModel):
    """A track's identity and mixer strip: stable id, fader (TrackMix) and effect chain."""

    model_config = _STATE
    id: str
    mix: TrackMix
    chain: EffectChain = EffectChain()
    audio: AudioClip | None = None  # an uploaded recording (engine.edit.audio_track), not notes


class StemRecipe(BaseModel):
    """What one dry stem is made from: the notes and program, the tempo and the stem length."""

    model_config = _STATE
    track: Track
    tempo: float
    ticks_per_beat: int
    total_samples: int
    beats_per_bar: int = 4
    audio: AudioClip | None = None

    def content_key(self, soundfont_sha256: str) -> str:
        """SHA-256 of everything that shapes the dry audio (not the track's name or role)."""
        if self.audio is not None:
            return self.audio.content_key(
                tempo=self.tempo, beats_per_bar=self.beats_per_bar, total_samples=self.total_samples
            )
        header = {
            "v": RECIPE_VERSION,
            "program": self.track.program,
            "bank": self.track.bank,
            "tempo": float(self.tempo).hex(),
            "tpb": self.ticks_per_beat,
            "samples": self.total_samples,
            "soundfont": soundfont_sha256,
        }
        notes = np.array(
            [(n.start, n.duration, n.pitch, n.velocity) for n in self.track.notes], dtype="<i8"
        ).tobytes()
        digest = hashlib.sha256(json.dumps(header, sort_keys=True).encode())
        digest.update(notes)
        return digest.hexdigest()


class SongState(BaseModel):
    """The current song: the edited score, one TrackState per score track (same order), the master chain."""

    model_config = _STATE
    score: Score
    tracks: tuple[TrackState, ...]
    master_chain: EffectChain = EffectChain()
    added: int = 0  # tracks created by add_instrument so far; the next one is "a<added+1>"
    audio_sources: Mapping[str, AudioSource] = {}  # uploads add_audio_track may use, by upload id
    composed: Mapping[str, ComposedNotes] = {}  # notes regenerate/add_instrument replay, by key

    @property
    def track_ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.tracks)

    def index(self, track_id: str, field: str = "track") -> int:
        for position, state in enumerate(self.tracks):
            if state.id == track_id:
                return position
        raise EditError(f"There is no track '{track_id}' in this song.", field)

    def track(self, track_id: str) -> Track:
        return self.score.tracks[self.index(track_id)]

    def mixes(self) -> list[TrackMix]:
        return [t.mix for t in self.tracks]

    def stem_recipes(self) -> dict[str, StemRecipe]:
        """Per track id, the recipe of its dry stem; all stems share `song_samples(score)`."""
        total = song_samples(self.score)
        return {
            state.id: StemRecipe(
                track=track,
                tempo=self.score.tempo,
                ticks_per_beat=self.score.ticks_per_beat,
                total_samples=total,
                beats_per_bar=self.score.beats_per_bar,
                audio=state.audio,
            )
            for state, track in zip(self.tracks, self.score.tracks, strict=True)
        }


def initial_state(
    base: Score,
    *,
    mixes: Sequence[TrackMix] | None = None,
    audio_sources: Mapping[str, AudioSource] | None = None,
    composed: Mapping[str, ComposedNotes] | None = None,
) -> SongState:
    """The unedited song: ids t1..tN, the given faders (default: by role), no effects."""
    if mixes is not None and len(mixes) != len(base.tracks):
        raise ValueError(f"{len(base.tracks)} tracks but {len(mixes)} mix settings.")
    faders = list(mixes) if mixes is not None else [default_track_mix(t.role) for t in base.tracks]
    return SongState(
        score=base,
        tracks=tuple(TrackState(id=f"t{i + 1}", mix=mix) for i, mix in enumerate(faders)),
        audio_sources=dict(audio_sources or {}),
        composed=dict(composed or {}),
    )


def fold(
    base: Score,
    ops: Sequence[EditOp],
    *,
    mixes: Sequence[TrackMix] | None = None,
    audio_sources: Mapping[str, AudioSource] | None = None,
    composed: Mapping[str, ComposedNotes] | None = None,
) -> SongState:
    """Apply `ops` in order to the base score (never modified); raise EditError naming a bad op's field."""
    state = initial_state(base, mixes=mixes, audio_sources=audio_sources, composed=composed)
    for op in ops:
        state = apply_op(state, op)
    return state


def apply_op(state: SongState, op: EditOp) -> SongState:
    """One edit step: validate the op against the state, return the new state."""
    handler = _HANDLERS[type(op)]
    return handler(state, op)


# --- mixer ----------------------------------------------------------------------------------------


def _with_track_state(state: SongState, track_id: str, **update: Any) -> SongState:
    position = state.index(track_id)
    tracks = list(state.tracks)
    tracks[position] = tracks[position].model_copy(update=update)
    return state.model_copy(update={"tracks": tuple(tracks)})


def _fader(state: SongState, track_id: str, **update: Any) -> SongState:
    current = state.tracks[state.index(track_id)].mix
    return _with_track_state(state, track_id, mix=dataclasses.replace(current, **update))


def _track_gain(state: SongState, op: TrackGain) -> SongState:
    return _fader(state, op.track, gain_db=op.gain_db)


def _track_pan(state: SongState, op: TrackPan) -> SongState:
    return _fader(state, op.track, pan=op.pan)


def _track_mute(state: SongState, op: TrackMute) -> SongState:
    return _fader(state, op.track, mute=op.mute)


def _track_solo(state: SongState, op: TrackSolo) -> SongState:
    return _fader(state, op.track, solo=op.solo)


def _track_effects(state: SongState, op: TrackEffects) -> SongState:
    return _with_track_state(state, op.track, chain=op.chain)


def _master_effects(state: SongState, op: MasterEffects) -> SongState:
    return state.model_copy(update={"master_chain": op.chain})


# --- tempo and pitch ------------------------------------------------------------------------------


def _with_score(state: SongState, **update: Any) -> SongState:
    return state.model_copy(update={"score": state.score.model_copy(update=update)})


def _set_tempo(state: SongState, op: SetTempo) -> SongState:
    # Notes live in ticks: a new tempo re-times every track symbolically.
    return _with_score(state, tempo=float(op.tempo))


def _in_midi_range(pitch: int) -> int:
    while pitch > 127:
        pitch -= 12
    while pitch < 0:
        pitch += 12
    return pitch


def _map_pitches(state: SongState, pitch_map: Callable[[int], int]) -> tuple[Track, ...]:
    return tuple(
        track
        if track.is_drums
        else track.model_copy(
            update={
                "notes": tuple(
                    note.model_copy(update={"pitch": _in_midi_range(pitch_map(note.pitch))})
                    for note in track.notes
                )
            }
        )
        for track in state.score.tracks
    )


def _shift_audio(state: SongState, semitones: int) -> SongState:
    if semitones == 0 or not any(t.audio for t in state.tracks):
        return state
    tracks = tuple(
        t.model_copy(update={"audio": shifted(t.audio, semitones)}) if t.audio else t for t in state.tracks
    )
    return state.model_copy(update={"tracks": tracks})


def _chord_suffix(chord: Chord) -> str:
    name = TONICS[chord.root]
    return chord.symbol[len(name) :] if chord.symbol.startswith(name) else ""


def _transpose(state: SongState, op: Transpose) -> SongState:
    shift = op.semitones
    if shift == 0:
        return state
    chords = tuple(
        chord.model_copy(
            update={
                "root": (chord.root + shift) % 12,
                "pitch_classes": tuple((pc + shift) % 12 for pc in chord.pitch_classes),
                "symbol": TONICS[(chord.root + shift) % 12] + _chord_suffix(chord),
            }
        )
        for chord in state.score.chords
    )
    key = TONICS[(tonic_pitch_class(state.score.key) + shift) % 12]
    tracks = _map_pitches(state, lambda pitch: pitch + shift)
    return _with_score(_shift_audio(state, shift), key=key, chords=chords, tracks=tracks)


def degree_map(old_key: str, old_mode: str, new_key: str, new_mode: str) -> Callable[[int], int]:
    """Pitch -> pitch keeping each note's scale degree (and chromatic offset) in the new key and mode.

    The tonic moves by the smallest interval (-6..+5 semitones), so parts stay in their register.
    """
    old_pc, new_pc = tonic_pitch_class(old_key), tonic_pitch_class(new_key)
    old_steps, new_steps = MODES[old_mode], MODES[new_mode]
    delta = (new_pc - old_pc + 6) % 12 - 6
    moves: list[int] = []
    for rel in range(12):
        degree = max(i for i, step in enumerate(old_steps) if step <= rel)
        moves.append(delta + new_steps[degree] + rel - old_steps[degree] - rel)

    def mapped(pitch: int) -> int:
        return pitch + moves[(pitch - old_pc) % 12]

    return mapped


def _set_key(state: SongState, op: SetKey) -> SongState:
    score = state.score
    if (op.key, op.mode) == (score.key, score.mode):
        return state
    pitch_map = degree_map(score.key, score.mode, op.key, op.mode)
    chords: list[Chord] = []
    for chord in score.chords:
        root = pitch_map(chord.root + 12) % 12
        pcs = tuple(pitch_map(pc + 12) % 12 for pc in chord.pitch_classes)
        shape = tuple((pc - root) % 12 for pc in pcs)
        quality, suffix = CHORD_QUALITIES.get(shape, (chord.quality, _chord_suffix(chord)))
        chords.append(
            chord.model_copy(
                update={
                    "root": root,
                    "pitch_classes": pcs,
                    "quality": quality,
                    "symbol": TONICS[root] + suffix,
                }
            )
        )
    tracks = _map_pitches(state, pitch_map)
    # Audio can only move as a whole: by the tonic's move (a mode change alone leaves it as it is).
    shift = (tonic_pitch_class(op.key) - tonic_pitch_class(score.key) + 6) % 12 - 6
    return _with_score(
        _shift_audio(state, shift), key=op.key, mode=op.mode, chords=tuple(chords), tracks=tracks
    )


# --- form: loop, trim, cut ------------------------------------------------------------------------


def _check_range(state: SongState, start_bar: int, end_bar: int) -> None:
    bars = state.score.bars
    if start_bar >= bars:
        raise EditError(f"start_bar must be below the song's {bars} bars (bars count from 0).", "start_bar")
    if end_bar > bars:
        raise EditError(f"end_bar must be at most {bars}, the song's length in bars.", "end_bar")


def _rearrange(state: SongState, segments: list[tuple[int, int]]) -> SongState:
    """Rebuild the song from source bar ranges laid end to end (a loop repeats one, a cut skips one).

    A note keeps its full length when the next segment continues the source where this one stops;
    otherwise it is cut at the segment's end so it never rings across a splice.
    """
    score = state.score
    per_bar = score.ticks_per_bar
    total = sum(end - start for start, end in segments) * per_bar
    placed: list[tuple[int, int, int, bool]] = []  # source start/end ticks, output start tick, continues
    out_bar = 0
    for position, (start, end) in enumerate(segments):
        continues = position + 1 < len(segments) and segments[position + 1][0] == end
        placed.append((start * per_bar, end * per_bar, out_bar * per_bar, continues))
        out_bar += end - start

    tracks = []
    for track in score.tracks:
        notes = sorted(track.notes, key=lambda n: n.start)
        starts = [n.start for n in notes]
        out: list[Note] = []
        for src_start, src_end, at, continues in placed:
            for note in notes[bisect.bisect_left(starts, src_start) : bisect.bisect_left(starts, src_end)]:
                end = note.end if continues else min(note.end, src_end)
                new_start = at + note.start - src_start
                new_end = min(at + end - src_start, total)
                out.append(
                    note.model_copy(update={"start": new_start, "duration": max(1, new_end - new_start)})
                )
        tracks.append(track.model_copy(update={"notes": tuple(out)}))

    chords: list[Chord] = []
    for src_start, src_end, at, _ in placed:
        for chord in score.chords:
            low, high = max(chord.start, src_start), min(chord.start + chord.duration, src_end)
            if low < high:
                chords.append(
                    chord.model_copy(update={"start": at + low - src_start, "duration": high - low})
                )

    sections: list[Section] = []
    origin: list[tuple[int, int]] = []  # per output section: source section index, source end bar
    out_bar = 0
    for start, end in segments:
        for index, section in enumerate(score.sections):
            low, high = max(section.start_bar, start), min(section.start_bar + section.bars, end)
            if low >= high:
                continue
            # A piece continuing its source section merges; a repeat from the section's top starts anew.
            if origin and origin[-1] == (index, low) and low != section.start_bar:
                last = sections[-1]
                sections[-1] = last.model_copy(update={"bars": last.bars + high - low})
            else:
                sections.append(
                    section.model_copy(update={"start_bar": out_bar + low - start, "bars": high - low})
                )
            origin.append((index, high))
        out_bar += end - start
    clips = tuple(
        t.model_copy(update={"audio": rearranged(t.audio, segments, score.bars)}) if t.audio else t
        for t in state.tracks
    )
    return _with_score(
        state.model_copy(update={"tracks": clips}),
        bars=total // per_bar,
        tracks=tuple(tracks),
        chords=tuple(chords),
        sections=tuple(sections),
    )


def _loop_section(state: SongState, op: LoopSection) -> SongState:
    _check_range(state, op.start_bar, op.end_bar)
    bars = state.score.bars + (op.end_bar - op.start_bar) * op.times
    if bars > LENGTH_BARS_MAX:
        raise EditError(
            f"The loop would make the song {bars} bars long; the limit is {LENGTH_BARS_MAX}.", "times"
        )
    region = (op.start_bar, op.end_bar)
    segments = [(0, op.start_bar), *[region] * (op.times + 1), (op.end_bar, state.score.bars)]
    return _rearrange(state, [(s, e) for s, e in segments if e > s])


def _trim(state: SongState, op: Trim) -> SongState:
    _check_range(state, op.start_bar, op.end_bar)
    return _rearrange(state, [(op.start_bar, op.end_bar)])


def _cut(state: SongState, op: Cut) -> SongState:
    _check_range(state, op.start_bar, op.end_bar)
    if op.start_bar == 0 and op.end_bar == state.score.bars:
        raise EditError("Cutting every bar would leave nothing of the song.", "end_bar")
    segments = [(0, op.start_bar), (op.end_bar, state.score.bars)]
    return _rearrange(state, [(s, e) for s, e in segments if e > s])


# --- instruments ----------------------------------------------------------------------------------


def _unique_name(state: SongState, name: str, skip: int | None = None) -> str:
    taken = {t.name for i, t in enumerate(state.score.tracks) if i != skip}
    candidate, count = name, 1
    while candidate in taken:
        count += 1
        candidate = f"{name} {count}"
    return candidate


def _lookup(slug: str) -> Any:
    try:
        return instrument(slug)
    except ValueError as error:
        raise EditError(str(error), "instrument") from None


def composed_part(state: SongState, key: str | None, track_id: str) -> tuple[Note, ...]:
    """The notes stored for `track_id` under `key` when the op was appended: fold never composes."""
    if key is None:
        raise EditError(NOT_MATERIALISED, "notes")
    stored = state.composed.get(key)
    if stored is None or track_id not in stored.parts:
        raise EditError(NOTES_MISSING, "notes")
    return stored.parts[track_id]


def added_part(state: SongState, op: AddInstrument) -> tuple[Instrument, Role, str]:
    """Check add_instrument against the state: the instrument, the part's role and the new track's name."""
    inst = _lookup(op.instrument)
    try:
        part = InstrumentPart(instrument=op.instrument, role=op.role)
    except ValidationError as error:
        message = str(error.errors()[0]["msg"]).removeprefix("Value error, ")
        raise EditError(message, "role") from None
    if len(state.tracks) >= MAX_PARTS:
        raise EditError(f"A song can have at most {MAX_PARTS} tracks.", "instrument")
    role = part.resolved_role
    if role is Role.DRUMS and any(t.is_drums for t in state.score.tracks):
        raise EditError(
            "A song can have at most one drum kit: change the kit's instrument instead.", "instrument"
        )
    return inst, role, _unique_name(state, f"{inst.name} ({_ROLE_LABELS[role]})")


def _add_instrument(state: SongState, op: AddInstrument) -> SongState:
    inst, role, name = added_part(state, op)
    added = state.added + 1
    notes = composed_part(state, op.notes, f"a{added}")
    track = Track(
        name=name, instrument=inst.slug, program=inst.program, bank=inst.bank, role=role, notes=notes
    )
    track_state = TrackState(id=f"a{added}", mix=default_track_mix(role))
    score = state.score.model_copy(update={"tracks": (*state.score.tracks, track)})
    return state.model_copy(update={"score": score, "tracks": (*state.tracks, track_state), "added": added})


def _remove_track(state: SongState, op: RemoveTrack) -> SongState:
    position = state.index(op.track)
    if len(state.tracks) == 1:
        raise EditError("A song needs at least one track: this is the last one.", "track")
    tracks = state.score.tracks[:position] + state.score.tracks[position + 1 :]
    score = state.score.model_copy(update={"tracks": tracks})
    return state.model_copy(
        update={"score": score, "tracks": state.tracks[:position] + state.tracks[position + 1 :]}
    )


def _refuse_audio(state: SongState, position: int, why: str) -> None:
    if state.tracks[position].audio is not None:
        raise EditError(f"'{state.score.tracks[position].name}' is an audio track: {why}", "track")


def _add_audio_track(state: SongState, op: AddAudioTrack) -> SongState:
    source = state.audio_sources.get(op.upload)
    if source is None:
        raise EditError("There is no such upload among yours.", "upload")
    if len(state.tracks) >= MAX_PARTS:
        raise EditError(f"A song can have at most {MAX_PARTS} tracks.", "upload")
    name = _unique_name(state, op.name.strip() or source.name)
    clip = AudioClip(
        source=source, offset_beats=op.offset_beats, source_tempo=op.source_tempo or state.score.tempo
    )
    added = state.added + 1
    track_state = TrackState(id=f"a{added}", mix=TrackMix(), audio=clip)
    score = state.score.model_copy(update={"tracks": (*state.score.tracks, clip_track(name))})
    return state.model_copy(update={"score": score, "tracks": (*state.tracks, track_state), "added": added})


def _change_instrument(state: SongState, op: ChangeInstrument) -> SongState:
    position = state.index(op.track)
    _refuse_audio(state, position, "it has no notes to play on another instrument.")
    track = state.score.tracks[position]
    inst = _lookup(op.instrument)
    if inst.is_drum_kit != track.is_drums:
        message = (
            "A drum kit only replaces a drum kit."
            if track.is_drums
            else f"'{inst.slug}' is a drum kit: it cannot play a melodic part."
        )
        raise EditError(message, "instrument")
    name = _unique_name(state, f"{inst.name} ({_ROLE_LABELS[track.role]})", skip=position)
    changed = track.model_copy(
        update={"instrument": inst.slug, "program": inst.program, "bank": inst.bank, "name": name}
    )
    tracks = list(state.score.tracks)
    tracks[position] = changed
    return _with_score(state, tracks=tuple(tracks))


def regenerated(state: SongState, op: Regenerate) -> tuple[list[int], tuple[int, int] | None]:
    """Check regenerate against the state: the positions of the tracks it rewrites, and the tick window
    it rewrites them in (None: the whole song)."""
    score = state.score
    if op.track is not None:
        targets = [state.index(op.track)]
        _refuse_audio(state, targets[0], "the composer cannot rewrite a recording.")
    else:
        targets = [i for i, t in enumerate(state.tracks) if t.audio is None]
    window: tuple[int, int] | None = None
    if op.section_index is not None:
        if op.section_index >= len(score.sections):
            raise EditError(
                f"section_index must be below {len(score.sections)}, the song's number of sections.",
                "section_index",
            )
        section = score.sections[op.section_index]
        window = (
            section.start_bar * score.ticks_per_bar,
            (section.start_bar + section.bars) * score.ticks_per_bar,
        )
    return targets, window


def _regenerate(state: SongState, op: Regenerate) -> SongState:
    targets, window = regenerated(state, op)
    tracks = list(state.score.tracks)
    for position in targets:
        old = tracks[position]
        # Stored already cut to the window: only the composer's notes that start inside it.
        notes = composed_part(state, op.notes, state.tracks[position].id)
        if window is not None:
            low, high = window
            kept = [n for n in old.notes if not low <= n.start < high]
            # Old notes ringing into the section stop where it starts; new ones stop where it ends.
            kept = [
                n.model_copy(update={"duration": low - n.start}) if n.start < low < n.end else n for n in kept
            ]
            notes = tuple(sorted([*kept, *notes], key=lambda n: (n.start, n.pitch)))
        tracks[position] = old.model_copy(update={"notes": notes})
    return _with_score(state, tracks=tuple(tracks))


_HANDLERS: dict[type, Callable[[SongState, Any], SongState]] = {
    SetTempo: _set_tempo,
    Transpose: _transpose,
    SetKey: _set_key,
    TrackGain: _track_gain,
    TrackPan: _track_pan,
    TrackMute: _track_mute,
    TrackSolo: _track_solo,
    TrackEffects: _track_effects,
    MasterEffects: _master_effects,
    LoopSection: _loop_section,
    Trim: _trim,
    Cut: _cut,
    AddInstrument: _add_instrument,
    RemoveTrack: _remove_track,
    ChangeInstrument: _change_instrument,
    Regenerate: _regenerate,
    AddAudioTrack: _add_audio_track,
}
