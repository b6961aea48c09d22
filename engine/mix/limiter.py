"""The look-ahead limiter: a gain envelope in dB computed from chunk peaks, applied per sample.

A centred running maximum then a moving average of the same width (so the gain is already down when a
peak arrives), then a linear-in-dB release; per-sample gains are interpolated linearly between chunk
centres while the output is written (a compiled loop per channel, `engine/mix/kernels.py`).
"""

from __future__ import annotations

import math

import numpy as np

from engine.blocks import BLOCK, release_pages
from engine.mix import kernels
from engine.mix.buffers import fresh_audio
from engine.mix.channels import per_channel
from engine.mix.chunks import CHUNK, SAMPLE_RATE, Audio, FloatArray, running, running_mean

_LOOKAHEAD_SECONDS = 0.002  # half-width of the attack window: the gain starts falling 4 ms before a peak
_RELEASE_DB_PER_SECOND = 40.0


def reduction_envelope(chunk_peaks: FloatArray, gain_db: float, ceiling_db: float) -> FloatArray:
    """Gain reduction in dB (≥ 0) per chunk so that peaks * gain stay under the ceiling.

    Each chunk's value also covers its neighbours' peaks, so the per-sample gain interpolated between
    chunk centres never rises above what a peak requires.
    """
    with np.errstate(divide="ignore"):
        over = 20.0 * np.log10(chunk_peaks) + gain_db - ceiling_db
    required = running(np.maximum(over, 0.0), 3, np.maximum)
    if not np.any(required > 0.0):
        return np.zeros_like(required)
    half = max(1, math.ceil(_LOOKAHEAD_SECONDS * SAMPLE_RATE / CHUNK))
    held = running(required, 2 * half + 1, np.maximum)
    attack = running_mean(held, 2 * half + 1)
    # Release: reduction falls at most `rate` dB per chunk, i.e. r[i] = max_j≤i (a[j] - rate·(i-j)).
    rate = _RELEASE_DB_PER_SECOND * CHUNK / SAMPLE_RATE
    ramp = rate * np.arange(required.shape[0], dtype=np.float64)
    released: FloatArray = np.maximum.accumulate(attack + ramp) - ramp
    # Floating-point slack in the averaging must never let the gain rise above what a peak requires.
    envelope: FloatArray = np.maximum(released, required)
    return envelope


def apply_gain(audio: Audio, gain: np.float32, chunk_gains: FloatArray | None) -> tuple[Audio, float]:
    """`audio` times `gain`, or times the per-sample gains interpolated linearly between chunk centres from
    `chunk_gains` (held at both ends), channels in parallel; and the result's sample peak.

    Written a block at a time (engine.blocks), so that of a memory-mapped `audio` only the block in hand
    is resident besides the output."""
    out = fresh_audio((audio.shape[0], audio.shape[1]))
    peak = 0.0
    samples = audio.shape[1]
    for start in range(0, samples, BLOCK):
        stop = min(samples, start + BLOCK)

        def one(channel: int, start: int = start, stop: int = stop) -> float:
            source, target = audio[channel, start:stop], out[channel, start:stop]
            if chunk_gains is None:
                np.multiply(source, gain, out=target)
            else:
                kernels.apply_gains(source, target, chunk_gains, CHUNK, start)
            return max(float(target.max()), -float(target.min()))

        peak = max(peak, *per_channel(one, audio.shape[0], stop - start))
        release_pages(audio, start, stop)
    return out, peak
