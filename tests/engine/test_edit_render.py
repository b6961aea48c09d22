"""The staged render, measured: durations, pitch, energy, decay, cache misses per edit, undo bit-identity."""

from __future__ import annotations

import numpy as np
import pytest

from engine.edit.fold import fold
from engine.edit.ops import (
    ChangeInstrument,
    Cut,
    LoopSection,
    MasterEffects,
    SetKey,
    SetTempo,
    TrackEffects,
    TrackGain,
    TrackMute,
    TrackPan,
    TrackSolo,
    Transpose,
    Trim,
)
from engine.edit.render import premaster_mix, render_state
from engine.mix.effects import EffectChain, Reverb
from engine.mix.presets import PRESETS
from engine.render.cache import MemoryStageCache
from engine.render.fluidsynth import SAMPLE_RATE, TAIL_SECONDS
from engine.score import TICKS_PER_BEAT, Note
from tests.engine.song_fixtures import band_score, make_score, make_track

BAR = 4 * TICKS_PER_BEAT
TAIL = round(TAIL_SECONDS * SAMPLE_RATE)


def misses(rendered):
    return {stage: c.misses for stage, c in rendered.counts.items()}


def onset(audio, threshold=0.1):
    """First sample where the mono envelope reaches `threshold` of its maximum."""
    mono = np.abs(audio).max(axis=0)
    return int(np.argmax(mono >= threshold * mono.max()))


def peak_hz(audio, start, end):
    """The fundamental: the strongest spectral peak, or the peak an octave below when that is strong too."""
    segment = audio[0, start:end].astype(np.float64) * np.hanning(end - start)
    size = 8 * (end - start)
    spectrum = np.abs(np.fft.rfft(segment, n=size))
    hz_per_bin = SAMPLE_RATE / size
    strongest = int(np.argmax(spectrum))
    low = round(strongest / 2)
    around = slice(max(1, low - round(15 / hz_per_bin)), low + round(15 / hz_per_bin))
    below = around.start + int(np.argmax(spectrum[around]))
    return (below if spectrum[below] > 0.1 * spectrum[strongest] else strongest) * hz_per_bin


@pytest.fixture(scope="module")
def band():
    return band_score(bars=4)


@pytest.fixture(scope="module")
def cache():
    return MemoryStageCache()


def test_mixer_edits_rerun_only_mix_and_master_and_undo_is_bit_identical(synth, band, cache):
    first = render_state(fold(band, []), cache)
    kept = first.master.audio.copy()
    assert misses(first) == {"render": 6, "process": 0, "mix": 1, "master": 1}
    assert first.master.audio.shape == (2, round(8.0 * SAMPLE_RATE) + TAIL)
    for op in (
        TrackGain(track="t2", gain_db=-9),
        TrackPan(track="t3", pan=0.8),
        TrackMute(track="t1", mute=True),
        TrackSolo(track="t5", solo=True),
        MasterEffects(chain=PRESETS["warm"]),
    ):
        edited = render_state(fold(band, [op]), cache)
        assert misses(edited) == {"render": 0, "process": 0, "mix": 1, "master": 1}, op.type
        assert not np.array_equal(edited.master.audio, first.master.audio), op.type
        assert not np.shares_memory(edited.master.audio, first.master.audio), op.type
    # Every mix since was summed in the memory the first mix used: the first master is untouched.
    assert np.array_equal(first.master.audio, kept)

    effected = render_state(fold(band, [TrackEffects(track="t3", chain=PRESETS["hall"])]), cache)
    assert misses(effected) == {"render": 0, "process": 1, "mix": 1, "master": 1}
    again = render_state(
        fold(band, [TrackEffects(track="t3", chain=PRESETS["hall"]), TrackGain(track="t3", gain_db=-3)]),
        cache,
    )
    assert misses(again) == {"render": 0, "process": 0, "mix": 1, "master": 1}

    transposed = render_state(fold(band, [Transpose(semitones=2)]), cache)
    assert misses(transposed)["render"] == 5  # the drums are untouched: their dry stem is reused
    assert misses(render_state(fold(band, [SetTempo(tempo=100)]), cache))["render"] == 6

    undone = render_state(fold(band, []), cache)
    assert misses(undone) == {"render": 0, "process": 0, "mix": 0, "master": 0}
    assert np.array_equal(undone.master.audio, first.master.audio)
    # From nothing, the same state gets the same keys and, rendered again from scratch, the same audio.
    fresh = render_state(fold(band, [TrackEffects(track="t3", chain=PRESETS["hall"])]), MemoryStageCache())
    assert fresh.keys == effected.keys
    assert np.array_equal(fresh.master.audio, effected.master.audio)


def test_tempo_change_scales_the_duration(synth):
    kick = make_track("standard_drum_kit", [Note(start=3 * BAR, duration=120, pitch=36, velocity=110)])
    score = make_score([kick], bars=4, tempo=120)
    cache = MemoryStageCache()
    at_120 = render_state(fold(score, []), cache).stems["t1"]
    at_90 = render_state(fold(score, [SetTempo(tempo=90)]), cache).stems["t1"]
    assert at_90.shape[1] - TAIL == pytest.approx((at_120.shape[1] - TAIL) * 120 / 90, abs=1)
    assert onset(at_90) / onset(at_120) == pytest.approx(120 / 90, abs=0.002)


