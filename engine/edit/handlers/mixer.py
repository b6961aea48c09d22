"""Mixer ops: a track's fader (gain, pan, mute, solo) and effect chain, the master chain."""

from __future__ import annotations

import dataclasses
from typing import Any

from engine.edit.ops import MasterEffects, TrackEffects, TrackGain, TrackMute, TrackPan, TrackSolo
from engine.edit.state import SongState, with_track_state


def _fader(state: SongState, track_id: str, **update: Any) -> SongState:
    current = state.tracks[state.index(track_id)].mix
    return with_track_state(state, track_id, mix=dataclasses.replace(current, **update))


def track_gain(state: SongState, op: TrackGain) -> SongState:
    """Set a track's fader level."""
    return _fader(state, op.track, gain_db=op.gain_db)


def track_pan(state: SongState, op: TrackPan) -> SongState:
    """Set a track's pan."""
    return _fader(state, op.track, pan=op.pan)


def track_mute(state: SongState, op: TrackMute) -> SongState:
    """Mute or unmute a track."""
    return _fader(state, op.track, mute=op.mute)


def track_solo(state: SongState, op: TrackSolo) -> SongState:
    """Solo or unsolo a track."""
    return _fader(state, op.track, solo=op.solo)


def track_effects(state: SongState, op: TrackEffects) -> SongState:
    """Replace a track's effect chain."""
    return with_track_state(state, op.track, chain=op.chain)


def master_effects(state: SongState, op: MasterEffects) -> SongState:
    """Replace the master chain."""
    return state.model_copy(update={"master_chain": op.chain})
