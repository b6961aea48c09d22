from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from engine.errors import AudioToolError
from engine.render.fluidsynth import (
    SAMPLE_RATE,
    TAIL_SECONDS,
    default_soundfont,
    render_track,
    song_samples,
    soundfont_sha256,
)
from engine.score import TICKS_PER_BEAT, Note
from tests.engine.song_fixtures import make_score, make_track

RMS_FLOOR = 1e-3  # about -60 dBFS: anything audible is far above it


def rms(audio: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(audio, dtype=np.float64))))


def test_every_stem_sounds_and_all_have_the_song_length(small_band, small_band_stems):
    expected = song_samples(small_band)
    assert expected == round((small_band.duration_seconds + TAIL_SECONDS) * SAMPLE_RATE)
    for track, stem in zip(small_band.tracks, small_band_stems, strict=True):
        assert stem.dtype == np.float32
        assert stem.shape == (2, expected), track.name
        assert rms(stem) > RMS_FLOOR, f"{track.name} is silent"
        assert np.all(np.isfinite(stem))
        assert float(np.abs(stem).max()) < 1.0, f"{track.name} clips"


def test_drum_kit_renders_from_bank_128(synth, small_band, small_band_stems):
    drums = small_band.tracks[0]
    assert drums.is_drums and drums.bank == 128
    assert rms(small_band_stems[0]) > RMS_FLOOR
    # The same notes on a melodic program sound different: the kit really was selected.
    as_piano = drums.model_copy(update={"bank": 0, "program": 0})
    piano = render_track(as_piano, small_band, total_samples=song_samples(small_band))
    assert not np.allclose(piano, small_band_stems[0], atol=1e-3)


def measured_frequency(audio: np.ndarray) -> float:
    mono = audio.mean(axis=0).astype(np.float64)
    windowed = mono * np.hanning(mono.size)
    size = 1 << 20  # zero-padding: ~0.04 Hz bins
    spectrum = np.abs(np.fft.rfft(windowed, size))
    peak = int(np.argmax(spectrum[1:])) + 1
    a, b, c = np.log(spectrum[peak - 1 : peak + 2])
    offset = 0.5 * (a - c) / (a - 2 * b + c)  # parabolic interpolation of the peak
    return (peak + offset) * SAMPLE_RATE / size


@pytest.mark.parametrize("pitch", [57, 69])
def test_sustained_note_has_the_right_pitch(synth, pitch):
    note = Note(start=0, duration=4 * TICKS_PER_BEAT, pitch=pitch, velocity=100)
    score = make_score([make_track("flute", [note])], bars=1)
    audio = render_track(score.tracks[0], score, total_samples=song_samples(score))
    steady = audio[:, SAMPLE_RATE // 2 : SAMPLE_RATE // 2 + SAMPLE_RATE]  # 0.5..1.5 s, past the attack
    expected = 440.0 * 2 ** ((pitch - 69) / 12)
    cents = 1200 * math.log2(measured_frequency(steady) / expected)
    assert abs(cents) < 5, f"{cents:.1f} cents off"


def test_no_reverb_or_chorus_tail(synth):
    assert synth.synth.get_setting("synth.reverb.active") == 0
    assert synth.synth.get_setting("synth.chorus.active") == 0
    staccato = Note(start=0, duration=TICKS_PER_BEAT // 8, pitch=72, velocity=110)
    score = make_score([make_track("marimba", [staccato])], bars=2)
    audio = render_track(score.tracks[0], score, total_samples=song_samples(score))
    assert rms(audio[:, : SAMPLE_RATE // 4]) > RMS_FLOOR
    # The note is released at 0.06 s; dry, it is below -80 dBFS within a second and silent in the tail.
    audible = np.flatnonzero(np.abs(audio).max(axis=0) > 1e-4)
    assert audible[-1] / SAMPLE_RATE < 1.0
    assert float(np.abs(audio[:, -int(TAIL_SECONDS * SAMPLE_RATE) :]).max()) < 1e-5


def test_tracks_do_not_leak_into_each_other(synth):
    long_note = Note(start=0, duration=8 * TICKS_PER_BEAT, pitch=48, velocity=120)
    loud = make_score([make_track("string_ensemble_1", [long_note])], bars=2)
    render_track(loud.tracks[0], loud, total_samples=song_samples(loud))
    empty = make_score([make_track("acoustic_grand_piano", [])], bars=1)
    silence = render_track(empty.tracks[0], empty, total_samples=song_samples(empty))
    assert float(np.abs(silence).max()) == 0.0


def test_a_recipe_renders_bit_identically_whatever_was_rendered_before(synth, small_band):
    total = song_samples(small_band)
    bass, piano = small_band.tracks[1], small_band.tracks[2]
    first = render_track(bass, small_band, total_samples=total)
    render_track(piano, small_band, total_samples=total - 37)  # leaves a used synth mid-block
    again = render_track(bass, small_band, total_samples=total)
    assert np.array_equal(first, again)


def test_soundfont_hash_is_stable():
    digest = soundfont_sha256(default_soundfont())
    assert len(digest) == 64 and int(digest, 16) >= 0
    assert soundfont_sha256(default_soundfont()) == digest


def test_missing_soundfont_setting_is_a_human_error(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("SOUNDFONT", str(tmp_path / "nope.sf2"))
    with pytest.raises(AudioToolError, match="SOUNDFONT"):
        default_soundfont()
