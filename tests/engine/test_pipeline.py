from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from engine.audio_io.ffmpeg import decode, probe
from engine.mix.loudness import integrated_loudness
from engine.mix.true_peak import true_peak_dbtp
from engine.pipeline import produce, stem_filename
from engine.render.fluidsynth import SAMPLE_RATE, song_samples
from tests.engine.song_fixtures import band_score


@pytest.fixture(scope="module")
def produced(synth, tmp_path_factory):
    score = band_score(bars=2, tempo=120)
    reports: list[tuple[str, float]] = []
    out = tmp_path_factory.mktemp("song")
    song = produce(score, out, progress=lambda stage, fraction: reports.append((stage, fraction)))
    return score, song, reports


def test_files_and_stems(produced):
    score, song, _ = produced
    samples = song_samples(score)
    assert [s.path.name for s in song.stems] == [stem_filename(i, t.name) for i, t in enumerate(score.tracks)]
    assert song.stems[2].path.name == "03-piano-chords.flac"
    for stem in song.stems:
        info = probe(stem.path)
        assert (info.codec, info.bits_per_sample) == ("flac", 16)
        audio = decode(stem.path, max_seconds=60)
        assert audio.shape == (2, samples)  # every stem exactly as long as the mix
        assert float(np.sqrt(np.mean(audio.astype(np.float64) ** 2))) > 1e-3
        assert len(stem.peaks) == 800 and max(stem.peaks) <= 1.0
    assert song.midi.read_bytes().startswith(b"MThd")
    assert song.duration_seconds == pytest.approx(samples / SAMPLE_RATE)


def test_mix_is_mastered(produced):
    _, song, _ = produced
    assert set(song.mixes) == {"mp3", "wav24", "wav16"}
    assert song.mix_wav24.name == "mix.wav" and song.mix_mp3.name == "mix.mp3"
    assert probe(song.mix_wav24).bits_per_sample == 24
    assert probe(song.mix_wav16).bits_per_sample == 16
    assert probe(song.mix_mp3).bit_rate >= 192_000
    audio = decode(song.mix_wav24, max_seconds=60)
    assert integrated_loudness(audio) == pytest.approx(-14.0, abs=0.5)
    assert true_peak_dbtp(audio) <= -1.0 + 0.01  # 24-bit quantisation aside
    assert song.integrated_lufs == pytest.approx(-14.0, abs=0.5)


def test_progress_and_timings(produced):
    score, song, reports = produced
    stages = [stage for stage, _ in reports]
    assert stages[: len(score.tracks)] == ["render"] * len(score.tracks)  # the staged render, track by track
    assert "mix" in stages and "master" in stages and stages[-1] == "encode"
    fractions = [fraction for _, fraction in reports]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert {"render", "mix", "master", "encode", "total"} <= set(song.timings)


def test_stage_outputs_land_in_the_folder(produced):
    _, song, _ = produced
    names = {p.relative_to(song.out_dir).as_posix() for p in Path(song.out_dir).rglob("*") if p.is_file()}
    assert {"mix.mp3", "mix.wav", "mix-16bit.wav", "song.mid"} <= names
    assert not [n for n in names if n.endswith(".part")]