def test_transpose_and_set_key_shift_the_measured_pitch(synth):
    flute = make_track("flute", [Note(start=0, duration=4 * BAR, pitch=69, velocity=100)])  # A4, 440 Hz
    score = make_score([flute], bars=4)
    cache = MemoryStageCache()
    window = (SAMPLE_RATE // 2, 3 * SAMPLE_RATE)

    def pitch(ops):
        return peak_hz(render_state(fold(score, ops), cache).stems["t1"], *window)

    base = pitch([])
    assert base == pytest.approx(440.0, rel=0.01)
    assert pitch([Transpose(semitones=3)]) / base == pytest.approx(
        2 ** (3 / 12), rel=0.01
    )  # SoundFont samples are tuned to ~15 cents
    assert pitch([Transpose(semitones=-5)]) / base == pytest.approx(
        2 ** (-5 / 12), rel=0.01
    )  # SoundFont samples are tuned to ~15 cents
    # A is the 6th degree of C major; in C minor the 6th degree is Ab.
    assert pitch([SetKey(key="C", mode="minor")]) / base == pytest.approx(
        2 ** (-1 / 12), rel=0.01
    )  # SoundFont samples are tuned to ~15 cents


def test_mute_removes_that_stems_energy(synth):
    low = make_track(
        "fingered_electric_bass",
        [Note(start=b * BAR, duration=BAR, pitch=36, velocity=100) for b in range(4)],
    )
    high = make_track("flute", [Note(start=b * BAR, duration=BAR, pitch=93, velocity=100) for b in range(4)])
    score = make_score([low, high], bars=4)
    cache = MemoryStageCache()

    def band_share(ops):
        audio = render_state(fold(score, ops), cache).master.audio[0].astype(np.float64)
        spectrum = np.abs(np.fft.rfft(audio)) ** 2
        freqs = np.fft.rfftfreq(audio.shape[0], 1 / SAMPLE_RATE)
        return spectrum[(freqs > 1700) & (freqs < 1820)].sum() / spectrum.sum()

    assert band_share([]) > 0.05
    assert band_share([TrackMute(track="t2", mute=True)]) < 1e-4 * band_share([])
    state = fold(score, [TrackMute(track="t1", mute=True), TrackMute(track="t2", mute=True)])
    silent = render_state(state, cache)
    assert not silent.master.audio.any() and silent.master.integrated_lufs == -np.inf
    assert not premaster_mix(state, silent.stems).any()


def test_reverb_lengthens_the_decay(synth):
    piano = make_track(
        "acoustic_grand_piano", [Note(start=0, duration=TICKS_PER_BEAT // 4, pitch=60, velocity=100)]
    )
    score = make_score([piano], bars=2)
    cache = MemoryStageCache()
    hall = EffectChain(effects=(Reverb(room_size=0.95, damping=0.2, wet_level=0.5, dry_level=0.6),))
    dry = render_state(fold(score, []), cache).stems["t1"]
    wet = render_state(fold(score, [TrackEffects(track="t1", chain=hall)]), cache).stems["t1"]
    assert wet.shape == dry.shape  # the tail rings into the song's fixed tail

    def decay_time(audio, drop_db=40.0):
        envelope = np.convolve(np.square(audio[0].astype(np.float64)), np.ones(441) / 441, mode="same")
        peak = int(np.argmax(envelope))
        below = np.flatnonzero(envelope[peak:] < envelope[peak] * 10 ** (-drop_db / 10))
        return below[0] / SAMPLE_RATE if below.size else audio.shape[1] / SAMPLE_RATE

    assert decay_time(wet) > decay_time(dry) + 0.5
    late = slice(SAMPLE_RATE, 2 * SAMPLE_RATE)
    assert np.sum(np.square(wet[:, late])) > 10 * np.sum(np.square(dry[:, late]))


def test_loop_adds_bars_that_repeat_the_range(synth):
    notes = [Note(start=b * BAR, duration=BAR // 2, pitch=69 + 2 * b, velocity=100) for b in range(4)]
    score = make_score([make_track("flute", notes)], bars=4)
    cache = MemoryStageCache()
    stem = render_state(fold(score, [LoopSection(start_bar=1, end_bar=3, times=2)]), cache).stems["t1"]
    bar_samples = 2 * SAMPLE_RATE
    assert stem.shape[1] == 8 * bar_samples + TAIL
    heard = [peak_hz(stem, b * bar_samples + 4410, b * bar_samples + 30000) for b in range(8)]
    expected = [440 * 2 ** (2 * degree / 12) for degree in (0, 1, 2, 1, 2, 1, 2, 3)]
    np.testing.assert_allclose(heard, expected, rtol=0.01)


def test_trim_and_cut_lengths(synth, band, cache):
    trimmed = render_state(fold(band, [Trim(start_bar=1, end_bar=3)]), cache)
    assert trimmed.master.audio.shape[1] == 2 * 2 * SAMPLE_RATE + TAIL
    cut = render_state(fold(band, [Cut(start_bar=0, end_bar=1)]), cache)
    assert cut.master.audio.shape[1] == 3 * 2 * SAMPLE_RATE + TAIL
    assert all(stem.shape == cut.master.audio.shape for stem in cut.stems.values())


def test_change_instrument_changes_the_rendered_timbre(synth, band, cache):
    before = render_state(fold(band, []), cache)
    after = render_state(fold(band, [ChangeInstrument(track="t5", instrument="trumpet")]), cache)
    assert misses(after)["render"] == 1
    assert before.keys.dry["t5"] != after.keys.dry["t5"]
    assert not np.allclose(before.stems["t5"], after.stems["t5"], atol=1e-3)
