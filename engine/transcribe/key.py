"""Key of a melody: Krumhansl-Kessler key profiles against its duration-weighted pitch classes."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from engine.theory import TONICS

# Probe-tone ratings (Krumhansl & Kessler 1982) for the tonic and each semitone above it.
_MAJOR = np.array([6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88])
_MINOR = np.array([6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17])


def detect_key(pitches: Sequence[int], durations: Sequence[float]) -> tuple[str, str]:
    """(tonic, "major" | "minor") whose profile correlates best with how long each pitch class sounds."""
    histogram = np.zeros(12)
    for pitch, duration in zip(pitches, durations, strict=True):
        histogram[pitch % 12] += duration
    if np.count_nonzero(histogram) < 2:  # nothing, or one pitch class: it is the tonic
        return TONICS[int(histogram.argmax())], "major"
    best = ("C", "major")
    best_r = -2.0
    for tonic in range(12):
        for mode, profile in (("major", _MAJOR), ("minor", _MINOR)):
            r = float(np.corrcoef(histogram, np.roll(profile, tonic))[0, 1])
            if r > best_r:
                best, best_r = (TONICS[tonic], mode), r
    return best
