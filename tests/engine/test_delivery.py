"""Lossy exports meet the delivery spec once encoded: at most -1.0 dBTP and -14 ± 0.5 LUFS, as read by
an independent meter (ffmpeg's ebur128) of the decoded file. `pytest -s` prints the figures."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from engine.audio_io.ffmpeg import LoudnessReading, encode, measure_loudness
from engine.compose import compose
from engine.edit.render import render_state
from engine.edit.state import initial_state
from engine.export import export_mix, extension
from engine.export.audio import ExportFormat
from engine.mix.delivery import PEAK_LIMIT_DBTP, lossy_delivery
from engine.mix.master import master
from engine.pipeline import default_mixes
from engine.presets import preset_spec
from engine.render.cache import MemoryStageCache
from engine.spec import GENRES, MOODS

SR = 44100
CEILING_DBTP = -1.0
TARGET_LUFS, TOLERANCE_LU = -14.0, 0.5
LOSSY: tuple[ExportFormat, ...] = ("mp3_128", "mp3_192", "mp3_320", "ogg")
LOSSLESS: tuple[ExportFormat, ...] = ("wav16", "wav24", "flac", "flac24")
SONG_SECONDS = 10.0


def _within_spec(reading: LoudnessReading) -> bool:
    return (
        reading.true_peak_dbtp <= CEILING_DBTP and abs(reading.integrated_lufs - TARGET_LUFS) <= TOLERANCE_LU
    )


@pytest.fixture(scope="module")
def noise_bursts() -> np.ndarray:
    """Mastered white-noise hits over a low E: MP3 and Vorbis push this master over -1 dBTP."""
    n = 4 * SR
    rng = np.random.default_rng(4)
    hits = rng.standard_normal(n) * np.exp(-(np.arange(n) % (SR // 4)) / 2000.0)
    bass = 0.3 * np.sin(2 * np.pi * 82.4 * np.arange(n) / SR)
    return master(np.vstack([hits + bass, np.roll(hits, 3) + bass]).astype(np.float32)).audio


@pytest.mark.parametrize(("fmt", "kbps"), [("mp3", 192), ("mp3", 320), ("ogg", 192)])
def test_a_master_the_codec_pushes_over_the_ceiling_is_limited_again(noise_bursts, tmp_path: Path, fmt, kbps):
    plain = measure_loudness(encode(noise_bursts, tmp_path / f"plain.{fmt}", fmt, mp3_kbps=kbps))
    assert plain.true_peak_dbtp > CEILING_DBTP  # what the master alone would deliver
    delivery = lossy_delivery(noise_bursts, tmp_path / f"mix.{fmt}", fmt, mp3_kbps=kbps)
    assert delivery.encodes >= 2 and delivery.ceiling_dbtp < CEILING_DBTP
    assert delivery.reading == measure_loudness(delivery.path)
    assert delivery.reading.true_peak_dbtp <= PEAK_LIMIT_DBTP
    assert abs(delivery.reading.integrated_lufs - TARGET_LUFS) <= TOLERANCE_LU
    before, after = plain, delivery.reading
    print(
        f"\nnoise hits {fmt} {kbps}k: {before.true_peak_dbtp:+.1f} dBTP {before.integrated_lufs:.1f} LUFS as "
        f"mastered, {after.true_peak_dbtp:+.1f} dBTP {after.integrated_lufs:.1f} LUFS delivered "
        f"(ceiling {delivery.ceiling_dbtp:.2f} dBTP, {delivery.encodes} encodes)"
    )


def test_the_callers_own_mastering_is_asked_for_the_delivery_master(noise_bursts, tmp_path: Path):
    asked: list[tuple[float, float]] = []

    def remaster(target: float, ceiling: float):
        asked.append((target, ceiling))
        return master(noise_bursts, target_lufs=target, ceiling_dbtp=ceiling)

    path = export_mix(noise_bursts, "mp3_320", tmp_path / "mix.mp3", remaster=remaster)
    assert asked and all(ceiling < CEILING_DBTP for _, ceiling in asked)
    assert _within_spec(measure_loudness(path))


def test_a_master_that_meets_the_spec_once_encoded_is_encoded_as_it_is(tmp_path: Path):
    t = np.arange(3 * SR) / SR
    chord = sum(np.sin(2 * np.pi * f * t) for f in (220.0, 277.2, 329.6))
    mastered = master(np.vstack([chord, chord]).astype(np.float32)).audio
    delivery = lossy_delivery(mastered, tmp_path / "mix.mp3", "mp3", mp3_kbps=320)
    assert delivery.encodes == 1 and _within_spec(delivery.reading)
    plain = encode(mastered, tmp_path / "plain.mp3", "mp3", mp3_kbps=320)
    assert delivery.path.read_bytes() == plain.read_bytes()


@pytest.fixture(scope="module")
def genre_masters(synth) -> dict[str, np.ndarray]:
    """A short song of every genre (moods and seeds vary), rendered as generation renders it."""
    masters = {}
    for index, genre in enumerate(GENRES):
        spec = preset_spec(genre, mood=MOODS[index % len(MOODS)], length_seconds=SONG_SECONDS, seed=index)
        score = compose(spec)
        rendered = render_state(initial_state(score, mixes=default_mixes(score)), MemoryStageCache())
        masters[genre] = rendered.master.audio
    return masters


def test_lossless_exports_hold_the_master_as_it_is(genre_masters, tmp_path: Path):
    audio = genre_masters["rock"]
    for fmt, codec, bits in [
        ("wav16", "wav16", 16),
        ("wav24", "wav24", 16),
        ("flac", "flac", 16),
        ("flac24", "flac", 24),
    ]:
        exported = export_mix(audio, fmt, tmp_path / f"mix-{fmt}.{extension(fmt)}")
        plain = encode(audio, tmp_path / f"plain-{fmt}.{extension(fmt)}", codec, flac_bits=bits)
        assert exported.read_bytes() == plain.read_bytes(), fmt  # fmt: skip


def test_every_lossy_export_of_every_genre_meets_the_delivery_spec(genre_masters, tmp_path: Path):
    readings: dict[tuple[str, str], LoudnessReading] = {}
    for genre, audio in genre_masters.items():
        for fmt in LOSSY:
            path = export_mix(audio, fmt, tmp_path / f"{genre}-{fmt}.{extension(fmt)}")
            readings[genre, fmt] = measure_loudness(path)
    peaks = {key: reading.true_peak_dbtp for key, reading in readings.items()}
    loudness = [reading.integrated_lufs for reading in readings.values()]
    worst = max(peaks, key=peaks.__getitem__)
    print(
        f"\n{len(readings)} lossy exports of {len(genre_masters)} genres ({SONG_SECONDS:.0f} s songs): "
        f"worst true peak {peaks[worst]:+.1f} dBTP ({worst[0]} {worst[1]}), "
        f"loudness {min(loudness):.1f} .. {max(loudness):.1f} LUFS"
    )
    missed = {key: reading for key, reading in readings.items() if not _within_spec(reading)}
    assert not missed
