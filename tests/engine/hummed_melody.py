"""A hummed melody made from known notes: a harmonic-rich voice with vibrato, a slight detune, human
timing, breaths between notes and background noise. Shared by the engine and API tests."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

SAMPLE_RATE = 44100

# (beat, beats, MIDI pitch): two 4-bar phrases in A minor with leaps, steps and repeated notes.
A_MINOR_TUNE: tuple[tuple[float, float, int], ...] = (
    (0, 0.5, 57), (0.5, 0.5, 60), (1, 1, 64), (2, 0.5, 62), (2.5, 0.5, 60), (3, 1, 59),
    (4, 1.5, 57), (5.5, 0.5, 55), (6, 1, 57), (7, 1, 60),
    (8, 0.5, 62), (8.5, 0.5, 62), (9, 1, 64), (10, 2, 57),
    (12, 1, 60), (13, 1, 59), (14, 2, 57),
    (16, 1, 64), (17, 0.5, 65), (17.5, 0.5, 64), (18, 1, 62), (19, 1, 60),
    (20, 1, 59), (21, 1, 62), (22, 2, 64),
    (24, 0.5, 69), (24.5, 0.5, 67), (25, 1, 65), (26, 1, 64), (27, 1, 62),
    (28, 1, 59), (29, 1, 56), (30, 2, 57),
)  # fmt: skip


@dataclass(frozen=True)
class Hum:
    audio: npt.NDArray[np.float32]  # (2, n) at 44.1 kHz
    onsets: tuple[float, ...]  # seconds, where each written note really starts (after the jitter)
    pitches: tuple[int, ...]
    lead_in: float  # seconds of room noise before the first beat


def hum(
    tune: tuple[tuple[float, float, int], ...] = A_MINOR_TUNE,
    *,
    tempo: float = 100.0,
    lead_in: float = 0.6,
    seed: int = 0,
    noise: float = 0.01,
    detune_cents: float = 8.0,
) -> Hum:
    """Sing `tune` at `tempo`: each note a sawtooth-like hum (8 harmonics) with 5.5 Hz vibrato of
    ±30 cents around a slight detune (+8 cents unless told), starting up to 20 ms off the beat, a 40-80 ms
    breath after it."""
    rng = np.random.default_rng(seed)
    beat = 60.0 / tempo
    total = lead_in + max(b + d for b, d, _ in tune) * beat + 0.6
    out = np.zeros(int(total * SAMPLE_RATE))
    onsets: list[float] = []
    for start_beat, beats, pitch in tune:
        onset = lead_in + start_beat * beat + rng.uniform(-0.02, 0.02)
        length = beats * beat - rng.uniform(0.04, 0.08)
        t = np.arange(int(length * SAMPLE_RATE)) / SAMPLE_RATE
        vibrato = 30 * np.sin(2 * np.pi * 5.5 * t + rng.uniform(0, 2 * np.pi)) * np.minimum(1, t / 0.3)
        cents = detune_cents + vibrato
        freq = 440.0 * 2 ** ((pitch - 69) / 12) * 2 ** (cents / 1200)
        phase = 2 * np.pi * np.cumsum(freq) / SAMPLE_RATE
        tone = sum(0.7**k * np.sin(k * phase + rng.uniform(0, 2 * np.pi)) for k in range(1, 9))
        envelope = np.minimum(1, t / 0.03) * np.minimum(1, (length - t) / 0.04) * rng.uniform(0.7, 1.0)
        first = int(onset * SAMPLE_RATE)
        out[first : first + t.size] += 0.25 * tone * envelope
        onsets.append(onset)
    out += noise * rng.standard_normal(out.size)
    mono = out.astype(np.float32)
    return Hum(
        audio=np.stack([mono, mono]),
        onsets=tuple(onsets),
        pitches=tuple(p for _, _, p in tune),
        lead_in=lead_in,
    )


def note_accuracy(
    onsets: tuple[float, ...],
    pitches: tuple[int, ...],
    heard: list[tuple[float, int]],
    tolerance: float = 0.05,
) -> float:
    """Matched notes (same pitch, onset within `tolerance` s, each heard note used once) over the larger of
    the written and heard note counts, so both missed and extra notes lower it."""
    used: set[int] = set()
    matched = 0
    for onset, pitch in zip(onsets, pitches, strict=True):
        for index, (start, heard_pitch) in enumerate(heard):
            if index not in used and heard_pitch == pitch and abs(start - onset) <= tolerance:
                used.add(index)
                matched += 1
                break
    return matched / max(len(onsets), len(heard))
