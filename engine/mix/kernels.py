"""Compiled per-channel loops of the mix and master stages (numba; they release the GIL, so the channel
threads of `engine.mix.channels` run them side by side).

Each is one pass over a channel that would otherwise take several numpy passes, each with a full-length
temporary: `mix_channel` sums one channel of the scaled stems, `analyse` measures K-weighted power,
sample peak and largest step per chunk while filtering, and `apply_gains` writes the master with gains
interpolated per sample. A chunk is a run of `chunk` samples (the last may be shorter). Arithmetic is
float64 inside; results are deterministic (no fast-math, no reordering), so identical inputs give
identical bits.

Compiled on first use and cached next to this file (or in numba's user cache where that is read-only):
the server's `warm_up` and every test process pay it once.
"""

from __future__ import annotations

import numba
import numpy as np
import numpy.typing as npt

Audio = npt.NDArray[np.float32]
FloatArray = npt.NDArray[np.float64]


def _analyse(
    x: Audio,
    sos: FloatArray,
    state: FloatArray,
    chunk: int,
    power: FloatArray,
    peaks: FloatArray,
    slopes: FloatArray,
) -> None:
    """Per chunk of `x`: the sum of squares of `x` through the cascade of biquads `sos` (rows b0 b1 b2 a0
    a1 a2, a0 = 1; direct form II transposed, `state` (sections, 2) its running state), the largest
    |x[k]| (NaN if a sample is NaN), and the largest |x[k + 1] - x[k]| for k in the chunk (x is silent
    after its end)."""
    sections = sos.shape[0]
    n = x.shape[0]
    count = (n + chunk - 1) // chunk
    for c in range(count):
        first = c * chunk
        last = min(n, first + chunk)
        total = 0.0
        peak = 0.0
        step = 0.0
        for k in range(first, last):
            v = np.float64(x[k])
            y = v
            for s in range(sections):
                out = sos[s, 0] * y + state[s, 0]
                state[s, 0] = sos[s, 1] * y - sos[s, 4] * out + state[s, 1]
                state[s, 1] = sos[s, 2] * y - sos[s, 5] * out
                y = out
            total += y * y
            magnitude = abs(v)
            if magnitude > peak or magnitude != magnitude:  # NaN sticks: the caller rejects it
                peak = magnitude
            following = np.float64(x[k + 1]) if k + 1 < n else 0.0
            step = max(step, abs(following - v))
        power[c] = total
        peaks[c] = peak
        slopes[c] = step


def _apply_gains(x: Audio, out: Audio, gains: FloatArray, chunk: int, offset: int) -> None:
    """out = x times gains interpolated linearly between chunk centres, held before the first centre and
    after the last: segment k runs from chunk k's centre to chunk k + 1's. x and out are the samples
    offset .. offset + len(x) of the signal (each sample's gain depends only on its place in it)."""
    end = offset + x.shape[0]
    centre = (chunk - 1) // 2
    last = gains.shape[0] - 1
    head = min(end, centre)
    for k in range(offset, head):
        out[k - offset] = np.float32(np.float64(x[k - offset]) * gains[0])
    segment = (offset - centre) // chunk if offset > centre else 0
    while segment <= last:
        first = centre + segment * chunk
        if first >= end:
            break
        stop = min(end, first + chunk)
        low = gains[segment]
        slope = (gains[min(segment + 1, last)] - low) / chunk
        for k in range(max(first, offset), stop):
            out[k - offset] = np.float32(np.float64(x[k - offset]) * (low + slope * (k - first)))
        segment += 1


def _mix_channel(stems: tuple[Audio, ...], gains: Audio, out: Audio, block: int) -> None:
    """out = sum of stems[i] * gains[i], in float32, stem by stem in order (the first scaled, each next one
    scaled and added: numpy's operations and rounding), block by block so the running sum stays in the
    CPU's cache. Every array is one channel of the same length."""
    n = out.shape[0]
    for start in range(0, n, block):
        stop = min(n, start + block)
        g = gains[0]
        first = stems[0]
        for k in range(start, stop):
            out[k] = first[k] * g
        for i in range(1, len(stems)):
            g = gains[i]
            stem = stems[i]
            for k in range(start, stop):
                out[k] = out[k] + stem[k] * g


_jit = numba.njit(nogil=True, cache=True, error_model="numpy")
_analyse_compiled = _jit(_analyse)
_apply_gains_compiled = _jit(_apply_gains)
_mix_channel_compiled = _jit(_mix_channel)


def analyse(x: Audio, sos: FloatArray, chunk: int) -> tuple[FloatArray, FloatArray, FloatArray]:
    """(power, peaks, slopes) per chunk of the float32 channel `x` (see `_analyse`), the filter started
    from rest at its first sample."""
    count = -(-x.shape[0] // chunk)
    power, peaks, slopes = (np.empty(count, dtype=np.float64) for _ in range(3))
    state = np.zeros((sos.shape[0], 2), dtype=np.float64)
    _analyse_compiled(x, sos, state, chunk, power, peaks, slopes)
    return power, peaks, slopes


def apply_gains(x: Audio, out: Audio, gains: FloatArray, chunk: int, offset: int = 0) -> None:
    """Write `x` (the signal's samples from `offset` on) times the per-chunk `gains` into `out` (see
    `_apply_gains`)."""
    _apply_gains_compiled(x, out, gains, chunk, offset)


def mix_channel(stems: tuple[Audio, ...], gains: Audio, out: Audio, block: int) -> None:
    """Sum one channel: float32 arrays `stems`, each as long as `out`, times float32 `gains` (one per stem),
    into `out` (see `_mix_channel`).

    The stems are passed read-only and contiguous, whatever they are, so that every call with the same
    number of stems uses one compiled version (numba specialises on each array's type and layout)."""
    views = []
    for stem in stems:
        view = np.ascontiguousarray(stem).view()
        view.flags.writeable = False
        views.append(view)
    _mix_channel_compiled(tuple(views), gains, out, block)


WARM_STEMS = 8  # the mix loop is compiled per number of stems: warm_up prepares songs of up to this many


def warm_up() -> None:
    """Compile (or load the cached compilation of) every kernel."""
    x = np.zeros(64, dtype=np.float32)
    for count in range(1, WARM_STEMS + 1):
        mix_channel((x,) * count, np.ones(count, dtype=np.float32), np.empty_like(x), 16)
    sos = np.zeros((1, 6), dtype=np.float64)
    sos[0, 0] = sos[0, 3] = 1.0
    analyse(x, sos, 21)
    apply_gains(x, np.empty_like(x), np.ones(4, dtype=np.float64), 21, 0)
