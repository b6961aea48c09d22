"""Mastering: loudness normalisation to -14 LUFS (ITU-R BS.1770-4) under a -1 dBTP true-peak ceiling.

Everything runs on float32 audio in 21-sample chunks (0.48 ms; 21 divides BS.1770's 0.1 s hop, so gated
loudness from per-chunk K-weighted power is exact). The full-length signal is read in two passes, each a
compiled loop per channel (`engine/mix/kernels.py`, both channels at once, no full-length temporaries):
one measures it (per chunk K-weighted power, sample peak and largest step between neighbouring samples),
one writes the output with the limiter's gains; numpy then takes the output's peak.

True peak is the largest magnitude of the 4x oversampled signal, interpolated with BS.1770-4 Annex 2's
published 48-tap, 4-phase filter. An interpolated point depends on 12 samples, so it can exceed the
largest of them by at most the filter's largest per-phase sum of |taps| (`_OVERSHOOT`, about 2.02); and
where the signal moves slowly by less: writing the point as (sum of taps)·x_a + Σ tap_j·(x_j - x_a) for
one of its samples x_a, it is at most |sum of taps|·max|x| + D·Σ |tap_j|·|j - a|, with D the largest step
between neighbouring samples (`_SLOPE_TERMS`). A chunk whose neighbourhood's bound stays under the level in
question needs no oversampling. Only the others are oversampled, as small matrix products over aligned
blocks of chunks.

The limiter is a look-ahead gain envelope computed in dB from those chunk peaks: a centred running maximum
then a moving average of the same width (so the gain is already down when a peak arrives), then a
linear-in-dB release, interpolated linearly between chunk centres. K-weighted loudness after limiting is
predicted from the pre-limiter K-weighted power times the envelope, so the make-up gain converges without
re-filtering; the limited output is then measured (re-filtering only where the limiter moved the gain).

The ceiling is proven, not estimated: for the output `x * g` an interpolated point is at most
`max(g) * tp(x) + overshoot * max|x| * (max(g) - min(g))` over its 12-sample span, with tp(x) the input's
exact (oversampled) chunk peak or its bound. Only chunks where that bound could hold the output's true peak
are oversampled again, so the reported true peak is exact.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pyloudnorm
from numpy.lib.stride_tricks import sliding_window_view

from engine.errors import AudioToolError
from engine.mix import kernels
from engine.mix.buffers import fresh_audio
from engine.mix.channels import per_channel

SAMPLE_RATE = 44100
TARGET_LUFS = -14.0
CEILING_DBTP = -1.0
LOUDNESS_TOLERANCE_LU = 0.2  # what master() aims for; the promise to callers is ±0.5 LU

_BLOCK_SECONDS = 0.4  # BS.1770 gating block
_BLOCK_OVERLAP = 0.75
_ABSOLUTE_GATE_LUFS = -70.0
_RELATIVE_GATE_LU = -10.0

OVERSAMPLE = 4
# BS.1770-4 Annex 2, Table 1: phase p of the 4x interpolator; tap j multiplies the sample 6 - j places
# after the point being interpolated (phases 2 and 3 mirror 1 and 0).
TRUE_PEAK_PHASES: tuple[tuple[float, ...], ...] = (
    (0.0017089843750, 0.0109863281250, -0.0196533203125, 0.0332031250000, -0.0594482421875, 0.1373291015625,
     0.9721679687500, -0.1022949218750, 0.0476074218750, -0.0266113281250, 0.0148925781250, -0.0083007812500),
    (-0.0291748046875, 0.0292968750000, -0.0517578125000, 0.0891113281250, -0.1665039062500, 0.4650878906250,
     0.7797851562500, -0.2003173828125, 0.1015625000000, -0.0582275390625, 0.0330810546875, -0.0189208984375),
    (-0.0189208984375, 0.0330810546875, -0.0582275390625, 0.1015625000000, -0.2003173828125, 0.7797851562500,
     0.4650878906250, -0.1665039062500, 0.0891113281250, -0.0517578125000, 0.0292968750000, -0.0291748046875),
    (-0.0083007812500, 0.0148925781250, -0.0266113281250, 0.0476074218750, -0.1022949218750, 0.9721679687500,
     0.1373291015625, -0.0594482421875, 0.0332031250000, -0.0196533203125, 0.0109863281250, 0.0017089843750),
)  # fmt: skip
_PHASE_TAPS = 12
_AHEAD = 6  # tap 0 multiplies the sample this far after the interpolated point
_OVERSHOOT = max(sum(abs(tap) for tap in phase) for phase in TRUE_PEAK_PHASES)
# Per phase (|sum of taps|, the smallest Σ_j |tap_j|·|j - a| over anchors a): about (1.00, 0.88) and
# (0.97, 2.40). See the module docstring.
# Phases 2 and 3 mirror 1 and 0, so their terms repeat: each distinct pair is kept once.
_SLOPE_TERMS = tuple(
    sorted(
        {
            (
                abs(sum(phase)),
                min(sum(abs(tap) * abs(j - a) for j, tap in enumerate(phase)) for a in range(len(phase))),
            )
            for phase in TRUE_PEAK_PHASES
        }
    )
)
# Relative error allowed for float32 arithmetic (a product's rounding, 12-term sums): far above it.
_ROUNDING = 1e-5
# K-weighting forgets its input within this many samples (its slowest pole decays by ~e^-20).
_K_TAIL = 4096
# Started from silence this far ahead, K-weighting has reached its running state: the slowest poles'
# response (about n·r^n, two poles of radius 0.9947) is below 1e-15 there.
_K_WARMUP = 2 * _K_TAIL

_CHUNK = 21  # samples per chunk; divides the 0.1 s hop. Larger than the filter's reach (6 samples)
_WINDOW = _CHUNK + _PHASE_TAPS - 1  # input samples that one chunk's interpolated points read
_BEFORE = _PHASE_TAPS - 1 - _AHEAD  # a chunk's window starts this many samples before it
_BLOCK_CHUNKS = 8  # chunks oversampled together (see _oversampled_chunk_peaks)

_LOOKAHEAD_SECONDS = 0.002  # half-width of the attack window: the gain starts falling 4 ms before a peak
_RELEASE_DB_PER_SECOND = 40.0
_INITIAL_MARGIN_DB = 0.3  # the limiter aims this far below the ceiling; raised if a measurement says so
_PASSES = 4
_MARGIN_MAX_DB = 1.0
_MAX_PUSH_DB = 12.0  # most make-up gain beyond plain normalisation the limiter is asked to absorb

_DB_POWER = math.log(10.0) / 10.0  # exp(dB * _DB_POWER) = 10 ** (dB / 10), quicker on arrays
_DB_AMPLITUDE = math.log(10.0) / 20.0

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


def _check_shape(audio: npt.NDArray[np.floating]) -> None:
    if audio.ndim != 2 or audio.shape[0] not in (1, 2):
        raise AudioToolError(
            f"Audio must have shape (channels, samples) with 1 or 2 channels, got {audio.shape}."
        )


def _check_finite(chunk_sample_peaks: FloatArray) -> None:
    """Peaks are finite exactly when every sample is (NaN and inf propagate through abs and max)."""
    if not np.all(np.isfinite(chunk_sample_peaks)):
        raise AudioToolError("Audio contains NaN or infinite samples.")


def _as_float32(audio: npt.NDArray[np.floating]) -> Audio:
    out: Audio = np.ascontiguousarray(audio, dtype=np.float32)
    return out


def _chunks(samples: int) -> int:
    return -(-samples // _CHUNK)


def _chunked(values: npt.NDArray[np.generic], reduce: np.ufunc) -> FloatArray:
    """Reduce consecutive _CHUNK-sample runs (the last one may be shorter) with np.maximum or np.add."""
    starts = np.arange(0, values.shape[0], _CHUNK)
    out: FloatArray = reduce.reduceat(values, starts).astype(np.float64)
    return out


# ---------------------------------------------------------------------------------------------- loudness


@functools.cache
def _k_weighting_sos() -> FloatArray:
    meter = pyloudnorm.Meter(SAMPLE_RATE)  # BS.1770-4 K-weighting: high shelf, then high pass
    stages = [np.hstack([stage.b, stage.a]) for stage in meter._filters.values()]
    sos: FloatArray = np.vstack(stages).astype(np.float64)
    return sos


@dataclass(frozen=True)
class _Analysis:
    """What one streaming pass measures, per chunk: the K-weighted power (channels summed with weight 1.0),
    the largest sample magnitude over channels, and the largest step |x[k + 1] - x[k]| for k in the chunk
    (the signal is silent before its start and after its end, so the steps into and out of it count)."""

    chunk_power: FloatArray
    sample_peaks: FloatArray
    slopes: FloatArray

    @classmethod
    def of(cls, audio: Audio) -> _Analysis:
        sos = _k_weighting_sos()
        samples = audio.shape[1]

        def one(channel: int) -> tuple[FloatArray, FloatArray, FloatArray]:
            return kernels.analyse(audio[channel], sos, _CHUNK)

        results = per_channel(one, audio.shape[0], samples)
        chunk_power: FloatArray = functools.reduce(np.add, [power for power, _, _ in results])
        sample_peaks: FloatArray = functools.reduce(np.maximum, [p for _, p, _ in results])
        _check_finite(sample_peaks)
        slopes: FloatArray = functools.reduce(np.maximum, [s for _, _, s in results])
        slopes[0] = max(slopes[0], float(np.abs(audio[:, 0]).max()))  # the step out of the silence before
        return cls(chunk_power, sample_peaks, slopes)


def _limited_chunk_power(
    out: Audio, chunk_power: FloatArray, gain: np.float32, chunk_gains: FloatArray
) -> FloatArray:
    """Per-chunk K-weighted power of the output `out` = input times the limiter's per-sample gains.

    Where the gains equal `gain` and have done so for `_K_TAIL` samples, K(out) = gain·K(input): the power
    is the input's `chunk_power` times gain². Only the stretches where the gain moves, and `_K_TAIL` after
    them, are measured on `out` itself, the filter started `_K_WARMUP` samples ahead.
    """
    power: FloatArray = chunk_power * float(gain) ** 2
    moved = chunk_gains.astype(np.float32) != gain
    touched = moved.copy()  # a chunk's samples lie between its neighbours' centres: their gains reach it
    touched[1:] |= moved[:-1]
    touched[:-1] |= moved[1:]
    edges = np.flatnonzero(np.diff(np.concatenate(([0], touched.astype(np.int8), [0]))))
    tail = -(-_K_TAIL // _CHUNK)
    merged: list[list[int]] = []
    for first, end in edges.reshape(-1, 2).tolist():  # [first, end) chunks where the gain moves
        if merged and first <= merged[-1][1] + tail:
            merged[-1][1] = end
        else:
            merged.append([first, end])
    samples = out.shape[1]
    stretches = [(first * _CHUNK, min((end + tail) * _CHUNK, samples)) for first, end in merged]
    sos = _k_weighting_sos()
    warmup = -(-_K_WARMUP // _CHUNK) * _CHUNK  # whole chunks, so the stretch's chunks line up

    def one(channel: int) -> list[FloatArray]:
        measured = []
        for start, stop in stretches:
            ahead = min(start, warmup)
            power, _, _ = kernels.analyse(out[channel, start - ahead : stop], sos, _CHUNK)
            measured.append(power[ahead // _CHUNK :])
        return measured

    per_channel_power = per_channel(one, out.shape[0], sum(stop - start for start, stop in stretches))
    for (start, _), *channels in zip(stretches, *per_channel_power, strict=True):
        stretch = functools.reduce(np.add, channels)
        power[start // _CHUNK : start // _CHUNK + stretch.size] = stretch
    return power


def _gated_loudness(chunk_power: FloatArray, samples: int) -> float:
    """BS.1770-4 gated loudness from K-weighted power per chunk, with blocks cut as pyloudnorm cuts them.

    Block edges are multiples of the 0.1 s hop, hence of _CHUNK; the song's end may fall inside the last
    chunk, whose padding adds nothing, so rounding block ends up to whole chunks is exact.
    """
    block = _BLOCK_SECONDS * SAMPLE_RATE
    step = 1.0 - _BLOCK_OVERLAP
    blocks = round((samples / SAMPLE_RATE - _BLOCK_SECONDS) / (_BLOCK_SECONDS * step)) + 1
    j = np.arange(blocks)
    lower = (block * j * step).astype(np.int64) // _CHUNK
    upper = -(-np.minimum((block * (j * step + 1)).astype(np.int64), samples) // _CHUNK)
    cumulative = np.concatenate(([0.0], np.cumsum(chunk_power)))
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
    _check_shape(audio)
    if audio.shape[1] < _BLOCK_SECONDS * SAMPLE_RATE:
        raise AudioToolError("Audio shorter than 0.4 s has no measurable loudness.")
    return _gated_loudness(_Analysis.of(_as_float32(audio)).chunk_power, audio.shape[1])


# --------------------------------------------------------------------------------------------- true peak


@functools.cache
def _interpolation_matrix() -> Audio:
    """(_WINDOW, 4 * _CHUNK): one chunk's window of input samples -> its 4x-oversampled points."""
    matrix = np.zeros((_WINDOW, OVERSAMPLE * _CHUNK), dtype=np.float64)
    for point in range(_CHUNK):
        for phase, taps in enumerate(TRUE_PEAK_PHASES):
            for j, tap in enumerate(taps):
                # The window starts _PHASE_TAPS - 1 - _AHEAD samples before the chunk.
                matrix[point + _PHASE_TAPS - 1 - j, OVERSAMPLE * point + phase] = tap
    out: Audio = matrix.astype(np.float32)
    return out


