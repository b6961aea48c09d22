"""Ops that run the composer are materialised once; fold replays the stored notes and never composes."""

from __future__ import annotations

import numpy as np
import pytest

import engine.compose.composer as composer
from engine.compose import write_part
from engine.edit import materialise as materialise_module
from engine.edit.composed import MAX_PART_NOTES, ComposedNotes
from engine.edit.fold import fold
from engine.edit.handlers.tracks import NOT_MATERIALISED, NOTES_MISSING
from engine.edit.materialise import materialise, materialise_ops, with_composed
from engine.edit.ops import AddInstrument, EditError, Regenerate, SetTempo, Transpose, op_params, parse_op
from engine.edit.render import render_state
from engine.edit.state import initial_state
from engine.instruments import Role
from engine.render.cache import MemoryStageCache
from engine.score import Section
from engine.spec import MAX_PARTS
from tests.engine.song_fixtures import band_score

BAR = 1920


@pytest.fixture(scope="module")
def base():
    score = band_score(bars=4)
    sections = (
        Section(name="verse", start_bar=0, bars=2, energy=0.5),
        Section(name="chorus", start_bar=2, bars=2, energy=0.8),
    )
    return score.model_copy(update={"sections": sections})


def _louder_composer(monkeypatch: pytest.MonkeyPatch) -> None:
    """A 'retrained' composer: every part it writes from now on is a semitone up and louder."""
    humanise = composer._humanise

    def changed(*args, **kwargs):
        return tuple(
            n.model_copy(update={"pitch": min(127, n.pitch + 1), "velocity": min(127, n.velocity + 9)})
            for n in humanise(*args, **kwargs)
        )

    monkeypatch.setattr(composer, "_humanise", changed)


def test_materialise_stores_what_the_composer_wrote_and_fold_replays_it(base):
    state = initial_state(base)
    op, composed = materialise(state, parse_op({"type": "regenerate", "track": "t2", "seed": 3}))

    assert isinstance(op, Regenerate) and composed is not None
    assert op.notes == composed.key and len(op.notes) == 64
    fresh = write_part(base, instrument_slug=base.tracks[1].instrument, role=base.tracks[1].role,
                       seed=3 * MAX_PARTS + 1, name=base.tracks[1].name)  # fmt: skip
    assert composed.parts == {"t2": fresh.notes}
    folded = fold(base, [op], composed={composed.key: composed})
    assert folded.track("t2").notes == fresh.notes
    # The stored op keeps what the client sent and names the notes; it round-trips through JSON.
    assert op_params(op) == {"track": "t2", "section_index": None, "seed": 3, "notes": composed.key}
    assert parse_op({"type": "regenerate", **op_params(op)}) == op


def test_a_section_regenerate_stores_only_the_notes_inside_the_section(base):
    op, composed = materialise(initial_state(base), Regenerate(track="t5", section_index=1, seed=11))
    assert composed is not None
    stored = composed.parts["t5"]
    assert stored and all(n.start >= 2 * BAR and n.end <= 4 * BAR for n in stored)
    state = fold(base, [op], composed={composed.key: composed})
    new = state.track("t5").notes
    assert [n for n in new if n.start < 2 * BAR] == [n for n in base.tracks[4].notes if n.start < 2 * BAR]
    assert [n for n in new if n.start >= 2 * BAR] == sorted(stored, key=lambda n: (n.start, n.pitch))


def test_add_instrument_stores_the_new_part_under_its_track_id(base):
    op, composed = materialise(
        initial_state(base), AddInstrument(instrument="warm_pad", role=Role.PAD, seed=5)
    )
    assert composed is not None and set(composed.parts) == {"a1"}
    state = fold(base, [op], composed={composed.key: composed})
    added = state.track("a1")
    assert added.notes == composed.parts["a1"] and added.program == 89 and added.role is Role.PAD


def test_keys_are_content_addresses_and_the_json_round_trips(base):
    _, first = materialise(initial_state(base), Regenerate(seed=4))
    _, again = materialise(initial_state(base), Regenerate(seed=4))
    _, other = materialise(initial_state(base), Regenerate(seed=5))
    assert first is not None and again is not None and other is not None
    assert first.key == again.key != other.key
    assert set(first.parts) == {"t1", "t2", "t3", "t4", "t5", "t6"}
    assert ComposedNotes.from_json(first.as_json()) == first
    assert ComposedNotes.from_json(first.as_json()).key == first.key
    for bad in (
        {"v": 2, "parts": {}},
        {"v": 1, "parts": {"x9": []}},
        {"v": 1, "parts": {"t1": [[0, 0, 60, 90]]}},
    ):
        with pytest.raises(ValueError):
            ComposedNotes.from_json(bad)


def test_fold_refuses_an_op_without_its_stored_notes(base):
    with pytest.raises(EditError) as caught:
        fold(base, [Regenerate(track="t2", seed=3)])
    assert (caught.value.field, caught.value.message) == ("notes", NOT_MATERIALISED)
    with pytest.raises(EditError) as caught:
        fold(base, [AddInstrument(instrument="cello", notes="0" * 64)])
    assert (caught.value.field, caught.value.message) == ("notes", NOTES_MISSING)


def test_a_key_sent_by_a_client_is_ignored_the_composer_runs(base):
    _, real = materialise(initial_state(base), AddInstrument(instrument="cello", seed=1))
    assert real is not None
    op, composed = materialise(initial_state(base), AddInstrument(instrument="cello", seed=1, notes="f" * 64))
    assert composed is not None and op.notes == real.key == composed.key


def test_a_part_over_the_note_limit_is_refused(base, monkeypatch):
    monkeypatch.setattr(materialise_module, "MAX_PART_NOTES", 10)
    with pytest.raises(EditError) as caught:
        materialise(initial_state(base), Regenerate(track="t1", seed=1))
    assert caught.value.field == "seed" and "at most 10" in caught.value.message
    assert MAX_PART_NOTES >= 64 * 256


def test_a_changed_composer_changes_no_saved_song_notes_or_audio(base, monkeypatch):
    edits = [
        SetTempo(tempo=100),
        Regenerate(track="t2", section_index=1, seed=21),
        AddInstrument(instrument="cello", seed=8),
        Transpose(semitones=2),
        Regenerate(track="a1", seed=5),
    ]
    ops, composed = materialise_ops(base, edits)
    before = fold(base, ops, composed=composed)
    audio_before = render_state(before, MemoryStageCache()).master.audio

    _louder_composer(monkeypatch)
    # The change is real: composing the same edits now writes other notes...
    recomposed, _ = materialise_ops(base, edits)
    for position in (1, 2, 4):
        assert recomposed[position].notes != ops[position].notes  # type: ignore[union-attr]
    # ...yet the saved edits replay exactly what was stored, note for note and sample for sample.
    after = fold(base, ops, composed=composed)
    assert after.score == before.score
    audio_after = render_state(after, MemoryStageCache()).master.audio
    assert audio_after.dtype == np.float32 and np.isfinite(audio_after).all()
    assert audio_after.shape == audio_before.shape and np.abs(audio_before).max() > 0.01
    assert np.array_equal(audio_after, audio_before)


def test_materialise_ops_replays_ops_that_already_name_their_notes(base):
    ops, composed = materialise_ops(base, [AddInstrument(instrument="flute", seed=2)])
    again, same = materialise_ops(base, ops, composed=composed)
    assert again == ops and same == composed
    state = with_composed(initial_state(base), composed[ops[0].notes])  # type: ignore[union-attr]
    assert set(state.composed) == set(composed)
