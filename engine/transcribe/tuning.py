"""How far a take sits from concert pitch, and retuning it: a singer 40 cents sharp would otherwise fall
between two semitones and be heard flickering between them."""

from __future__ import annotations

import numpy as np
from scipy.signal import resample_poly

from engine.transcribe.model import CONTOUR_BINS_PER_SEMITONE, Activations, Floats
from engine.transcribe.notes import FRAME_THRESHOLD

RETUNE_CENTS = 25.0  # takes further off than this are retuned before notes are read
_RESAMPLE_DENOMINATOR = 2000


def tuning_offset_cents(activations: Activations) -> float:
    """The take's offset from A440 tuning in cents (-50..50): the circular mean, over voiced frames, of
    where the pitch contour's peak (interpolated) sits between semitones."""
    voiced = activations.frames.max(axis=1) >= FRAME_THRESHOLD
    contours = activations.contours[voiced]
    if contours.shape[0] == 0:
        return 0.0
    peak = np.clip(contours.argmax(axis=1), 1, contours.shape[1] - 2)
    rows = np.arange(peak.size)
    left, centre, right = contours[rows, peak - 1], contours[rows, peak], contours[rows, peak + 1]
    curvature = left - 2 * centre + right
    shift = np.where(curvature < 0, 0.5 * (left - right) / np.minimum(curvature, -1e-6), 0.0)
    semitones = (peak + shift - 1) / CONTOUR_BINS_PER_SEMITONE  # bin 1 is A0 exactly
    angle = np.angle(np.mean(np.exp(2j * np.pi * semitones)))
    return float(angle / (2 * np.pi) * 100)


def retuned(mono: Floats, cents: float) -> tuple[Floats, float]:
    """The take resampled to sound `cents` lower (slower by the same ratio), and that time ratio: a time
    t in the retuned take is t / ratio in the original."""
    ratio_target = 2 ** (cents / 1200)
    up = round(_RESAMPLE_DENOMINATOR * ratio_target)
    stretched = resample_poly(mono, up, _RESAMPLE_DENOMINATOR).astype(np.float32)
    return np.ascontiguousarray(stretched), up / _RESAMPLE_DENOMINATOR
