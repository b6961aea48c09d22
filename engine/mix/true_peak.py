"""True peak (ITU-R BS.1770-4): the largest magnitude of the 4x-oversampled signal, oversampling only
the chunks that could hold it.

The signal is interpolated with BS.1770-4 Annex 2's published 48-tap, 4-phase filter. An interpolated
point depends on 12 samples, so it can exceed the largest of them by at most the filter's largest
per-phase sum of |taps| (`_OVERSHOOT`, about 2.02); and where the signal moves slowly by less: writing
the point as (sum of taps)·x_a + Σ tap_j·(x_j - x_a) for one of its samples x_a, it is at most
|sum of taps|·max|x| + D·Σ |tap_j|·|j - a|, with D the largest step between neighbouring samples
(`_SLOPE_TERMS`). A chunk whose neighbourhood's bound stays under the level in question needs no
oversampling. Only the others are oversampled, as small matrix products over aligned blocks of chunks.

After limiting the bound is proven, not estimated: for the output `x * g` an interpolated point is at
most `max(g) * tp(x) + overshoot * max|x| * (max(g) - min(g))` over its 12-sample span, with tp(x) the
input's exact (oversampled) chunk peak or its bound. Only chunks where that bound could hold the output's
true peak are oversampled again, so the reported true peak is exact (`output_true_peak`).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from numpy.lib.stride_tricks import sliding_window_view

from engine.blocks import BLOCK, release_pages
from engine.mix.channels import per_channel
from engine.mix.chunks import CHUNK, Audio, FloatArray, as_float32, check_finite, check_shape, running

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

_WINDOW = CHUNK + _PHASE_TAPS - 1  # input samples that one chunk's interpolated points read
_BEFORE = _PHASE_TAPS - 1 - _AHEAD  # a chunk's window starts this many samples before it
_BLOCK_CHUNKS = 8  # chunks oversampled together (see _oversampled_chunk_peaks)
_BATCH_CHUNKS = _BLOCK_CHUNKS * 4096  # chunks whose windows are in memory at once (about 15 MB)


def _chunks(samples: int) -> int:
    return -(-samples // CHUNK)


def _chunked(values: npt.NDArray[np.generic], reduce: np.ufunc) -> FloatArray:
    """Reduce consecutive CHUNK-sample runs (the last one may be shorter) with np.maximum or np.add."""
    starts = np.arange(0, values.shape[0], CHUNK)
    out: FloatArray = reduce.reduceat(values, starts).astype(np.float64)
    return out


@functools.cache
def _interpolation_matrix() -> Audio:
    """(_WINDOW, 4 * CHUNK): one chunk's window of input samples -> its 4x-oversampled points."""
    matrix = np.zeros((_WINDOW, OVERSAMPLE * CHUNK), dtype=np.float64)
    for point in range(CHUNK):
        for phase, taps in enumerate(TRUE_PEAK_PHASES):
            for j, tap in enumerate(taps):
                # The window starts _PHASE_TAPS - 1 - _AHEAD samples before the chunk.
                matrix[point + _PHASE_TAPS - 1 - j, OVERSAMPLE * point + phase] = tap
    out: Audio = matrix.astype(np.float32)
    return out


