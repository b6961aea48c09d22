from __future__ import annotations

import math

import numpy as np
import pyloudnorm
import pytest
import scipy.signal

from engine.audio_io.peaks import waveform_peaks
from engine.errors import AudioToolError
from engine.mix import kernels
from engine.mix.loudness import ChunkAnalysis, integrated_loudness
from engine.mix.master import CEILING_DBTP, TARGET_LUFS, master
from engine.mix.mixdown import TrackMix, audible, mix_stems, pan_gains
from engine.mix.true_peak import TRUE_PEAK_PHASES, PeakMap, true_peak_dbtp

SR = 44100


def brute_force_true_peak_dbtp(audio: np.ndarray) -> float:
    """Every 4x-oversampled point of every channel, in float64, with BS.1770-4 Annex 2's filter."""
    signal64 = audio.astype(np.float64)
    peak = float(np.abs(signal64).max())
    for channel in signal64:
        for phase in TRUE_PEAK_PHASES:
            peak = max(peak, float(np.abs(np.convolve(channel, phase)).max()))
    return 20 * math.log10(peak)


def test_loudness_matches_pyloudnorm(small_band_stems):
    mix = mix_stems(small_band_stems, [TrackMix()] * len(small_band_stems))
    reference = pyloudnorm.Meter(SR).integrated_loudness(mix.T.astype(np.float64))
    assert integrated_loudness(mix) == pytest.approx(reference, abs=0.01)


def test_true_peak_sees_between_the_samples():
    # A sine at fs/4 sampled 45 degrees off its crests: samples reach 0.707, the waveform reaches 1.0.
    n = np.arange(SR)
    tone = np.sin(2 * np.pi * n / 4 + np.pi / 4).astype(np.float32)
    audio = np.vstack([tone, tone])
    assert 20 * math.log10(float(np.abs(audio).max())) == pytest.approx(-3.01, abs=0.05)
    assert true_peak_dbtp(audio) == pytest.approx(0.0, abs=0.2)


@pytest.mark.parametrize("level_db", [-30.0, 0.0, 24.0], ids=["quiet", "as-rendered", "hot-clipping"])
def test_master_reaches_target_under_the_ceiling(small_band_stems, level_db):
    mix = mix_stems(small_band_stems, [TrackMix()] * len(small_band_stems))
    mix = mix * np.float32(10 ** (level_db / 20))
    if level_db > 0:
        mix = np.clip(mix, -1.0, 1.0)  # a hot, hard-clipped mix: square edges, big inter-sample peaks
    result = master(mix)
    measured = pyloudnorm.Meter(SR).integrated_loudness(result.audio.T.astype(np.float64))
    assert measured == pytest.approx(TARGET_LUFS, abs=0.5)
    assert result.integrated_lufs == pytest.approx(measured, abs=0.01)
    independent = brute_force_true_peak_dbtp(result.audio)
    assert independent <= CEILING_DBTP
    assert true_peak_dbtp(result.audio) == pytest.approx(independent, abs=1e-4)
    assert result.true_peak_dbtp == pytest.approx(independent, abs=1e-4)
    assert result.audio.shape == mix.shape and result.audio.dtype == np.float32


def test_master_is_deterministic_and_limits_a_dense_mix(small_band_stems):
    # Pushed drums: the limiter must work hard, and the ceiling must hold where it did.
    stems = [stem * np.float32(4.0) if i == 0 else stem for i, stem in enumerate(small_band_stems)]
    mix = mix_stems(stems, [TrackMix()] * len(stems))
    first, second = master(mix), master(mix.copy())
    assert first.max_reduction_db > 3.0
    assert np.array_equal(first.audio, second.audio)
    assert brute_force_true_peak_dbtp(first.audio) <= CEILING_DBTP
    measured = pyloudnorm.Meter(SR).integrated_loudness(first.audio.T.astype(np.float64))
    assert measured == pytest.approx(TARGET_LUFS, abs=0.5)
    assert first.integrated_lufs == pytest.approx(measured, abs=0.01)


