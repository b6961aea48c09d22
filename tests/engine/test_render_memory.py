"""The staged render in bounded memory: streamed stages give the bits the whole-array computation gives,
and memory-mapped stems are read without staying resident."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from engine.blocks import column_blocks, peak_magnitude, release_pages
from engine.edit.render import render_state
from engine.edit.state import initial_state, with_track_state
from engine.mix import kernels, true_peak
from engine.mix.buffers import fresh_audio
from engine.mix.chunks import CHUNK
from engine.mix.effects import build_board
from engine.mix.master import master
from engine.mix.mixdown import TrackMix, audible, pan_gains
from engine.mix.presets import PRESETS
from engine.pipeline import default_mixes
from engine.render.cache import DirectoryStageCache, MemoryStageCache, stage_key
from engine.render.fluidsynth import (
    SAMPLE_RATE,
    _new_synth,
    _note_events,
    _select_program,
    load_synth,
    render_track,
    render_track_blocks,
    song_samples,
)
from tests.engine.song_fixtures import band_score

BLOCK = 1 << 18  # the render's stream block (6 s): the reference below processes effects in the same steps


def whole_dry_stem(track, score, total):
    """A dry stem rendered as the render did before it streamed: one array, FluidSynth writing into it."""
    loaded = load_synth()
    out = np.zeros((2, total), dtype=np.float32)
    with loaded.lock:
        fresh = _new_synth(loaded.soundfont, loaded.lock)
    try:
        channel = _select_program(fresh, track)
        position = 0
        for sample, kind, pitch, velocity in _note_events(track, score, total):
            if sample > position:
                fresh.write(out, position, sample - position)
                position = sample
            if kind:
                fresh.synth.noteon(channel, pitch, velocity)
            else:
                fresh.synth.noteoff(channel, pitch)
        fresh.write(out, position, total - position)
    finally:
        with loaded.lock:
            fresh.synth.delete()
    return out


def whole_chain(chain, audio):
    """An effect chain over a whole array (the board called on each 6 s block of it, as before)."""
    if chain.is_empty:
        return audio
    board = build_board(chain)
    out = np.empty_like(audio)
    for start in range(0, audio.shape[1], BLOCK):
        out[:, start : start + BLOCK] = board(audio[:, start : start + BLOCK], SAMPLE_RATE, reset=start == 0)
    return out


def whole_mix(stems, mixes):
    """The faders' sum in numpy, stem by stem in float32 (the mix kernel's arithmetic)."""
    out = np.zeros_like(stems[0])
    first = True
    for stem, mix, sounds in zip(stems, mixes, audible(mixes), strict=True):
        if not sounds:
            continue
        gain = 10.0 ** (mix.gain_db / 20.0)
        left, right = pan_gains(mix.pan)
        scaled = stem * np.array([[np.float32(gain * left)], [np.float32(gain * right)]], dtype=np.float32)
        out = scaled if first else out + scaled
        first = False
    return out


@pytest.fixture(scope="module")
def produced_state():
    # 20 s: every stage crosses several 6 s blocks and ends in a partial one.
    score = band_score(bars=9)
    state = initial_state(score, mixes=default_mixes(score))
    for track_id, chain in {"t1": "room", "t3": "warm", "t4": "hall", "t6": "wide chorus"}.items():
        state = with_track_state(state, track_id, chain=PRESETS[chain])
    state = with_track_state(state, "t2", mix=TrackMix(gain_db=-3.0, pan=0.4))
    state = with_track_state(state, "t5", mix=TrackMix(mute=True))
    return state.model_copy(update={"master_chain": PRESETS["bright"]})


def test_streamed_render_is_bit_identical_to_the_whole_array_computation(synth, produced_state, tmp_path):
    state = produced_state
    score = state.score
    total = song_samples(score)
    wet = [
        whole_chain(t.chain, whole_dry_stem(track, score, total))
        for t, track in zip(state.tracks, score.tracks, strict=True)
    ]
    reference = master(whole_chain(state.master_chain, whole_mix(wet, state.mixes())))

    for cache in (MemoryStageCache(), DirectoryStageCache(tmp_path / "cache", spill_in_memory_bytes=0)):
        rendered = render_state(state, cache)
        for track_id, expected in zip(state.track_ids, wet, strict=True):
            assert np.array_equal(rendered.stems[track_id], expected), track_id
        assert np.array_equal(rendered.master.audio, reference.audio)
        assert rendered.master.integrated_lufs == reference.integrated_lufs
        assert rendered.master.true_peak_dbtp == reference.true_peak_dbtp
    assert not list((tmp_path / "cache").glob("*.npy"))  # the spilled pre-master mix left no file
    # From the directory cache the stems come back memory-mapped, not loaded.
    assert rendered.stems["t1"].base is not None and not rendered.stems["t1"].flags.writeable


def test_a_track_renders_bit_identically_in_blocks_of_any_size(synth):
    score = band_score(bars=2)
    total = song_samples(score)
    for track in score.tracks[:3]:
        whole = whole_dry_stem(track, score, total)
        assert np.array_equal(render_track(track, score, total_samples=total), whole)
        for block in (1000, 4096, 65536):
            blocks = list(render_track_blocks(track, score, total_samples=total, block=block))
            assert all(b.shape[1] == block for b in blocks[:-1])
            assert np.array_equal(np.concatenate(blocks, axis=1), whole), (track.name, block)


def test_gains_applied_a_block_at_a_time_match_one_pass():
    rng = np.random.default_rng(3)
    x = rng.standard_normal(50_000).astype(np.float32)
    gains = rng.uniform(0.2, 1.0, -(-x.size // CHUNK))
    whole = np.empty_like(x)
    kernels.apply_gains(x, whole, gains, CHUNK)
    for step in (1, 7, 21, 1000, 4099):
        blocked = np.empty_like(x)
        for start in range(0, x.size, step):
            kernels.apply_gains(x[start : start + step], blocked[start : start + step], gains, CHUNK, start)
        assert np.array_equal(blocked, whole), step


def test_true_peak_oversampled_in_batches_matches_all_at_once(monkeypatch):
    rng = np.random.default_rng(4)
    audio = (rng.standard_normal((2, 200_000)) * 0.3).astype(np.float32)
    chunks = np.arange(0, 200_000 // CHUNK, 3)
    ids, whole = true_peak._oversampled_chunk_peaks(audio, chunks)
    monkeypatch.setattr(true_peak, "_BATCH_CHUNKS", true_peak._BLOCK_CHUNKS * 5)
    batched_ids, batched = true_peak._oversampled_chunk_peaks(audio, chunks)
    assert np.array_equal(ids, batched_ids) and np.array_equal(whole, batched)


def _resident_file_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("RssFile:"):
            return int(line.split()[1])
    pytest.skip("no /proc/self/status here")


def test_a_mapped_stem_read_block_by_block_does_not_stay_resident(tmp_path):
    cache = DirectoryStageCache(tmp_path)
    key = stage_key("stem")
    signal = np.sin(np.arange(2 * 4_000_000, dtype=np.float32) / 50.0).reshape(2, -1)  # 32 MB
    cache.put(key, signal)
    mapped = cache.get(key)
    assert mapped is not None
    before = _resident_file_kib()
    assert peak_magnitude(mapped) == pytest.approx(1.0, abs=1e-6)
    total = sum(float(piece.sum(dtype=np.float64)) for piece in column_blocks(mapped))
    assert total == pytest.approx(float(signal.sum(dtype=np.float64)), abs=1e-6)
    assert _resident_file_kib() - before < 8 * 1024  # a block or two, not the 32 MB read
    assert np.array_equal(mapped, signal)  # released pages read back the file's values


def test_releasing_pages_never_touches_memory_that_is_not_a_read_only_file_map():
    audio = fresh_audio((2, 1 << 21))  # an anonymous map: dropping its pages would zero it
    audio.fill(0.5)
    release_pages(audio, 0, audio.shape[1])
    plain = np.full((2, 1000), 0.25, dtype=np.float32)
    release_pages(plain, 0, 1000)
    assert float(audio.min()) == 0.5 and float(plain.min()) == 0.25


def test_peak_magnitude_with_a_gain_is_the_scaled_signals():
    audio = np.array([[0.1, -0.9, 0.3], [0.2, 0.4, -0.5]], dtype=np.float32)
    gain = 0.7
    assert peak_magnitude(audio, gain=gain) == float(np.abs(audio * np.float32(gain)).max())