def _chunk_sample_peaks(audio: Audio) -> FloatArray:
    """Per chunk, the largest sample magnitude over all channels: whole chunks a block at a time, so no
    full-length temporary is made and a memory-mapped signal's pages are released as they are read."""
    samples = audio.shape[1]
    step = BLOCK - BLOCK % CHUNK

    def one(channel: int) -> FloatArray:
        row = audio[channel : channel + 1]
        peaks = np.empty(_chunks(samples), dtype=np.float64)
        for start in range(0, samples, step):
            stop = min(samples, start + step)
            block = _chunked(np.abs(row[0, start:stop]), np.maximum)
            peaks[start // CHUNK : start // CHUNK + block.size] = block
            release_pages(row, start, stop)
        return peaks

    peaks: FloatArray = functools.reduce(np.maximum, per_channel(one, audio.shape[0], samples))
    return peaks


def _neighbourhood(chunk_values: FloatArray) -> FloatArray:
    """Per chunk, the maximum over it and its two neighbours: every sample its interpolated points read."""
    return running(chunk_values, 3, np.maximum)


def _windows(source: Audio, ids: npt.NDArray[np.intp]) -> Audio:
    """(ids, _WINDOW): the samples each chunk's interpolated points read (silence outside the signal)."""
    first = ids * CHUNK - _BEFORE
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
        out = np.empty(ids.size, dtype=np.float64)
        # A batch of blocks at a time: the windows and points of every chunk at once would be 0.6 GB a
        # channel for a 10-minute song. Each block is still its own (_BLOCK_CHUNKS, _WINDOW) product.
        for first in range(0, ids.size, _BATCH_CHUNKS):
            batch = ids[first : first + _BATCH_CHUNKS]
            windows = _windows(audio[channel], batch)
            points = (windows.reshape(-1, _BLOCK_CHUNKS, _WINDOW) @ matrix).reshape(batch.size, -1)
            out[first : first + batch.size] = np.maximum(points.max(axis=1), -points.min(axis=1))
            # A memory-mapped signal (a spilled mix): only the batch in hand stays resident.
            span = max(0, int(batch[0]) * CHUNK - _BEFORE), int(batch[-1] + 1) * CHUNK + _WINDOW
            release_pages(audio[channel : channel + 1], *span)
        return out

    result = functools.reduce(np.maximum, per_channel(one, audio.shape[0], ids.size * _WINDOW))
    inside = ids < count  # the last block may reach past the end
    return ids[inside], result[inside]


@dataclass(frozen=True)
class PeakMap:
    """Per chunk: the sample peak, its neighbourhood maximum, and a true-peak value (exact where `exact`)."""

    sample: FloatArray
    around: FloatArray
    true_peak: FloatArray  # exact where `exact`, else a bound (see `of`)
    exact: npt.NDArray[np.bool_]

    @classmethod
    def of(cls, sample: FloatArray, slopes: FloatArray | None = None) -> PeakMap:
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

    def refine(self, audio: Audio, floor: float) -> PeakMap:
        """Oversample every chunk whose bound reaches `floor` and is not exact yet."""
        todo = np.flatnonzero((self.true_peak >= floor) & ~self.exact)
        if todo.size == 0:
            return self
        true_peak, exact = self.true_peak.copy(), self.exact.copy()
        done, peaks = _oversampled_chunk_peaks(audio, todo)
        fresh = ~exact[done]  # chunks of those blocks already exact keep their (identical) value
        true_peak[done[fresh]] = np.maximum(peaks[fresh], self.sample[done[fresh]])
        exact[done] = True
        return PeakMap(self.sample, self.around, true_peak, exact)

    def for_limiter(self) -> FloatArray:
        """Exact peaks where known, sample peaks elsewhere (there the bound is already under the floor)."""
        out: FloatArray = np.where(self.exact, self.true_peak, self.sample)
        return out


def true_peak_dbtp(audio: npt.NDArray[np.floating]) -> float:
    """True peak in dBTP: the largest magnitude of the 4x-oversampled signal (BS.1770-4); -inf for silence."""
    check_shape(audio)
    if audio.shape[1] == 0:
        return -math.inf
    samples = as_float32(audio)
    sample_peaks = _chunk_sample_peaks(samples)
    check_finite(sample_peaks)
    peaks = PeakMap.of(sample_peaks)
    sample_peak = float(peaks.sample.max())
    if sample_peak == 0.0:
        return -math.inf
    # No chunk whose bound is under the loudest sample can hold the true peak.
    refined = peaks.refine(samples, sample_peak)
    return 20.0 * math.log10(float(refined.true_peak[refined.exact].max(initial=sample_peak)))


def output_true_peak(out: Audio, peaks: PeakMap, chunk_gains: FloatArray, sample_peak: float) -> float:
    """The exact true peak of `out` = input * gains (`sample_peak` its largest sample magnitude),
    oversampling only chunks that could hold it.

    Per chunk, with g the per-sample gains over its neighbourhood (they lie between the neighbouring chunk
    centres' gains), an interpolated output point is within `overshoot * max|x| * (max g - min g)` of
    `g * (the input's interpolated point)`; that bounds it from above and, where the input is exact, below.
    """
    span_max = running(chunk_gains, 5, np.maximum) * (1.0 + _ROUNDING)
    span_min = running(chunk_gains, 5, np.minimum) * (1.0 - _ROUNDING)
    wobble = _OVERSHOOT * peaks.around * (span_max - span_min)
    upper = span_max * peaks.true_peak + wobble
    lower = np.where(peaks.exact, span_min * peaks.true_peak - wobble, 0.0)
    floor = max(float(lower.max()), sample_peak)
    if floor == 0.0:
        return -math.inf
    candidates = np.flatnonzero(upper >= floor)
    peak = max(sample_peak, float(_oversampled_chunk_peaks(out, candidates)[1].max(initial=0.0)))
    return 20.0 * math.log10(peak)
