"""Materialise ops that run the composer: compose once, when the op is appended, and store the notes.

`regenerate` and `add_instrument` ask the composer for notes. Running it on every fold would let a new
model or genre table change songs already saved, so the composer runs here, once, on the state before
the op; the op comes back naming the ComposedNotes it wrote (`notes`), and fold replays those.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from engine.compose import write_part
from engine.edit.audio_track import AudioSource
from engine.edit.composed import MAX_PART_NOTES, TOO_MANY_NOTES, ComposedNotes
from engine.edit.fold import apply_op
from engine.edit.handlers.tracks import added_part, regenerated
from engine.edit.ops import AddInstrument, EditError, EditOp, Regenerate
from engine.edit.state import SongState, initial_state
from engine.mix.mixdown import TrackMix
from engine.score import Note, Score
from engine.spec import MAX_PARTS


def materialise(state: SongState, op: EditOp) -> tuple[EditOp, ComposedNotes | None]:
    """Run the composer for an op that needs it, on the state before the op: the op naming the notes it
    wrote, and those notes. Other ops come back unchanged, with None. Any `notes` the op held is ignored
    (the composer always runs), so a client can never point an op at notes it did not make."""
    if isinstance(op, AddInstrument):
        inst, role, name = added_part(state, op)
        track = write_part(state.score, instrument_slug=inst.slug, role=role, seed=op.seed, name=name)
        composed = _composed({f"a{state.added + 1}": track.notes})
    elif isinstance(op, Regenerate):
        targets, window = regenerated(state, op)
        parts: dict[str, tuple[Note, ...]] = {}
        for position in targets:
            old = state.score.tracks[position]
            fresh = write_part(
                state.score,
                instrument_slug=old.instrument,
                role=old.role,
                seed=op.seed * MAX_PARTS + position,
                name=old.name,
            )
            parts[state.tracks[position].id] = _within(fresh.notes, window)
        composed = _composed(parts)
    else:
        return op, None
    return op.model_copy(update={"notes": composed.key}), composed


def with_composed(state: SongState, composed: ComposedNotes | None) -> SongState:
    """The state with `composed` among the notes fold may replay."""
    if composed is None:
        return state
    return state.model_copy(update={"composed": {**state.composed, composed.key: composed}})


def materialise_ops(
    base: Score,
    ops: Sequence[EditOp],
    *,
    mixes: Sequence[TrackMix] | None = None,
    audio_sources: Mapping[str, AudioSource] | None = None,
    composed: Mapping[str, ComposedNotes] | None = None,
) -> tuple[list[EditOp], dict[str, ComposedNotes]]:
    """A whole log materialised in order (for scripts and tests): the ops and every note set they name.

    Ops that already name their notes (found in `composed`) are replayed as they are."""
    state = initial_state(base, mixes=mixes, audio_sources=audio_sources, composed=composed)
    out: list[EditOp] = []
    for op in ops:
        if isinstance(op, AddInstrument | Regenerate) and op.notes is None:
            op, notes = materialise(state, op)
            state = with_composed(state, notes)
        state = apply_op(state, op)
        out.append(op)
    return out, dict(state.composed)


def _within(notes: tuple[Note, ...], window: tuple[int, int] | None) -> tuple[Note, ...]:
    # A section regenerate keeps the notes starting inside the section, cut where it ends.
    if window is None:
        return notes
    low, high = window
    return tuple(
        n.model_copy(update={"duration": min(n.end, high) - n.start}) for n in notes if low <= n.start < high
    )


def _composed(parts: dict[str, tuple[Note, ...]]) -> ComposedNotes:
    for notes in parts.values():
        if len(notes) > MAX_PART_NOTES:
            raise EditError(TOO_MANY_NOTES.format(count=len(notes), limit=MAX_PART_NOTES), "seed")
    return ComposedNotes(parts=parts)
