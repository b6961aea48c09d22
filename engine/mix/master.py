"""Mastering: loudness normalisation to -14 LUFS (ITU-R BS.1770-4) under a -1 dBTP true-peak ceiling.

Loudness uses pyloudnorm's K-weighting filters with vectorised block gating (pyloudnorm's own gating loops
take ~0.9 s on a 3-minute mix; the result is the same to 0.01 LU, see tests). True peak is measured on a
4x oversampled signal (BS.1770-4 Annex 2); only blocks whose sample peaks could reach the level in
question are oversampled, which keeps a 3-minute master well under two seconds.

The limiter is a look-ahead gain envelope computed in dB from the oversampled peaks: a centred running
maximum then a moving average of the same width (so the gain is already down when a peak arrives),
then a linear-in-dB release. Because the envelope moves slowly, K-weighted loudness after limiting is
predicted from the pre-limiter K-weighted power times the envelope, so the pre-gain converges without
re-filtering; every pass is then verified by measuring the real output.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pyloudnorm
from scipy import ndimage, signal

from engine.errors import AudioToolError

SAMPLE_RATE = 44100
TARGET_LUFS = -14.0
CEILING_DBTP = -1.0
LOUDNESS_TOLERANCE_LU = 0.2  # what master() aims for; the promise to callers is ±0.5 LU

_BLOCK_SECONDS = 0.4  # BS.1770 gating block
_BLOCK_OVERLAP = 0.75
_ABSOLUTE_GATE_LUFS = -70.0
_RELATIVE_GATE_LU = -10.0

OVERSAMPLE = 4
_TP_TAPS = 48  # BS.1770-4 Annex 2: a 48-tap, 4-phase interpolation filter
_CHUNK = 21  # the limiter's envelope runs on 21-sample chunks (0.48 ms), which divide the 0.1 s hop
_TP_BLOCK = 48 * _CHUNK  # samples per block when deciding where to oversample

_LOOKAHEAD_SECONDS = 0.002  # half-width of the attack window: the gain starts falling 4 ms before a peak
_RELEASE_DB_PER_SECOND = 40.0
_INITIAL_MARGIN_DB = 0.3  # the limiter aims this far below the ceiling; raised if a measurement says so
_PASSES = 4
_MARGIN_MAX_DB = 1.0
_MAX_PUSH_DB = 12.0  # most make-up gain beyond plain normalisation the limiter is asked to absorb

Audio = npt.NDArray[np.float32]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class MasterResult:
    """The mastered audio and its measurements. integrated_lufs is -inf for a silent mix."""

    audio: Audio
    integrated_lufs: float
    true_peak_dbtp: float
    gain_db: float  # make-up gain applied before the limiter
    max_reduction_db: float  # the limiter's deepest gain reduction


def _check_audio(audio: npt.NDArray[np.floating]) -> None:
    if audio.ndim != 2 or audio.shape[0] not in (1, 2):
        raise AudioToolError(
            f"Audio must have shape (channels, samples) with 1 or 2 channels, got {audio.shape}."
        )
    if not np.all(np.isfinite(audio)):
        raise AudioToolError("Audio contains NaN or infinite samples.")


@functools.cache
def _k_weighting_sos() -> FloatArray:
    meter = pyloudnorm.Meter(SAMPLE_RATE)  # BS.1770-4 K-weighting: high shelf, then high pass
    stages = [np.hstack([stage.b, stage.a]) for stage in meter._filters.values()]
    return np.vstack(stages).astype(np.float64)


def _k_weighted_power(audio: npt.NDArray[np.floating]) -> FloatArray:
    """Per-sample K-weighted power summed over channels (channel weights 1.0 for L and R)."""
    filtered = signal.sosfilt(_k_weighting_sos(), audio, axis=1)
    power: FloatArray = np.einsum("ij,ij->j", filtered, filtered)
    return power


def _gated_loudness(power: FloatArray, *, stride: int = 1, samples: int | None = None) -> float:
    """BS.1770-4 gated loudness from K-weighted power per sample (or summed per `stride` samples).

    Blocks are cut as pyloudnorm cuts them; with a stride that divides the 0.1 s hop the result is exact.
    """
    block = _BLOCK_SECONDS * SAMPLE_RATE
    step = 1.0 - _BLOCK_OVERLAP
    n = samples if samples is not None else power.shape[0] * stride
    blocks = round((n / SAMPLE_RATE - _BLOCK_SECONDS) / (_BLOCK_SECONDS * step)) + 1
    j = np.arange(blocks)
    lower = (block * j * step).astype(np.int64) // stride
    upper = np.minimum((block * (j * step + 1)).astype(np.int64), n) // stride
    cumulative = np.concatenate(([0.0], np.cumsum(power)))
    z = (cumulative[upper] - cumulative[lower]) / block
    with np.errstate(divide="ignore"):
        loudness = -0.691 + 10.0 * np.log10(z)
    above_absolute = loudness >= _ABSOLUTE_GATE_LUFS
    if not np.any(above_absolute):
        return -math.inf
    relative_gate = -0.691 + 10.0 * math.log10(float(np.mean(z[above_absolute]))) + _RELATIVE_GATE_LU
    gated = (loudness > relative_gate) & above_absolute
    if not np.any(gated):
        return -math.inf
    return -0.691 + 10.0 * math.log10(float(np.mean(z[gated])))


def integrated_loudness(audio: npt.NDArray[np.floating]) -> float:
    """Integrated loudness in LUFS (ITU-R BS.1770-4) of (channels, samples) audio; -inf for silence."""
    _check_audio(audio)
    if audio.shape[1] < _BLOCK_SECONDS * SAMPLE_RATE:
        raise AudioToolError("Audio shorter than 0.4 s has no measurable loudness.")
    return _gated_loudness(_k_weighted_power(audio))


@functools.cache
def _interpolation_phases() -> tuple[npt.NDArray[np.float32], float]:
    """The 4x interpolation filter and the largest sum of |taps| of one phase (how far it can overshoot)."""
    taps = signal.firwin(_TP_TAPS, 0.9 / OVERSAMPLE, window=("kaiser", 6.0)) * OVERSAMPLE
    overshoot = max(float(np.abs(taps[p::OVERSAMPLE]).sum()) for p in range(OVERSAMPLE))
    return taps.astype(np.float32), overshoot


def _block_bounds(audio: npt.NDArray[np.floating]) -> tuple[npt.NDArray[np.float32], FloatArray]:
    """Per-sample peak over channels, and per block an upper bound of any interpolated point in it."""
    _, overshoot = _interpolation_phases()
    n = audio.shape[1]
    peaks = np.abs(audio).max(axis=0).astype(np.float32)
    blocks = -(-n // _TP_BLOCK)
    padded = np.zeros(blocks * _TP_BLOCK, dtype=np.float32)
    padded[:n] = peaks
    block_max = padded.reshape(blocks, _TP_BLOCK).max(axis=1)
    # An interpolated point depends on its neighbours, which may sit in the adjacent block.
    bound = ndimage.maximum_filter1d(block_max, size=3, mode="nearest").astype(np.float64) * overshoot
    return peaks, bound


def _oversampled_blocks(
    audio: npt.NDArray[np.floating], hot: npt.NDArray[np.intp]
) -> npt.NDArray[np.float32]:
    """For the given blocks, the per-sample maximum over channels of the 4x-oversampled signal."""
    taps, _ = _interpolation_phases()
    n = audio.shape[1]
    context = _TP_TAPS // OVERSAMPLE
    blocks = -(-n // _TP_BLOCK)
    delay = (_TP_TAPS - 1) // 2  # the filter's group delay in oversampled samples
    first = delay + OVERSAMPLE * context
    result = np.zeros((hot.size, _TP_BLOCK), dtype=np.float32)
    for channel in range(audio.shape[0]):
        source = np.pad(audio[channel].astype(np.float32), (context, blocks * _TP_BLOCK - n + context))
        rows = np.lib.stride_tricks.sliding_window_view(source, _TP_BLOCK + 2 * context)[::_TP_BLOCK]
        upsampled = signal.upfirdn(taps, rows[hot], up=OVERSAMPLE, axis=1)
        window = upsampled[:, first : first + OVERSAMPLE * _TP_BLOCK]
        np.abs(window, out=window)
        for phase in range(OVERSAMPLE):
            np.maximum(result, window[:, phase::OVERSAMPLE], out=result)
    return result


def _sample_true_peaks(audio: npt.NDArray[np.floating], floor: float) -> npt.NDArray[np.float32]:
    """Per-sample peak over channels, including the 4x-oversampled points around each sample.

    Only blocks whose interpolated peaks could reach `floor` are oversampled; elsewhere the sample peak is
    returned (and is then known, with its neighbours, to stay below `floor`).
    """
    peaks, bound = _block_bounds(audio)
    hot = np.flatnonzero(bound >= floor)
    if hot.size == 0:
        return peaks
    n = peaks.shape[0]
    padded = np.zeros(bound.shape[0] * _TP_BLOCK, dtype=np.float32)
    padded[:n] = peaks
    grid = padded.reshape(bound.shape[0], _TP_BLOCK)
    grid[hot] = np.maximum(grid[hot], _oversampled_blocks(audio, hot))
    out: npt.NDArray[np.float32] = padded[:n]
    return out


def true_peak_dbtp(audio: npt.NDArray[np.floating]) -> float:
    """True peak in dBTP: the largest magnitude of the 4x-oversampled signal (BS.1770-4); -inf for silence."""
    _check_audio(audio)
    if audio.shape[1] == 0:
        return -math.inf
    peaks, bound = _block_bounds(audio)
    sample_peak = float(peaks.max())
    if sample_peak == 0.0:
        return -math.inf
    # No block whose bound is under the loudest sample can hold the true peak.
    hot = np.flatnonzero(bound >= sample_peak)
    peak = max(sample_peak, float(_oversampled_blocks(audio, hot).max()))
    return 20.0 * math.log10(peak)


def _chunked(values: npt.NDArray[np.floating], reduce: np.ufunc) -> FloatArray:
    """Reduce consecutive _CHUNK-sample runs (the last one zero-padded) with np.maximum or np.add."""
    chunks = -(-values.shape[0] // _CHUNK)
    padded = np.zeros(chunks * _CHUNK, dtype=np.float64)
    padded[: values.shape[0]] = values
    out: FloatArray = reduce.reduce(padded.reshape(chunks, _CHUNK), axis=1)
    return out


def _reduction_envelope(chunk_peaks: FloatArray, gain_db: float, ceiling_db: float) -> FloatArray:
    """Gain reduction in dB (≥ 0) per chunk so that peaks * gain stay under the ceiling.

    Each chunk's value also covers its neighbours' peaks, so the per-sample envelope interpolated
    between chunk centres never rises above what a peak requires.
    """
    with np.errstate(divide="ignore"):
        over = 20.0 * np.log10(chunk_peaks) + gain_db - ceiling_db
    required = ndimage.maximum_filter1d(np.maximum(over, 0.0), size=3, mode="nearest")
    if not np.any(required > 0.0):
        return np.zeros_like(required)
    half = max(1, math.ceil(_LOOKAHEAD_SECONDS * SAMPLE_RATE / _CHUNK))
    held = ndimage.maximum_filter1d(required, size=2 * half + 1, mode="nearest")
    attack = ndimage.uniform_filter1d(held, size=2 * half + 1, mode="nearest")
    # Release: reduction falls at most `rate` dB per chunk, i.e. r[i] = max_j≤i (a[j] - rate·(i-j)).
    rate = _RELEASE_DB_PER_SECOND * _CHUNK / SAMPLE_RATE
    ramp = rate * np.arange(required.shape[0], dtype=np.float64)
    released: FloatArray = np.maximum.accumulate(attack + ramp) - ramp
    # Floating-point slack in the averaging must never let the gain rise above what a peak requires.
    envelope: FloatArray = np.maximum(released, required)
    return envelope


def _sample_gains(envelope: FloatArray, gain_db: float, samples: int) -> npt.NDArray[np.float32]:
    """Per-sample linear gain: the chunk envelope interpolated between chunk centres."""
    centres = np.arange(envelope.shape[0], dtype=np.float64) * _CHUNK + (_CHUNK - 1) / 2
    per_sample = np.interp(np.arange(samples, dtype=np.float64), centres, envelope)
    gains: npt.NDArray[np.float32] = (10.0 ** ((gain_db - per_sample) / 20.0)).astype(np.float32)
    return gains


def _verified_true_peak(out: Audio, chunk_estimate: FloatArray, slack_db: float) -> float:
    """Exact true peak of `out`, oversampling only blocks whose estimated peak is near the estimated maximum.

    `chunk_estimate` is the pre-gain peak map times the gain, per chunk: exact where that map was
    oversampled, a sample peak elsewhere, which the overshoot bound covers.
    """
    _, overshoot = _interpolation_phases()
    sample_peak = float(np.abs(out).max())
    if sample_peak == 0.0:
        return -math.inf
    per_block = _TP_BLOCK // _CHUNK
    blocks = -(-out.shape[1] // _TP_BLOCK)
    padded = np.zeros(blocks * per_block, dtype=np.float64)
    padded[: chunk_estimate.shape[0]] = chunk_estimate
    block_estimate = padded.reshape(blocks, per_block).max(axis=1)
    _, bound = _block_bounds(out)
    # The estimate errs only by the gain's movement inside the 12-tap interpolation span (`slack_db`).
    threshold = block_estimate.max() * 10 ** (-slack_db / 20)
    near = np.flatnonzero(np.minimum(bound, block_estimate * overshoot) >= threshold)
    peak = max(sample_peak, float(_oversampled_blocks(out, near).max()) if near.size else 0.0)
    return 20.0 * math.log10(peak)


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
    """
    _check_audio(mix)
    if mix.shape[1] < _BLOCK_SECONDS * SAMPLE_RATE:
        raise AudioToolError("Audio shorter than 0.4 s cannot be mastered.")
    audio = mix.astype(np.float32)
    power = _k_weighted_power(audio)
    integrated = _gated_loudness(power)
    if integrated == -math.inf:
        return MasterResult(audio, -math.inf, true_peak_dbtp(audio), 0.0, 0.0)

    gain_db = initial_gain_db = target_lufs - integrated
    chunk_power = _chunked(power, np.add)
    samples = audio.shape[1]
    margin_db = _INITIAL_MARGIN_DB
    headroom_db = 1.5  # how far the make-up gain may climb before the peak map must be redone
    peaks_for_gain = gain_db
    floor = 10.0 ** ((ceiling_dbtp - margin_db - gain_db - headroom_db) / 20.0)
    chunk_peaks = _chunked(_sample_true_peaks(audio, floor=floor), np.maximum)
    best: MasterResult | None = None
    for _ in range(_PASSES):
        ceiling = ceiling_dbtp - margin_db
        envelope = np.zeros(0)
        limited_before, last, stalled = False, -math.inf, False
        for _ in range(6):  # converge the make-up gain on the predicted loudness
            if gain_db > peaks_for_gain + headroom_db:
                # Redo the map once, for the most gain master() will ever try.
                peaks_for_gain, headroom_db = initial_gain_db + _MAX_PUSH_DB, 0.0
                floor = 10.0 ** ((ceiling_dbtp - _MARGIN_MAX_DB - peaks_for_gain) / 20.0)
                chunk_peaks = _chunked(_sample_true_peaks(audio, floor=floor), np.maximum)
            envelope = _reduction_envelope(chunk_peaks, gain_db, ceiling)
            if not envelope.any():
                predicted = integrated + gain_db
            else:
                weighted = chunk_power * 10.0 ** ((gain_db - envelope) / 10.0)
                predicted = _gated_loudness(weighted, stride=_CHUNK, samples=samples)
            stalled = limited_before and predicted - last < 0.05
            if abs(predicted - target_lufs) < 0.02 or stalled:
                break  # on target, or the limiter is swallowing the extra gain (a pathological input)
            limited_before, last = bool(envelope.any()), predicted
            # Limiting can only buy so much loudness: beyond _MAX_PUSH_DB the master would be destroyed.
            gain_db = min(gain_db + target_lufs - predicted, initial_gain_db + _MAX_PUSH_DB)
        limited = bool(envelope.any())
        if limited:
            out = audio * _sample_gains(envelope, gain_db, samples)
            chunk_gains = 10.0 ** ((gain_db - envelope) / 20.0)
        else:
            out = audio * np.float32(10.0 ** (gain_db / 20.0))
            chunk_gains = np.full(chunk_peaks.shape, 10.0 ** (gain_db / 20.0))
        # A pure gain moves loudness exactly; only a limited master needs measuring again.
        measured = integrated_loudness(out) if limited else integrated + gain_db
        # How far the gain can move across the interpolation filter's span, plus rounding.
        slope = float(np.abs(np.diff(envelope)).max()) / _CHUNK if envelope.size > 1 else 0.0
        slack_db = 0.05 + 2.0 * slope * _TP_TAPS / OVERSAMPLE
        peak = _verified_true_peak(out, chunk_peaks * chunk_gains, slack_db)
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
