"""MIDI export of the edited score."""

from __future__ import annotations

from pathlib import Path

from engine.edit.state import SongState
from engine.files import atomic_write
from engine.midi.export import score_to_midi


def export_midi(state: SongState, path: Path) -> Path:
    """The edited song as a type-1 Standard MIDI File: one track per instrument track, muted ones included.

    Audio tracks (uploaded recordings) have no notes to write, so they are left out rather than written
    as empty tracks.
    """
    score = state.score
    notes_only = tuple(
        track for track, kept in zip(score.tracks, state.tracks, strict=True) if kept.audio is None
    )
    with atomic_write(path) as out:
        out.write(score_to_midi(score.model_copy(update={"tracks": notes_only})))
    return path
