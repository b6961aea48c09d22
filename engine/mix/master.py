"""Mastering: loudness normalisation to -14 LUFS (ITU-R BS.1770-4) under a -1 dBTP true-peak ceiling.

The full-length float32 signal is read in two passes: one measures it per chunk (`engine.mix.loudness`:
K-weighted power, sample peak, largest step), one writes the output with the limiter's gains
(`engine.mix.limiter`); numpy then takes the output's peak. The make-up gain converges on loudness
predicted from the pre-limiter K-weighted power times the envelope, without re-filtering; the limited
output is then measured (re-filtering only where the limiter moved the gain), and its true peak is
exact (`engine.mix.true_peak`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from engine.errors import AudioToolError
from engine.mix.chunks import SAMPLE_RATE, Audio, as_float32, check_shape
from engine.mix.limiter import apply_gain, reduction_envelope
from engine.mix.loudness import BLOCK_SECONDS, ChunkAnalysis, gated_loudness, limited_chunk_power
from engine.mix.true_peak import PeakMap, output_true_peak, true_peak_dbtp

TARGET_LUFS = -14.0
CEILING_DBTP = -1.0
LOUDNESS_TOLERANCE_LU = 0.2  # what master() aims for; the promise to callers is ±0.5 LU

_INITIAL_MARGIN_DB = 0.3  # the limiter aims this far below the ceiling; raised if a measurement says so
_PASSES = 4
_MARGIN_MAX_DB = 1.0
_MAX_PUSH_DB = 12.0  # most make-up gain beyond plain normalisation the limiter is asked to absorb

_DB_POWER = math.log(10.0) / 10.0  # exp(dB * _DB_POWER) = 10 ** (dB / 10), quicker on arrays
_DB_AMPLITUDE = math.log(10.0) / 20.0


@dataclass(frozen=True)
class MasterResult:
    """The mastered audio and its measurements. integrated_lufs is -inf for a silent mix."""

    audio: Audio
    integrated_lufs: float
    true_peak_dbtp: float
    gain_db: float  # make-up gain applied before the limiter
    max_reduction_db: float  # the limiter's deepest gain reduction


def master(
    mix: npt.NDArray[np.floating],
    *,
    target_lufs: float = TARGET_LUFS,
    ceiling_dbtp: float = CEILING_DBTP,
) -> MasterResult:
    """Normalise a (channels, samples) mix to `target_lufs` with true peaks at or below `ceiling_dbtp`.

    A silent mix (no block above the -70 LUFS absolute gate) is returned unchanged with
    integrated_lufs = -inf: there is nothing to normalise, and an all-muted song is a valid state.
    Music reaches the target within ±0.5 LU; a pathological input whose loudness the limiter cannot raise
    (isolated clicks over silence) stops short of it rather than being crushed: check integrated_lufs.
    The result depends only on the mix's values: identical mixes give bit-identical masters.
    """
    check_shape(mix)
    if mix.shape[1] < BLOCK_SECONDS * SAMPLE_RATE:
        raise AudioToolError("Audio shorter than 0.4 s cannot be mastered.")
    audio = as_float32(mix)
    samples = audio.shape[1]
    analysis = ChunkAnalysis.of(audio)
    chunk_power = analysis.chunk_power
    integrated = gated_loudness(chunk_power, samples)
    if integrated == -math.inf:
        return MasterResult(audio.copy(), -math.inf, true_peak_dbtp(audio), 0.0, 0.0)

    gain_db = initial_gain_db = target_lufs - integrated
    margin_db = _INITIAL_MARGIN_DB
    peaks = PeakMap.of(analysis.sample_peaks, analysis.slopes)
    best: MasterResult | None = None
    out: Audio | None = None
    for _ in range(_PASSES):
        # Only the last pass's output is ever returned: let the previous one go before making another.
        best = out = None
        ceiling = ceiling_dbtp - margin_db
        envelope = np.zeros(0)
        limited_before, last, stalled = False, -math.inf, False
        for _ in range(6):  # converge the make-up gain on the predicted loudness
            # Exact peaks only where this gain could reach the ceiling (refine skips chunks already exact):
            # elsewhere the sample peak needs no limiting either, so the envelope is the same.
            peaks = peaks.refine(audio, 10.0 ** ((ceiling - gain_db) / 20.0))
            envelope = reduction_envelope(peaks.for_limiter(), gain_db, ceiling)
            if not envelope.any():
                predicted = integrated + gain_db
            else:
                weighted = chunk_power * np.exp((gain_db - envelope) * _DB_POWER)
                predicted = gated_loudness(weighted, samples)
            stalled = limited_before and predicted - last < 0.05
            if abs(predicted - target_lufs) < 0.02 or stalled:
                break  # on target, or the limiter is swallowing the extra gain (a pathological input)
            limited_before, last = bool(envelope.any()), predicted
            # Limiting can only buy so much loudness: beyond _MAX_PUSH_DB the master would be destroyed.
            gain_db = min(gain_db + target_lufs - predicted, initial_gain_db + _MAX_PUSH_DB)
        limited = bool(envelope.any())
        gain = np.float32(10.0 ** (gain_db / 20.0))
        if limited:
            chunk_gains = np.exp((gain_db - envelope) * _DB_AMPLITUDE)
            out, sample_peak = apply_gain(audio, gain, chunk_gains)
            power = limited_chunk_power(out, chunk_power, gain, chunk_gains)
            measured = gated_loudness(power, samples)
        else:
            chunk_gains = np.full(peaks.sample.shape, float(gain))
            out, sample_peak = apply_gain(audio, gain, None)
            measured = integrated + gain_db  # a pure gain moves loudness exactly
        peak = output_true_peak(out, peaks, chunk_gains, sample_peak)
        reduction = float(envelope.max()) if limited else 0.0
        best = MasterResult(out, measured, peak, gain_db, reduction)
        if peak > ceiling_dbtp:
            margin_db = min(margin_db + peak - ceiling_dbtp + 0.1, _MARGIN_MAX_DB)
            continue
        at_cap = gain_db >= initial_gain_db + _MAX_PUSH_DB - 1e-9
        if abs(measured - target_lufs) <= LOUDNESS_TOLERANCE_LU or stalled or at_cap:
            return best
        gain_db = min(gain_db + target_lufs - measured, initial_gain_db + _MAX_PUSH_DB)
    assert best is not None
    return best