def _chunk_sample_peaks(audio: Audio) -> FloatArray:
    """Per chunk, the largest sample magnitude over all channels."""
    per_channel_peaks = per_channel(
        lambda channel: _chunked(np.abs(audio[channel]), np.maximum), audio.shape[0], audio.shape[1]
    )
    peaks: FloatArray = functools.reduce(np.maximum, per_channel_peaks)
    return peaks


def _held_ends(values: FloatArray, size: int) -> FloatArray:
    """`values` with its first and last value repeated size // 2 times before and after it (scipy.ndimage's
    mode "nearest"), so that a centred window of odd `size` fits at every position."""
    half = size // 2
    out: FloatArray = np.concatenate((np.full(half, values[0]), values, np.full(half, values[-1])))
    return out


def _running(values: FloatArray, size: int, pick: np.ufunc) -> FloatArray:
    """Centred running maximum (pick=np.maximum) or minimum (np.minimum) over an odd `size`, the ends
    held, by doubling: windows of 1, 2, 4, ... then two overlapping ones."""
    span, window = 1, _held_ends(values, size)
    while 2 * span <= size:
        window = pick(window[:-span], window[span:])  # window[i] covers padded[i : i + 2 * span]
        span *= 2
    out: FloatArray = pick(window[: values.size], window[size - span : size - span + values.size])
    return out


