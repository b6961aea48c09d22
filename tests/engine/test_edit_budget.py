"""The song budget holds at the spec and after every new edit: the refusal names the limit and the excess."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from engine import limits
from engine.edit.audio_track import AudioSource
from engine.edit.budget import BudgetError
from engine.edit.fold import apply_op, fold
from engine.edit.ops import AddAudioTrack, Cut, LoopSection, SetTempo, TrackGain
from engine.edit.state import initial_state
from engine.score import Note
from engine.spec import SongSpec
from tests.engine.song_fixtures import make_score, make_track

UPLOAD = "0b8e4c52-4a53-4b8c-9a0e-2f1d7c3b5a61"
SPEC = {"genre": "pop", "mood": "happy", "key": "C", "instruments": [{"instrument": "acoustic_grand_piano"}]}


def _song(bars: int, tempo: float, notes_per_bar: int = 1):
    notes = [
        Note(start=bar * 1920 + i * (1920 // notes_per_bar), duration=120, pitch=60, velocity=90)
        for bar in range(bars)
        for i in range(notes_per_bar)
    ]
    return make_score([make_track("acoustic_grand_piano", notes)], bars=bars, tempo=tempo)


def _recording(seconds: float) -> AudioSource:
    # The budget reads the recording's length only; its audio is never opened here.
    return AudioSource(
        upload=UPLOAD,
        sha256="a" * 64,
        path=Path("/nonexistent.wav"),
        samples=round(seconds * 44100),
        name="Vox",
    )


def test_the_budget_is_600_seconds_and_the_bars_that_fill_them_at_the_fastest_tempo():
    assert limits.SONG_SECONDS_MAX == 600.0
    assert limits.SONG_BARS_MAX == 600  # 1 s a bar at 240 BPM
    assert limits.bars_within(40) == 100 and limits.bars_within(240) == 600 and limits.bars_within(43) == 107


def test_a_length_in_bars_past_the_duration_budget_is_refused_at_the_spec():
    with pytest.raises(ValidationError) as caught:
        SongSpec.model_validate({**SPEC, "tempo": 40, "length_bars": 256})
    error = caught.value.errors()[0]
    assert error["loc"] == ("length_bars",)
    assert error["msg"] == (
        "Value error, At 40 BPM, 256 bars make a song 1,536 s long; the limit is 600 s (over by 936 s). "
        "Ask for at most 100 bars at this tempo."
    )
    assert SongSpec.model_validate({**SPEC, "tempo": 40, "length_bars": 100}).bar_count() == 100


@pytest.mark.parametrize("tempo", [40, 41, 43, 97, 120, 239, 240])
def test_a_length_in_seconds_never_rounds_past_the_budget(tempo):
    spec = SongSpec.model_validate({**SPEC, "tempo": tempo, "length_seconds": 600})
    seconds = limits.seconds_of(spec.bar_count(), tempo)
    assert 600 - limits.seconds_of(1, tempo) < seconds <= 600
    assert spec.bar_count() <= limits.SONG_BARS_MAX


def test_slowing_a_600_second_song_to_40_bpm_is_refused_with_the_figures():
    state = initial_state(_song(bars=600, tempo=240))  # 600 s
    with pytest.raises(BudgetError) as caught:
        apply_op(state, SetTempo(tempo=40))
    error = caught.value
    assert (
        error.message == "This edit would make the song 3,600 s long; the limit is 600 s (over by 3,000 s)."
    )
    assert (error.field, error.excess.limit, error.excess.over) == ("tempo", "duration", 3000.0)
    assert apply_op(state, SetTempo(tempo=240)).score.tempo == 240  # as long as it was: accepted


def test_a_loop_past_the_duration_or_bar_budget_is_refused():
    state = initial_state(_song(bars=100, tempo=60))  # 400 s
    with pytest.raises(BudgetError) as caught:
        apply_op(state, LoopSection(start_bar=0, end_bar=20, times=3))  # 160 bars at 4 s
    assert (
        caught.value.message == "This edit would make the song 640 s long; the limit is 600 s (over by 40 s)."
    )
    assert caught.value.field == "times"
    assert apply_op(state, LoopSection(start_bar=0, end_bar=10, times=5)).score.duration_seconds == 600.0

    fast = initial_state(_song(bars=500, tempo=240))
    with pytest.raises(BudgetError) as caught:
        fold(fast.score, [LoopSection(start_bar=0, end_bar=20, times=8)])  # refused before notes are copied
    assert (
        caught.value.message
        == "This edit would make the song 660 bars long; the limit is 600 bars (over by 60 bars)."
    )


def test_a_loop_that_makes_a_part_too_dense_is_refused(monkeypatch):
    monkeypatch.setattr(limits, "PART_NOTES_MAX", 40)
    state = initial_state(_song(bars=8, tempo=120, notes_per_bar=4))  # 32 notes
    with pytest.raises(BudgetError) as caught:
        apply_op(state, LoopSection(start_bar=0, end_bar=2, times=2))  # 48 notes
    assert caught.value.excess.limit == "notes"
    assert caught.value.message.endswith("48 notes; the limit is 40 notes a track (over by 8 notes).")


def test_a_recording_must_end_within_the_budget_after_it_is_added_and_after_tempo_changes():
    state = initial_state(_song(bars=60, tempo=120), audio_sources={UPLOAD: _recording(700)})
    with pytest.raises(BudgetError) as caught:
        apply_op(state, AddAudioTrack(upload=UPLOAD, name="Vox"))
    assert caught.value.message == (
        "This edit would make the recording 'Vox' play until 700 s; the limit is 600 s (over by 100 s)."
    )
    assert (caught.value.field, caught.value.excess.limit) == ("upload", "recording")

    state = initial_state(_song(bars=60, tempo=120), audio_sources={UPLOAD: _recording(200)})
    added = apply_op(state, AddAudioTrack(upload=UPLOAD, name="Vox", offset_beats=8))  # ends at 204 s
    assert apply_op(added, SetTempo(tempo=60)).score.tempo == 60  # 120 s of song, the recording until 408 s
    with pytest.raises(BudgetError) as caught:
        apply_op(added, SetTempo(tempo=40))  # stretched to 600 s, starting 12 s in
    assert caught.value.message.endswith("play until 612 s; the limit is 600 s (over by 12 s).")


def test_a_song_already_over_the_budget_can_be_mixed_and_shortened_but_never_grown():
    over = _song(bars=256, tempo=40)  # 1,536 s, stored before the budget held for lengths in bars
    assert (
        fold(over, [LoopSection(start_bar=0, end_bar=1, times=1)]).score.bars == 257
    )  # replay never refuses
    state = initial_state(over)
    assert apply_op(state, TrackGain(track="t1", gain_db=-3)).score.bars == 256
    assert apply_op(state, Cut(start_bar=0, end_bar=10)).score.bars == 246
    with pytest.raises(BudgetError):
        apply_op(state, LoopSection(start_bar=0, end_bar=1, times=1))
