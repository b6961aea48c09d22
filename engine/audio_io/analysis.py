"""What an uploaded recording is, musically: its tempo and key, estimated with numpy and scipy.

Tempo: a spectral-flux onset envelope, autocorrelated; the strongest lag between 60 and 200 BPM wins,
weighted towards moderate tempi (a log-normal prior around 120 BPM, as beat trackers commonly use).
Key: a chroma vector (spectral energy folded onto the 12 pitch classes) correlated with the
Krumhansl-Kessler major and minor key profiles in all 12 rotations.
Both look at the first ANALYSIS_SECONDS only: enough for a stable estimate, bounded cost.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import signal

from engine.theory import TONICS

SAMPLE_RATE = 44100
ANALYSIS_SECONDS = 90.0
TEMPO_MIN_BPM = 60.0
TEMPO_MAX_BPM = 200.0
_RATE = 22050  # analysis rate: the input decimated by 2
_HOP = 256
_FFT = 1024
_CHROMA_FFT = 8192
_CHROMA_HOP = 4096
_PRIOR_CENTER_BPM = 120.0
_PRIOR_OCTAVES = 1.0
# Onsets weaker than this (99th percentile of the envelope, in its log-flux units) are no pulse: a held
# tone's envelope is numerical ripple, periodic enough to fake a tempo. Clicks at -20 dBFS reach ~350.
_MIN_PULSE = 20.0

# Krumhansl & Kessler (1982) probe-tone ratings, tonic first.
_MAJOR_PROFILE = np.array([6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88])
_MINOR_PROFILE = np.array([6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17])

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Analysis:
    tempo_bpm: float
    tempo_confidence: float  # 0..1: how much the winning lag stands out
    key: str  # a tonic from engine.theory.TONICS
    mode: str  # "major" or "minor"
    key_confidence: float  # correlation of the chroma with the winning profile, -1..1


def _mono(audio: npt.NDArray[np.floating]) -> FloatArray:
    limit = int(ANALYSIS_SECONDS * SAMPLE_RATE)
    clip = np.asarray(audio[:, :limit], dtype=np.float64)
    mono = clip.mean(axis=0)
    decimated: FloatArray = signal.decimate(mono, 2, ftype="fir", zero_phase=True) if mono.size > 64 else mono
    return decimated


def _magnitudes(mono: FloatArray, fft: int, hop: int) -> FloatArray:
    if mono.size < fft:
        mono = np.pad(mono, (0, fft - mono.size))
    frames = np.lib.stride_tricks.sliding_window_view(mono, fft)[::hop]
    spectrum: FloatArray = np.abs(np.fft.rfft(frames * np.hanning(fft), axis=1))
    return spectrum


def onset_envelope(mono: FloatArray) -> FloatArray:
    """Half-wave rectified log-spectral flux per hop, with its local mean removed."""
    log_mag = np.log1p(1000.0 * _magnitudes(mono, _FFT, _HOP))
    flux: FloatArray = np.maximum(np.diff(log_mag, axis=0), 0.0).sum(axis=1)
    if flux.size == 0:
        return flux
    local_mean = signal.convolve(flux, np.ones(16) / 16, mode="same")
    envelope: FloatArray = np.maximum(flux - local_mean, 0.0)
    return envelope


def estimate_tempo(mono: FloatArray) -> tuple[float, float]:
    """(BPM, confidence 0..1) of mono audio at the analysis rate; (120, 0) when nothing pulses."""
    envelope = onset_envelope(mono)
    frame_rate = _RATE / _HOP
    max_lag = round(60.0 * frame_rate / TEMPO_MIN_BPM) + 2
    if envelope.size < 2 * max_lag or not np.any(envelope):
        return _PRIOR_CENTER_BPM, 0.0
    centred = envelope - envelope.mean()
    acf = signal.correlate(centred, centred, mode="full", method="fft")[centred.size - 1 :]
    acf = acf / acf[0] if acf[0] > 0 else acf
    min_lag = int(np.floor(60.0 * frame_rate / TEMPO_MAX_BPM))
    lags = np.arange(max(min_lag, 1), max_lag)
    bpms = 60.0 * frame_rate / lags
    prior = np.exp(-0.5 * (np.log2(bpms / _PRIOR_CENTER_BPM) / _PRIOR_OCTAVES) ** 2)
    scores = np.maximum(acf[lags], 0.0) * prior
    best = int(np.argmax(scores))
    if scores[best] <= 0:
        return _PRIOR_CENTER_BPM, 0.0
    lag = float(lags[best])
    if 0 < best < len(lags) - 1:  # parabolic interpolation between neighbouring lags
        left, centre, right = acf[lags[best] - 1], acf[lags[best]], acf[lags[best] + 1]
        denominator = left - 2 * centre + right
        if denominator < 0:
            lag += float(np.clip(0.5 * (left - right) / denominator, -0.5, 0.5))
    confidence = float(np.clip(acf[lags[best]], 0.0, 1.0))
    if np.percentile(envelope, 99) < _MIN_PULSE:
        confidence = 0.0
    return round(60.0 * frame_rate / lag, 1), round(confidence, 3)


def chroma(mono: FloatArray) -> FloatArray:
    """Energy per pitch class (C first) between 55 Hz and 2 kHz, summing to 1 (zeros for silence)."""
    power = (_magnitudes(mono, _CHROMA_FFT, _CHROMA_HOP) ** 2).sum(axis=0)
    freqs = np.fft.rfftfreq(_CHROMA_FFT, 1.0 / _RATE)
    band = (freqs >= 55.0) & (freqs <= 2000.0)
    classes = np.round(12.0 * np.log2(freqs[band] / 440.0) + 69.0).astype(int) % 12
    vector = np.bincount(classes, weights=power[band], minlength=12).astype(np.float64)
    total = vector.sum()
    return vector / total if total > 0 else vector


def estimate_key(mono: FloatArray) -> tuple[str, str, float]:
    """(tonic, "major" | "minor", correlation) of mono audio at the analysis rate."""
    vector = chroma(mono)
    if not np.any(vector):
        return "C", "major", 0.0
    best = ("C", "major", -2.0)
    for mode, profile in (("major", _MAJOR_PROFILE), ("minor", _MINOR_PROFILE)):
        for tonic in range(12):
            r = float(np.corrcoef(vector, np.roll(profile, tonic))[0, 1])
            if r > best[2]:
                best = (TONICS[tonic], mode, r)
    return best[0], best[1], round(best[2], 3)


def analyse(audio: npt.NDArray[np.floating]) -> Analysis:
    """Tempo and key of (channels, samples) audio at 44.1 kHz."""
    mono = _mono(audio)
    tempo, tempo_confidence = estimate_tempo(mono)
    key, mode, key_confidence = estimate_key(mono)
    return Analysis(
        tempo_bpm=tempo,
        tempo_confidence=tempo_confidence,
        key=key,
        mode=mode,
        key_confidence=key_confidence,
    )