def _running_mean(values: FloatArray, size: int) -> FloatArray:
    """Centred running mean over an odd `size`, the ends held."""
    sums = np.concatenate(([0.0], np.cumsum(_held_ends(values, size))))
    out: FloatArray = (sums[size:] - sums[:-size]) / size
    return out


def _neighbourhood(chunk_values: FloatArray) -> FloatArray:
    """Per chunk, the maximum over it and its two neighbours: every sample its interpolated points read."""
    return _running(chunk_values, 3, np.maximum)


def _windows(source: Audio, ids: npt.NDArray[np.intp]) -> Audio:
    """(ids, _WINDOW): the samples each chunk's interpolated points read (silence outside the signal)."""
    first = ids * _CHUNK - _BEFORE
    samples = source.shape[0]
    if samples >= _WINDOW:
        windows: Audio = sliding_window_view(source, _WINDOW)[np.clip(first, 0, samples - _WINDOW)]
    else:
        windows = np.zeros((ids.size, _WINDOW), dtype=np.float32)
    for row in np.flatnonzero((first < 0) | (first + _WINDOW > samples)).tolist():  # a few, at the ends
        start = int(first[row])
        lo, hi = max(start, 0), min(start + _WINDOW, samples)
        windows[row] = 0.0
        if lo < hi:
            windows[row, lo - start : hi - start] = source[lo:hi]
    return windows


