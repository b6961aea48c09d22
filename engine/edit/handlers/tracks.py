"""Ops on the tracks themselves: add a composed part or an uploaded recording, remove a track, change its
instrument, regenerate parts.

Fold never runs the composer: `regenerate` and `add_instrument` replay the notes stored when they were
appended (`engine.edit.materialise`), given to fold by key like the uploads `add_audio_track` uses.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from engine.edit.audio_track import AudioClip, clip_track
from engine.edit.ops import AddAudioTrack, AddInstrument, ChangeInstrument, EditError, Regenerate, RemoveTrack
from engine.edit.state import SongState, TrackState, with_score
from engine.instruments import Instrument, Role, instrument
from engine.mix.mixdown import TrackMix, default_track_mix
from engine.score import Note, Track
from engine.spec import MAX_PARTS, InstrumentPart

NOT_MATERIALISED = "This edit has no stored notes: the composer's notes are stored when the edit is made."
NOTES_MISSING = "The notes stored for this edit are missing."

_ROLE_LABELS: dict[Role, str] = {role: role.value.replace("_", " ") for role in Role}


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


def add_instrument(state: SongState, op: AddInstrument) -> SongState:
    """Add the part the composer wrote for an instrument and role (stored notes)."""
    inst, role, name = added_part(state, op)
    added = state.added + 1
    notes = composed_part(state, op.notes, f"a{added}")
    track = Track(
        name=name, instrument=inst.slug, program=inst.program, bank=inst.bank, role=role, notes=notes
    )
    track_state = TrackState(id=f"a{added}", mix=default_track_mix(role))
    score = state.score.model_copy(update={"tracks": (*state.score.tracks, track)})
    return state.model_copy(update={"score": score, "tracks": (*state.tracks, track_state), "added": added})


def remove_track(state: SongState, op: RemoveTrack) -> SongState:
    """Remove a track (never the last one)."""
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


def add_audio_track(state: SongState, op: AddAudioTrack) -> SongState:
    """Add an upload as an audio track."""
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


def change_instrument(state: SongState, op: ChangeInstrument) -> SongState:
    """Play a track's notes on another instrument of the same kind."""
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
    return with_score(state, tracks=tuple(tracks))


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


def regenerate(state: SongState, op: Regenerate) -> SongState:
    """Replace tracks' notes, or one section of them, with the stored rewrite."""
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
    return with_score(state, tracks=tuple(tracks))
