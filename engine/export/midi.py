"""MIDI export of the edited score."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from engine.edit.state import SongState
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
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(score_to_midi(score.model_copy(update={"tracks": notes_only})))
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
    return path
