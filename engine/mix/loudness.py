"""Integrated loudness (ITU-R BS.1770-4) measured per chunk: K-weighted power, then gated blocks.

One streaming pass (a compiled loop per channel, `engine/mix/kernels.py`, no full-length temporaries)
measures per chunk the K-weighted power, the sample peak and the largest step between neighbouring
samples; the last two feed the true-peak bounds (`engine.mix.true_peak`). Gated loudness is computed
from the chunk powers with blocks cut exactly as pyloudnorm cuts them. After limiting, only the
stretches where the limiter moved the gain are filtered again (`limited_chunk_power`).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pyloudnorm

from engine.blocks import release_pages
from engine.errors import AudioToolError
from engine.mix import kernels
from engine.mix.channels import per_channel
from engine.mix.chunks import CHUNK, SAMPLE_RATE, Audio, FloatArray, as_float32, check_finite, check_shape

BLOCK_SECONDS = 0.4  # BS.1770 gating block
_BLOCK_OVERLAP = 0.75
_ABSOLUTE_GATE_LUFS = -70.0
_RELATIVE_GATE_LU = -10.0
# K-weighting forgets its input within this many samples (its slowest pole decays by ~e^-20).
_K_TAIL = 4096
# Started from silence this far ahead, K-weighting has reached its running state: the slowest poles'
# response (about n·r^n, two poles of radius 0.9947) is below 1e-15 there.
_K_WARMUP = 2 * _K_TAIL


@functools.cache
def _k_weighting_sos() -> FloatArray:
    meter = pyloudnorm.Meter(SAMPLE_RATE)  # BS.1770-4 K-weighting: high shelf, then high pass
    stages = [np.hstack([stage.b, stage.a]) for stage in meter._filters.values()]
    sos: FloatArray = np.vstack(stages).astype(np.float64)
    return sos


@dataclass(frozen=True)
class ChunkAnalysis:
    """What one streaming pass measures, per chunk: the K-weighted power (channels summed with weight 1.0),
    the largest sample magnitude over channels, and the largest step |x[k + 1] - x[k]| for k in the chunk
    (the signal is silent before its start and after its end, so the steps into and out of it count)."""

    chunk_power: FloatArray
    sample_peaks: FloatArray
    slopes: FloatArray

    @classmethod
    def of(cls, audio: Audio) -> ChunkAnalysis:
        sos = _k_weighting_sos()
        samples = audio.shape[1]

        def one(channel: int) -> tuple[FloatArray, FloatArray, FloatArray]:
            return kernels.analyse(audio[channel], sos, CHUNK)

        results = per_channel(one, audio.shape[0], samples)
        chunk_power: FloatArray = functools.reduce(np.add, [power for power, _, _ in results])
        sample_peaks: FloatArray = functools.reduce(np.maximum, [p for _, p, _ in results])
        check_finite(sample_peaks)
        slopes: FloatArray = functools.reduce(np.maximum, [s for _, _, s in results])
        slopes[0] = max(slopes[0], float(np.abs(audio[:, 0]).max()))  # the step out of the silence before
        release_pages(audio, 0, samples)  # a memory-mapped mix or master: read once, not kept resident
        return cls(chunk_power, sample_peaks, slopes)


def limited_chunk_power(
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
    tail = -(-_K_TAIL // CHUNK)
    merged: list[list[int]] = []
    for first, end in edges.reshape(-1, 2).tolist():  # [first, end) chunks where the gain moves
        if merged and first <= merged[-1][1] + tail:
            merged[-1][1] = end
        else:
            merged.append([first, end])
    samples = out.shape[1]
    stretches = [(first * CHUNK, min((end + tail) * CHUNK, samples)) for first, end in merged]
    sos = _k_weighting_sos()
    warmup = -(-_K_WARMUP // CHUNK) * CHUNK  # whole chunks, so the stretch's chunks line up

    def one(channel: int) -> list[FloatArray]:
        measured = []
        for start, stop in stretches:
            ahead = min(start, warmup)
            power, _, _ = kernels.analyse(out[channel, start - ahead : stop], sos, CHUNK)
            measured.append(power[ahead // CHUNK :])
        return measured

    per_channel_power = per_channel(one, out.shape[0], sum(stop - start for start, stop in stretches))
    for (start, _), *channels in zip(stretches, *per_channel_power, strict=True):
        stretch = functools.reduce(np.add, channels)
        power[start // CHUNK : start // CHUNK + stretch.size] = stretch
    return power


def gated_loudness(chunk_power: FloatArray, samples: int) -> float:
    """BS.1770-4 gated loudness from K-weighted power per chunk, with blocks cut as pyloudnorm cuts them.

    Block edges are multiples of the 0.1 s hop, hence of CHUNK; the song's end may fall inside the last
    chunk, whose padding adds nothing, so rounding block ends up to whole chunks is exact.
    """
    block = BLOCK_SECONDS * SAMPLE_RATE
    step = 1.0 - _BLOCK_OVERLAP
    blocks = round((samples / SAMPLE_RATE - BLOCK_SECONDS) / (BLOCK_SECONDS * step)) + 1
    j = np.arange(blocks)
    lower = (block * j * step).astype(np.int64) // CHUNK
    upper = -(-np.minimum((block * (j * step + 1)).astype(np.int64), samples) // CHUNK)
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
    check_shape(audio)
    if audio.shape[1] < BLOCK_SECONDS * SAMPLE_RATE:
        raise AudioToolError("Audio shorter than 0.4 s has no measurable loudness.")
    return gated_loudness(ChunkAnalysis.of(as_float32(audio)).chunk_power, audio.shape[1])