def test_true_peak_matches_brute_force_at_the_edges():
    rng = np.random.default_rng(3)
    audio = (rng.standard_normal((2, SR)) * 0.1).astype(np.float32)
    audio[0, 0], audio[1, -1], audio[0, 5000:5003] = 0.9, -0.95, (0.8, -0.8, 0.8)
    assert true_peak_dbtp(audio) == pytest.approx(brute_force_true_peak_dbtp(audio), abs=1e-4)


def test_master_leaves_silence_alone():
    silence = np.zeros((2, SR), dtype=np.float32)
    result = master(silence)
    assert result.integrated_lufs == -math.inf
    assert not result.audio.any()


def test_too_short_to_measure_is_an_error():
    with pytest.raises(AudioToolError):
        integrated_loudness(np.ones((2, 100), dtype=np.float32))


def test_mute_and_solo():
    assert audible([TrackMix(), TrackMix(mute=True), TrackMix()]) == [True, False, True]
    assert audible([TrackMix(solo=True), TrackMix(), TrackMix(solo=True, mute=True)]) == [True, False, False]
    ones = [np.ones((2, 10), dtype=np.float32) * (i + 1) for i in range(3)]
    mixed = mix_stems(ones, [TrackMix(), TrackMix(solo=True), TrackMix(gain_db=-6.0)])
    np.testing.assert_allclose(mixed, 2.0)


def test_pan_is_constant_power_and_unity_in_the_centre():
    assert pan_gains(0.0) == pytest.approx((1.0, 1.0))
    for pan in (-1.0, -0.5, 0.3, 1.0):
        left, right = pan_gains(pan)
        assert left**2 + right**2 == pytest.approx(2.0)
    assert pan_gains(-1.0)[1] == pytest.approx(0.0, abs=1e-12)
    with pytest.raises(ValueError):
        TrackMix(pan=1.5)


def test_waveform_peaks():
    audio = np.zeros((2, 8000), dtype=np.float32)
    audio[1, 4000] = -0.5
    audio[0, 7999] = 2.0
    peaks = waveform_peaks(audio, points=800)
    assert len(peaks) == 800
    assert peaks[400] == 0.5 and peaks[-1] == 1.0 and max(peaks[:400]) == 0.0
    assert waveform_peaks(audio[:, :10], points=800) == [0.0] * 10


def test_non_finite_samples_anywhere_are_rejected():
    rng = np.random.default_rng(5)
    audio = (rng.standard_normal((2, 300_000)) * 0.1).astype(np.float32)  # long enough for two threads
    for bad in (np.nan, np.inf):
        broken = audio.copy()
        broken[1, 200_017] = bad  # in the right channel, far from either end
        for measure in (master, integrated_loudness, true_peak_dbtp):
            with pytest.raises(AudioToolError, match="NaN or infinite"):
                measure(broken)


def test_limiter_gains_are_lines_between_chunk_centres():
    rng = np.random.default_rng(11)
    chunk_gains = rng.uniform(0.2, 1.0, 5000)
    samples = 5000 * 21 - 8  # the last chunk is short
    audio = (rng.standard_normal(samples) * 0.3).astype(np.float32)
    out = np.empty_like(audio)
    kernels.apply_gains(audio, out, chunk_gains, 21)
    centres = np.arange(5000) * 21 + 10
    expected = audio * np.interp(np.arange(samples), centres, chunk_gains)  # held at both ends
    np.testing.assert_allclose(out, expected, rtol=1e-6)


