"""Waveform overviews for the UI: the loudest sample in each of a fixed number of time buckets."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

DEFAULT_POINTS = 800


def waveform_peaks(audio: npt.NDArray[np.floating], points: int = DEFAULT_POINTS) -> list[float]:
    """Max |sample| over channels per bucket, clipped to 0..1 and rounded to 3 decimals.

    Returns `points` values, or one per sample for audio shorter than that.
    """
    if points <= 0:
        raise ValueError("points must be positive.")
    magnitude = np.abs(audio).max(axis=0) if audio.ndim == 2 else np.abs(audio)
    n = magnitude.shape[0]
    if n == 0:
        return []
    buckets = min(points, n)
    edges = (np.arange(buckets) * n) // buckets
    peaks = np.maximum.reduceat(magnitude, edges)
    return [round(float(value), 3) for value in np.clip(peaks, 0.0, 1.0)]
