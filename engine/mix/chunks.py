"""The grid the master's measurements run on: 21-sample chunks, and running windows over per-chunk values.

Loudness, true peak and the limiter all work per chunk (0.48 ms at 44.1 kHz). 21 divides BS.1770's 0.1 s
hop, so gated loudness from per-chunk K-weighted power is exact, and it is larger than the true-peak
filter's reach (6 samples), so a chunk's interpolated points read only it and its two neighbours.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from engine.errors import AudioToolError

SAMPLE_RATE = 44100
CHUNK = 21  # samples per chunk; divides the 0.1 s hop. Larger than the filter's reach (6 samples)

Audio = npt.NDArray[np.float32]
FloatArray = npt.NDArray[np.float64]


def check_shape(audio: npt.NDArray[np.floating]) -> None:
    """Raise AudioToolError unless `audio` is (channels, samples) with 1 or 2 channels."""
    if audio.ndim != 2 or audio.shape[0] not in (1, 2):
        raise AudioToolError(
            f"Audio must have shape (channels, samples) with 1 or 2 channels, got {audio.shape}."
        )


def check_finite(chunk_sample_peaks: FloatArray) -> None:
    """Peaks are finite exactly when every sample is (NaN and inf propagate through abs and max)."""
    if not np.all(np.isfinite(chunk_sample_peaks)):
        raise AudioToolError("Audio contains NaN or infinite samples.")


def as_float32(audio: npt.NDArray[np.floating]) -> Audio:
    """`audio` as contiguous float32 (no copy when it already is)."""
    out: Audio = np.ascontiguousarray(audio, dtype=np.float32)
    return out


def _held_ends(values: FloatArray, size: int) -> FloatArray:
    """`values` with its first and last value repeated size // 2 times before and after it (scipy.ndimage's
    mode "nearest"), so that a centred window of odd `size` fits at every position."""
    half = size // 2
    out: FloatArray = np.concatenate((np.full(half, values[0]), values, np.full(half, values[-1])))
    return out


def running(values: FloatArray, size: int, pick: np.ufunc) -> FloatArray:
    """Centred running maximum (pick=np.maximum) or minimum (np.minimum) over an odd `size`, the ends
    held, by doubling: windows of 1, 2, 4, ... then two overlapping ones."""
    span, window = 1, _held_ends(values, size)
    while 2 * span <= size:
        window = pick(window[:-span], window[span:])  # window[i] covers padded[i : i + 2 * span]
        span *= 2
    out: FloatArray = pick(window[: values.size], window[size - span : size - span + values.size])
    return out


def running_mean(values: FloatArray, size: int) -> FloatArray:
    """Centred running mean over an odd `size`, the ends held."""
    sums = np.concatenate(([0.0], np.cumsum(_held_ends(values, size))))
    out: FloatArray = (sums[size:] - sums[:-size]) / size
    return out
