"""Melody transcription (Basic Pitch's ONNX model): note accuracy on a hummed melody, grid, tempo, key."""

from __future__ import annotations

import socket
from typing import Any

import numpy as np
import pytest

from engine.errors import AudioToolError
from engine.transcribe import NO_MELODY, melody_from_audio, transcribe
from engine.transcribe.grid import estimate_tempo
from engine.transcribe.key import detect_key
from engine.transcribe.model import activations, model_path, note_model, to_model_rate
from engine.transcribe.notes import TranscribedNote
from engine.transcribe.tuning import tuning_offset_cents
from tests.engine.hummed_melody import A_MINOR_TUNE, SAMPLE_RATE, hum, note_accuracy

C_MAJOR_TUNE = (
    (0, 1, 60), (1, 1, 64), (2, 1, 67), (3, 1, 64), (4, 0.5, 65), (4.5, 0.5, 65), (5, 1, 69),
    (6, 2, 72), (8, 1, 71), (9, 1, 67), (10, 1, 62), (11, 1, 65), (12, 4, 60),
)  # fmt: skip


@pytest.mark.parametrize(("tune", "tempo", "noise"), [(A_MINOR_TUNE, 100, 0.02), (C_MAJOR_TUNE, 126, 0.01)])
def test_a_hummed_melody_is_transcribed_note_for_note(tune: Any, tempo: float, noise: float) -> None:
    sung = hum(tune, tempo=tempo, noise=noise, seed=tempo)
    heard = transcribe(sung.audio, SAMPLE_RATE)
    accuracy = note_accuracy(sung.onsets, sung.pitches, [(n.start, n.pitch) for n in heard])
    assert accuracy >= 0.8, f"note accuracy {accuracy:.2f} over {len(sung.pitches)} notes"
    assert len(heard) == pytest.approx(len(sung.pitches), abs=3)


@pytest.mark.parametrize("detune", [45.0, -40.0])
def test_a_singer_far_off_concert_pitch_is_retuned_before_reading_notes(detune: float) -> None:
    sung = hum(tempo=110, seed=12, detune_cents=detune)
    mono = to_model_rate(sung.audio, SAMPLE_RATE)
    assert tuning_offset_cents(activations(mono)) == pytest.approx(detune, abs=6)
    heard = transcribe(sung.audio, SAMPLE_RATE)
    accuracy = note_accuracy(sung.onsets, sung.pitches, [(n.start, n.pitch) for n in heard])
    assert accuracy >= 0.9, f"note accuracy {accuracy:.2f} with the take {detune:+g} cents off"


def test_the_quantised_melody_is_the_written_one_on_the_16th_grid() -> None:
    sung = hum(tempo=100, seed=3)
    melody = melody_from_audio(sung.audio, SAMPLE_RATE, tempo=100, starts_on_downbeat=False)
    written = [(round(beat * 4), round(beats * 4), pitch) for beat, beats, pitch in A_MINOR_TUNE]
    got = [(n.step, n.steps, n.pitch) for n in melody.notes]
    matched = len(set(written) & set(got))
    assert matched / len(written) >= 0.8, (written, got)
    assert melody.grid.origin == pytest.approx(sung.lead_in, abs=0.03)
    assert (melody.key, melody.mode) == ("A", "minor")
    assert melody.bars == 8


def test_the_tempo_is_estimated_when_none_is_given() -> None:
    for tempo in (84, 112):
        sung = hum(C_MAJOR_TUNE, tempo=tempo, seed=tempo)
        melody = melody_from_audio(sung.audio, SAMPLE_RATE)
        assert melody.tempo == pytest.approx(tempo, rel=0.02)
        assert (melody.key, melody.mode) == ("C", "major")
        assert melody.notes[0].step == 0 and melody.notes[0].pitch == 60


def test_a_recording_that_starts_on_the_downbeat_keeps_its_pickup_rest() -> None:
    # Recorded after a count-in at 100 BPM: the singer comes in on beat 2 of the first bar.
    tune = tuple((beat + 1, beats, pitch) for beat, beats, pitch in C_MAJOR_TUNE)
    sung = hum(tune, tempo=100, lead_in=0.0, seed=5)
    melody = melody_from_audio(sung.audio, SAMPLE_RATE, tempo=100, starts_on_downbeat=True)
    assert melody.notes[0].step == 4
    assert abs(melody.grid.origin) <= 0.03


def test_room_noise_after_the_tune_is_not_a_note() -> None:
    # A faint low drone once the singer stops (a fridge, mains hum): 50 dB below the tune, yet the model
    # reads a G2 from it on its own.
    sung = hum(C_MAJOR_TUNE, tempo=110, seed=9, noise=0.003)
    t = np.arange(SAMPLE_RATE * 2) / SAMPLE_RATE
    drone = (0.003 * np.sin(2 * np.pi * 98 * t)).astype(np.float32)
    heard = transcribe(np.concatenate([sung.audio, np.stack([drone, drone])], axis=1), SAMPLE_RATE)
    assert [n.pitch for n in heard] == list(sung.pitches)


def test_silence_and_noise_give_no_melody() -> None:
    rng = np.random.default_rng(1)
    noise = (0.01 * rng.standard_normal((2, SAMPLE_RATE * 3))).astype(np.float32)
    assert transcribe(noise, SAMPLE_RATE) == []
    with pytest.raises(AudioToolError, match=NO_MELODY):
        melody_from_audio(np.zeros((2, SAMPLE_RATE * 2), dtype=np.float32), SAMPLE_RATE)


def test_the_model_ships_in_the_package_and_runs_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    assert model_path().name == "nmp.onnx" and "site-packages" in str(model_path())
    assert note_model() is note_model()  # loaded once per process

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("transcription tried to open a network connection")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    note_model.cache_clear()
    heard = transcribe(hum(C_MAJOR_TUNE, tempo=120, seed=2).audio, SAMPLE_RATE)
    assert [n.pitch for n in heard][:3] == [60, 64, 67]


def test_key_profiles_pick_the_key_a_melody_dwells_in() -> None:
    assert detect_key([62, 66, 69, 66, 62, 61, 62], [2, 1, 1, 1, 2, 0.5, 3]) == ("D", "major")
    assert detect_key([64, 67, 71, 67, 64, 63, 64], [2, 1, 1, 1, 2, 0.5, 3]) == ("E", "minor")
    assert detect_key([65], [1]) == ("F", "major")


def test_tempo_estimate_ignores_a_jitter_of_a_few_milliseconds() -> None:
    rng = np.random.default_rng(0)
    beat = 60 / 92
    rhythm = [1, 0.5, 0.5, 1, 1, 0.5, 0.5, 0.5, 0.5, 2] * 2  # beats
    starts = np.concatenate([[0.0], np.cumsum(rhythm)[:-1]]) * beat + rng.uniform(-0.01, 0.01, len(rhythm))
    notes = [
        TranscribedNote(start=float(s), end=float(s) + length * beat, pitch=60, strength=1.0)
        for s, length in zip(starts, rhythm, strict=True)
    ]
    assert estimate_tempo(notes) == pytest.approx(92, rel=0.02)
