"""fold(base, ops) -> SongState: the song an edit log describes, computed from the immutable base.

Fold is pure: each op's handler (`engine.edit.handlers`) returns a new state and the base is never
modified. Fold never runs the composer: ops that did store the notes they wrote, and fold replays them.
A new edit (`apply_op`) is also held to the song budget (`engine.edit.budget`); fold replays a stored
log as it was accepted.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from engine.edit.audio_track import AudioSource
from engine.edit.budget import check_budget
from engine.edit.composed import ComposedNotes
from engine.edit.handlers import mixer, pitch, timing, tracks
from engine.edit.ops import (
    AddAudioTrack,
    AddInstrument,
    ChangeInstrument,
    Cut,
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
from engine.edit.state import SongState, initial_state
from engine.mix.mixdown import TrackMix
from engine.score import Score


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
        state = replay_op(state, op)
    return state


def replay_op(state: SongState, op: EditOp) -> SongState:
    """One step of a stored log: validate the op against the state, return the new state."""
    return _HANDLERS[type(op)](state, op)


def apply_op(state: SongState, op: EditOp) -> SongState:
    """One new edit: validate the op against the state and the song budget, return the new state."""
    new_state = replay_op(state, op)
    check_budget(state, new_state, op)
    return new_state


_HANDLERS: dict[type, Callable[[SongState, Any], SongState]] = {
    SetTempo: timing.set_tempo,
    Transpose: pitch.transpose,
    SetKey: pitch.set_key,
    TrackGain: mixer.track_gain,
    TrackPan: mixer.track_pan,
    TrackMute: mixer.track_mute,
    TrackSolo: mixer.track_solo,
    TrackEffects: mixer.track_effects,
    MasterEffects: mixer.master_effects,
    LoopSection: timing.loop_section,
    Trim: timing.trim,
    Cut: timing.cut,
    AddInstrument: tracks.add_instrument,
    RemoveTrack: tracks.remove_track,
    ChangeInstrument: tracks.change_instrument,
    Regenerate: tracks.regenerate,
    AddAudioTrack: tracks.add_audio_track,
}