def test_analysis_matches_the_k_weighting_filter_and_plain_reductions():
    rng = np.random.default_rng(12)
    audio = (rng.standard_normal((2, 50_000)) * 0.2).astype(np.float32)
    analysis = ChunkAnalysis.of(audio)
    meter = pyloudnorm.Meter(SR)
    starts = np.arange(0, audio.shape[1], 21)
    power = np.zeros(starts.size)
    for channel in audio.astype(np.float64):
        filtered = channel
        for stage in meter._filters.values():
            filtered = scipy.signal.lfilter(stage.b, stage.a, filtered)
        power += np.add.reduceat(filtered * filtered, starts)
    np.testing.assert_allclose(analysis.chunk_power, power, rtol=1e-9, atol=1e-12)
    assert np.array_equal(analysis.sample_peaks, np.maximum.reduceat(np.abs(audio).max(axis=0), starts))
    steps = np.abs(np.diff(audio.astype(np.float64), axis=1, prepend=0.0, append=0.0)).max(axis=0)
    expected = np.maximum.reduceat(steps[1:], starts)  # the step after each sample, into silence at the end
    expected[0] = max(expected[0], steps[0])  # and the step out of the silence before
    assert np.array_equal(analysis.slopes, expected)


def test_long_stems_sum_in_a_fixed_order():
    rng = np.random.default_rng(2)
    stems = [(rng.standard_normal((2, 40_000)) * 0.2).astype(np.float32) for _ in range(3)]
    mixes = [TrackMix(gain_db=-3.0, pan=-0.5), TrackMix(mute=True), TrackMix(gain_db=2.0, pan=0.25)]
    mixed = mix_stems(stems, mixes)
    expected = np.zeros((2, 40_000), dtype=np.float32)
    for stem, mix in ((stems[0], mixes[0]), (stems[2], mixes[2])):
        gain = 10.0 ** (mix.gain_db / 20.0)
        left, right = pan_gains(mix.pan)
        expected = expected + stem * np.array([[gain * left], [gain * right]], dtype=np.float32)
    assert np.array_equal(mixed, expected)  # the same float32 operations, the same order: the same bits
    silent = mix_stems([stem + 1.0 for stem in stems], [TrackMix(mute=True)] * 3)
    assert silent.shape == (2, 40_000) and not silent.any()


def test_every_chunks_true_peak_bound_holds():
    # Noise, hard-clipped noise (square edges), tones up to near Nyquist, isolated clicks, loud at both ends.
    rng = np.random.default_rng(9)
    t = np.arange(3 * SR) / SR
    noise = rng.standard_normal((2, t.size))
    signals = {
        "noise": 0.3 * noise,
        "clipped": np.clip(3.0 * noise, -1.0, 1.0),
        "fs/4 off the crests": np.sin(2 * np.pi * (SR / 4) * t + np.pi / 4) * np.ones((2, 1)),
        "20 kHz": np.sin(2 * np.pi * 20000 * t) * np.ones((2, 1)),
        "bass + hiss": 0.8 * np.sin(2 * np.pi * 55 * t) + 0.02 * noise,
        "clicks": np.where(rng.random((2, t.size)) < 1e-3, rng.choice([-0.9, 0.9], (2, t.size)), 0.0),
        "steps in and out of silence": np.full((2, t.size), 0.95),  # flat, but it rings at both ends
    }
    for name, audio in signals.items():
        audio = audio.astype(np.float32)
        if name != "steps in and out of silence":
            audio[:, 0], audio[:, -1] = 0.95, -0.95
        analysis = ChunkAnalysis.of(audio)
        bound = PeakMap.of(analysis.sample_peaks, analysis.slopes).true_peak
        exact = np.abs(audio.astype(np.float64)).max(axis=0)
        for channel in audio.astype(np.float64):
            for phase in TRUE_PEAK_PHASES:
                # conv[m + 6] is the point interpolated after sample m (see the interpolation matrix)
                exact = np.maximum(exact, np.abs(np.convolve(channel, phase)[6 : 6 + channel.size]))
        per_chunk = np.maximum.reduceat(exact, np.arange(0, exact.size, 21))
        assert np.all(per_chunk <= bound), name
        if name == "bass + hiss":  # a slowly moving signal: bounded far closer than by 2.02 x its samples
            assert np.mean(bound) < 0.7 * np.mean(PeakMap.of(analysis.sample_peaks).true_peak)
