from __future__ import annotations

import zipfile

import mido
import numpy as np
import pytest

from engine.audio_io.ffmpeg import decode, measure_loudness, probe
from engine.edit.fold import fold
from engine.edit.ops import SetTempo, TrackMute
from engine.edit.render import render_state
from engine.export import (
    EXPORT_FORMATS,
    download_name,
    export_loop,
    export_midi,
    export_mix,
    export_stems_zip,
    extension,
    loop_audio,
)
from engine.mix.master import CEILING_DBTP
from engine.mix.true_peak import true_peak_dbtp
from engine.render.cache import MemoryStageCache
from engine.render.fluidsynth import SAMPLE_RATE
from tests.engine.song_fixtures import band_score


@pytest.fixture(scope="module")
def cache():
    return MemoryStageCache()


@pytest.fixture(scope="module")
def state():
    return fold(band_score(bars=4), [SetTempo(tempo=100), TrackMute(track="t6", mute=True)])


@pytest.fixture(scope="module")
def rendered(synth, state, cache):
    return render_state(state, cache)


def test_every_format_encodes_with_its_bitrate_or_depth(rendered, tmp_path):
    expected = {"mp3_128": 128_000, "mp3_192": 192_000, "mp3_320": 320_000}
    depth = {"wav16": 16, "wav24": 24, "flac": 16, "flac24": 24}
    seconds = rendered.master.audio.shape[1] / SAMPLE_RATE
    for fmt in EXPORT_FORMATS:
        path = export_mix(rendered.master.audio, fmt, tmp_path / f"mix-{fmt}.{extension(fmt)}")
        info = probe(path)
        assert info.duration_s == pytest.approx(seconds, abs=0.06), fmt
        assert info.sample_rate == SAMPLE_RATE and info.channels == 2
        if fmt in expected:
            assert info.codec == "mp3" and info.bit_rate == pytest.approx(expected[fmt], rel=0.02)
        if fmt in depth:
            assert info.bits_per_sample == depth[fmt], fmt
        if fmt == "ogg":
            assert info.codec == "vorbis"
    with pytest.raises(ValueError, match="mp3_128"):
        export_mix(rendered.master.audio, "aiff", tmp_path / "x.aiff")  # type: ignore[arg-type]


def test_download_names():
    assert download_name("Summer Song!", tempo=99.6, key="F#", mode="harmonic_minor", ext="mp3") == (
        "summer-song-100bpm-fsharp-harmonic-minor.mp3"
    )
    assert download_name("", tempo=120, key="C", mode="major", suffix="stems", ext=".zip") == (
        "song-120bpm-c-major-stems.zip"
    )
    variants = {
        fmt: download_name("Demo", tempo=120, key="C", mode="major", fmt=fmt, ext=extension(fmt))
        for fmt in EXPORT_FORMATS
    }
    assert len(set(variants.values())) == len(EXPORT_FORMATS), "each variant has its own name"
    assert variants["wav24"] == "demo-120bpm-c-major-24bit.wav"
    looped = download_name("Demo", tempo=120, key="C", mode="major", fmt="flac24", suffix="loop", ext="flac")
    assert looped == "demo-120bpm-c-major-24bit-loop.flac"


def test_stems_zip_holds_every_track_and_a_readme(state, rendered, tmp_path):
    stems = [rendered.stems[t] for t in state.track_ids]
    names = [t.name for t in state.score.tracks]
    path = export_stems_zip(
        stems, names, tmp_path / "stems.zip", tempo=100, key="C", mode="major", title="Demo"
    )
    with zipfile.ZipFile(path) as archive:
        files = archive.namelist()
        assert files[:2] == ["01-drums.wav", "02-bass.wav"] and "README.txt" in files and len(files) == 7
        readme = archive.read("README.txt").decode()
        archive.extract("02-bass.wav", tmp_path)
    assert "Tempo: 100 BPM" in readme and "Key: C major" in readme and "Length: 0:11.60" in readme
    bass = decode(tmp_path / "02-bass.wav", max_seconds=60)
    assert bass.shape == stems[1].shape
    np.testing.assert_allclose(bass, stems[1], atol=1e-4)  # 24-bit, no gain needed: these stems do not clip


def test_midi_export_of_the_edited_score(state, tmp_path):
    midi = mido.MidiFile(export_midi(state, tmp_path / "song.mid"))
    assert len(midi.tracks) == 1 + len(state.score.tracks)
    tempo = next(m.tempo for m in midi.tracks[0] if m.type == "set_tempo")
    assert mido.tempo2bpm(tempo) == pytest.approx(100)


def test_loop_is_exactly_its_bars_and_seamless(state, cache, tmp_path):
    loop = loop_audio(state, 1, 3, cache)
    bars = 2 * 4 * 60 / 100
    assert loop.audio.shape == (2, round(bars * SAMPLE_RATE))
    assert true_peak_dbtp(loop.audio) <= CEILING_DBTP
    # Across the seam (end -> start) the signal moves like it does anywhere else in the loop.
    twice = np.concatenate([loop.audio, loop.audio], axis=1)
    seam = loop.audio.shape[1]
    steps = np.abs(np.diff(twice[0]))
    assert steps[seam - 2 : seam + 2].max() <= np.percentile(steps, 99.9)
    window = 441  # 10 ms RMS on both sides of the seam: no gap, no jump
    rms = [
        float(np.sqrt(np.mean(np.square(twice[:, a : a + window], dtype=np.float64))))
        for a in (seam - window, seam)
    ]
    assert min(rms) > 0.01
    assert 20 * np.log10(max(rms) / min(rms)) < 6.0
    path = export_loop(state, 1, 3, tmp_path / "loop.wav", "wav24", cache)
    assert probe(path).duration_s == pytest.approx(bars, abs=1e-3)
    for fmt in ("ogg", "mp3_128"):  # lossy loops meet the delivery spec too, as decoded
        reading = measure_loudness(export_loop(state, 1, 3, tmp_path / f"loop.{extension(fmt)}", fmt, cache))
        assert reading.true_peak_dbtp <= CEILING_DBTP and abs(reading.integrated_lufs + 14.0) <= 0.5, fmt
