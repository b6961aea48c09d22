"""The song budget (`engine.limits`) held after every edit: the state an op makes is measured before the op
is accepted.

An edit may not take a song past a limit, nor further past one: a song stored before a limit existed
can still be mixed, shortened or undone, never grown. Audio tracks count too: an uploaded recording,
placed at its offset and stretched to the song's tempo, must end within the duration budget.
"""

from __future__ import annotations

from collections.abc import Iterator

from engine.edit.audio_track import SAMPLE_RATE, AudioClip
from engine.edit.ops import EditError, EditOp
from engine.edit.state import SongState
from engine.limits import Excess, bars_excess, duration_excess, notes_excess, recording_excess

# The op parameter a refusal names, when there is one that drives the growth.
_FIELD_OF: dict[str, str] = {
    "set_tempo": "tempo",
    "loop_section": "times",
    "add_instrument": "instrument",
    "regenerate": "seed",
    "add_audio_track": "upload",
}


class BudgetError(EditError):
    """An edit whose state would be over a limit of the song budget."""

    def __init__(self, excess: Excess, field: str = "") -> None:
        super().__init__(excess.message, field)
        self.excess = excess


def clip_seconds(clip: AudioClip, tempo: float) -> float:
    """Where an audio track's recording ends in the song: its offset plus its length stretched to `tempo`."""
    seconds_per_beat = 60.0 / tempo
    played = clip.source.samples / SAMPLE_RATE * clip.source_tempo / tempo
    return clip.offset_beats * seconds_per_beat + played


def _measures(state: SongState) -> Iterator[tuple[str, float, Excess | None]]:
    """(what, value, excess) for each budgeted measure of the state."""
    said = "This edit would"
    score = state.score
    yield "duration", score.duration_seconds, duration_excess(score.duration_seconds, f"{said} make the song")
    yield "bars", score.bars, bars_excess(score.bars, f"{said} make the song")
    for track_state, track in zip(state.tracks, score.tracks, strict=True):
        notes = len(track.notes)
        yield f"notes:{track_state.id}", notes, notes_excess(notes, f"{said} give '{track.name}'")
        if track_state.audio is not None:
            seconds = clip_seconds(track_state.audio, score.tempo)
            subject = f"{said} make the recording '{track.name}' play until"
            yield f"recording:{track_state.id}", seconds, recording_excess(seconds, subject)


def check_budget(before: SongState, after: SongState, op: EditOp) -> None:
    """Raise BudgetError when `op` took the song (`before` -> `after`) past a limit, or further past it."""
    previous = {what: value for what, value, _ in _measures(before)}
    for what, value, excess in _measures(after):
        if excess is not None and value > previous.get(what, 0.0):
            raise BudgetError(excess, _FIELD_OF.get(op.type, ""))