def _oversampled_chunk_peaks(
    audio: Audio, chunks: npt.NDArray[np.intp]
) -> tuple[npt.NDArray[np.intp], FloatArray]:
    """The largest magnitude of the 4x-oversampled signal's interpolated points in each chunk of the blocks
    holding `chunks`: (those chunks' indices, their peaks). The samples themselves are not included.

    Chunks are oversampled in aligned blocks of _BLOCK_CHUNKS with one fixed matrix shape per block, so a
    chunk's value never depends on which other chunks were asked for at the same time (a BLAS product's
    rounding can depend on the shape and the row): the master is a function of the mix alone.
    """
    count = _chunks(audio.shape[1])
    blocks = np.unique(chunks // _BLOCK_CHUNKS)
    ids = (blocks[:, None] * _BLOCK_CHUNKS + np.arange(_BLOCK_CHUNKS)).reshape(-1)
    if ids.size == 0:
        return ids, np.zeros(0, dtype=np.float64)
    matrix = _interpolation_matrix()

    def one(channel: int) -> FloatArray:
        windows = _windows(audio[channel], ids)
        points = (windows.reshape(blocks.size, _BLOCK_CHUNKS, _WINDOW) @ matrix).reshape(ids.size, -1)
        out: FloatArray = np.maximum(points.max(axis=1), -points.min(axis=1)).astype(np.float64)
        return out

    result = functools.reduce(np.maximum, per_channel(one, audio.shape[0], ids.size * _WINDOW))
    inside = ids < count  # the last block may reach past the end
    return ids[inside], result[inside]


@dataclass(frozen=True)
class _PeakMap:
    """Per chunk: the sample peak, its neighbourhood maximum, and a true-peak value (exact where `exact`)."""

    sample: FloatArray
    around: FloatArray
    true_peak: FloatArray  # exact where `exact`, else a bound (see `of`)
    exact: npt.NDArray[np.bool_]

    @classmethod
    def of(cls, sample: FloatArray, slopes: FloatArray | None = None) -> _PeakMap:
        """From each chunk's sample peak and, if known, largest step (over all channels): the bound is
        _OVERSHOOT·around, or less where the neighbourhood's steps are small (see the module docstring)."""
        around = _neighbourhood(sample)
        bound = around * _OVERSHOOT
        if slopes is not None:
            steps = _neighbourhood(slopes)
            slow = functools.reduce(
                np.maximum, [total * around + spread * steps for total, spread in _SLOPE_TERMS]
            )
            np.minimum(bound, slow, out=bound)
        return cls(sample, around, bound * (1.0 + _ROUNDING), np.zeros(sample.shape, dtype=np.bool_))

    def refine(self, audio: Audio, floor: float) -> _PeakMap:
        """Oversample every chunk whose bound reaches `floor` and is not exact yet."""
        todo = np.flatnonzero((self.true_peak >= floor) & ~self.exact)
        if todo.size == 0:
            return self
        true_peak, exact = self.true_peak.copy(), self.exact.copy()
        done, peaks = _oversampled_chunk_peaks(audio, todo)
        fresh = ~exact[done]  # chunks of those blocks already exact keep their (identical) value
        true_peak[done[fresh]] = np.maximum(peaks[fresh], self.sample[done[fresh]])
        exact[done] = True
        return _PeakMap(self.sample, self.around, true_peak, exact)

    def for_limiter(self) -> FloatArray:
        """Exact peaks where known, sample peaks elsewhere (there the bound is already under the floor)."""
        out: FloatArray = np.where(self.exact, self.true_peak, self.sample)
        return out


def true_peak_dbtp(audio: npt.NDArray[np.floating]) -> float:
    """True peak in dBTP: the largest magnitude of the 4x-oversampled signal (BS.1770-4); -inf for silence."""
    _check_shape(audio)
    if audio.shape[1] == 0:
        return -math.inf
    samples = _as_float32(audio)
    sample_peaks = _chunk_sample_peaks(samples)
    _check_finite(sample_peaks)
    peaks = _PeakMap.of(sample_peaks)
    sample_peak = float(peaks.sample.max())
    if sample_peak == 0.0:
        return -math.inf
    # No chunk whose bound is under the loudest sample can hold the true peak.
    refined = peaks.refine(samples, sample_peak)
    return 20.0 * math.log10(float(refined.true_peak[refined.exact].max(initial=sample_peak)))


# ------------------------------------------------------------------------------------------------ limiter


def _reduction_envelope(chunk_peaks: FloatArray, gain_db: float, ceiling_db: float) -> FloatArray:
    """Gain reduction in dB (≥ 0) per chunk so that peaks * gain stay under the ceiling.

    Each chunk's value also covers its neighbours' peaks, so the per-sample gain interpolated between
    chunk centres never rises above what a peak requires.
    """
    with np.errstate(divide="ignore"):
        over = 20.0 * np.log10(chunk_peaks) + gain_db - ceiling_db
    required = _running(np.maximum(over, 0.0), 3, np.maximum)
    if not np.any(required > 0.0):
        return np.zeros_like(required)
    half = max(1, math.ceil(_LOOKAHEAD_SECONDS * SAMPLE_RATE / _CHUNK))
    held = _running(required, 2 * half + 1, np.maximum)
    attack = _running_mean(held, 2 * half + 1)
    # Release: reduction falls at most `rate` dB per chunk, i.e. r[i] = max_j≤i (a[j] - rate·(i-j)).
    rate = _RELEASE_DB_PER_SECOND * _CHUNK / SAMPLE_RATE
    ramp = rate * np.arange(required.shape[0], dtype=np.float64)
    released: FloatArray = np.maximum.accumulate(attack + ramp) - ramp
    # Floating-point slack in the averaging must never let the gain rise above what a peak requires.
    envelope: FloatArray = np.maximum(released, required)
    return envelope


def _apply_gain(audio: Audio, gain: np.float32, chunk_gains: FloatArray | None) -> tuple[Audio, float]:
    """`audio` times `gain`, or times the per-sample gains interpolated linearly between chunk centres from
    `chunk_gains` (held at both ends), channels in parallel; and the result's sample peak."""
    out = fresh_audio((audio.shape[0], audio.shape[1]))

    def one(channel: int) -> float:
        if chunk_gains is None:
            np.multiply(audio[channel], gain, out=out[channel])
        else:
            kernels.apply_gains(audio[channel], out[channel], chunk_gains, _CHUNK)
        return max(float(out[channel].max()), -float(out[channel].min()))

    return out, max(per_channel(one, audio.shape[0], audio.shape[1]))


def _output_true_peak(out: Audio, peaks: _PeakMap, chunk_gains: FloatArray, sample_peak: float) -> float:
    """The exact true peak of `out` = input * gains (`sample_peak` its largest sample magnitude),
    oversampling only chunks that could hold it.

    Per chunk, with g the per-sample gains over its neighbourhood (they lie between the neighbouring chunk
    centres' gains), an interpolated output point is within `overshoot * max|x| * (max g - min g)` of
    `g * (the input's interpolated point)`; that bounds it from above and, where the input is exact, below.
    """
    span_max = _running(chunk_gains, 5, np.maximum) * (1.0 + _ROUNDING)
    span_min = _running(chunk_gains, 5, np.minimum) * (1.0 - _ROUNDING)
    wobble = _OVERSHOOT * peaks.around * (span_max - span_min)
    upper = span_max * peaks.true_peak + wobble
    lower = np.where(peaks.exact, span_min * peaks.true_peak - wobble, 0.0)
    floor = max(float(lower.max()), sample_peak)
    if floor == 0.0:
        return -math.inf
    candidates = np.flatnonzero(upper >= floor)
    peak = max(sample_peak, float(_oversampled_chunk_peaks(out, candidates)[1].max(initial=0.0)))
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
    The result depends only on the mix's values: identical mixes give bit-identical masters.
    """
    _check_shape(mix)
    if mix.shape[1] < _BLOCK_SECONDS * SAMPLE_RATE:
        raise AudioToolError("Audio shorter than 0.4 s cannot be mastered.")
    audio = _as_float32(mix)
    samples = audio.shape[1]
    analysis = _Analysis.of(audio)
    chunk_power = analysis.chunk_power
    integrated = _gated_loudness(chunk_power, samples)
    if integrated == -math.inf:
        return MasterResult(audio.copy(), -math.inf, true_peak_dbtp(audio), 0.0, 0.0)

    gain_db = initial_gain_db = target_lufs - integrated
    margin_db = _INITIAL_MARGIN_DB
    peaks = _PeakMap.of(analysis.sample_peaks, analysis.slopes)
    best: MasterResult | None = None
    for _ in range(_PASSES):
        ceiling = ceiling_dbtp - margin_db
        envelope = np.zeros(0)
        limited_before, last, stalled = False, -math.inf, False
        for _ in range(6):  # converge the make-up gain on the predicted loudness
            # Exact peaks only where this gain could reach the ceiling (refine skips chunks already exact):
            # elsewhere the sample peak needs no limiting either, so the envelope is the same.
            peaks = peaks.refine(audio, 10.0 ** ((ceiling - gain_db) / 20.0))
            envelope = _reduction_envelope(peaks.for_limiter(), gain_db, ceiling)
            if not envelope.any():
                predicted = integrated + gain_db
            else:
                weighted = chunk_power * np.exp((gain_db - envelope) * _DB_POWER)
                predicted = _gated_loudness(weighted, samples)
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
            out, sample_peak = _apply_gain(audio, gain, chunk_gains)
            power = _limited_chunk_power(out, chunk_power, gain, chunk_gains)
            measured = _gated_loudness(power, samples)
        else:
            chunk_gains = np.full(peaks.sample.shape, float(gain))
            out, sample_peak = _apply_gain(audio, gain, None)
            measured = integrated + gain_db  # a pure gain moves loudness exactly
        peak = _output_true_peak(out, peaks, chunk_gains, sample_peak)
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
