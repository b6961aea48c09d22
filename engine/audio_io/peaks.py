"""Waveform overviews for the UI: the loudest sample in each of a fixed number of time buckets."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from engine.blocks import BLOCK, release_pages

DEFAULT_POINTS = 800


def waveform_peaks(
    audio: npt.NDArray[np.floating], points: int = DEFAULT_POINTS, *, gain: float = 1.0
) -> list[float]:
    """Max |sample| over channels per bucket of `audio` times `gain` (as float32 samples times
    np.float32(gain)), clipped to 0..1 and rounded to 3 decimals.

    Returns `points` values, or one per sample for audio shorter than that. Read a run of buckets at a
    time (engine.blocks), so a memory-mapped stem is never resident whole.
    """
    if points <= 0:
        raise ValueError("points must be positive.")
    channels = audio if audio.ndim == 2 else audio[np.newaxis, :]
    n = channels.shape[1]
    if n == 0:
        return []
    buckets = min(points, n)
    bounds = np.append((np.arange(buckets) * n) // buckets, n)
    peaks = np.empty(buckets, dtype=channels.dtype)
    per_read = max(1, BLOCK // max(1, n // buckets))  # whole buckets, about a block of samples
    for first in range(0, buckets, per_read):
        last = min(buckets, first + per_read)
        start, stop = int(bounds[first]), int(bounds[last])
        piece = channels[:, start:stop]
        scaled = piece if gain == 1.0 else piece * np.float32(gain)
        magnitude = np.abs(scaled).max(axis=0)
        peaks[first:last] = np.maximum.reduceat(magnitude, bounds[first:last] - start)
        release_pages(channels, start, stop)
    return [round(float(value), 3) for value in np.clip(peaks, 0.0, 1.0)]
