"""Lossy delivery: an MP3 or Ogg Vorbis file of the master that still meets the spec once decoded.

A lossy encoder changes the master it is given: its filter bank rings and its quantisation noise adds to
the waveform, so a master limited to -1 dBTP can decode to -0.5 dBTP, and a low bitrate's low-pass takes
a few tenths of a LU off the loudness. So the encoded file is read back by an independent meter (ffmpeg's
`ebur128`, `engine.audio_io.ffmpeg.measure_loudness`) and, while it misses, the master is limited again
as a mastering engineer makes a codec-aware delivery master: the true-peak ceiling lowered by the codec's
measured overshoot, the loudness target raised by the codec's measured loss, then encoded anew. A master
that meets the spec once encoded is encoded as it is.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from engine.audio_io.ffmpeg import Format, LoudnessReading, encode, measure_loudness
from engine.errors import AudioToolError
from engine.mix.loudness import integrated_loudness
from engine.mix.master import CEILING_DBTP, LOUDNESS_TOLERANCE_LU, MasterResult, master
from engine.mix.true_peak import true_peak_dbtp

LOSSY_FORMATS: tuple[Format, ...] = ("mp3", "ogg")
# The meter prints 0.1 dB steps: a file it reads at -1.0 dBTP may peak at -0.95, so deliveries must read
# one step lower.
METER_STEP_DB = 0.1
PEAK_LIMIT_DBTP = CEILING_DBTP - METER_STEP_DB
_MARGIN_DB = 0.1  # added to a measured overshoot when the ceiling is lowered
_ENCODES = 4  # the master as it is, then at most three re-limited masters

# The master again at (target LUFS, true-peak ceiling dBTP): the caller's own mastering of the same mix.
Remaster = Callable[[float, float], MasterResult]


@dataclass(frozen=True)
class Delivery:
    """The encoded file, what the meter read of it, and the master that was encoded."""

    path: Path
    reading: LoudnessReading
    master_lufs: float  # the loudness of the master as given (-inf if silent): what the file should read
    target_lufs: float  # the loudness the encoded master was normalised to (master_lufs if as given)
    ceiling_dbtp: float  # the true-peak ceiling the encoded master was limited to
    encodes: int


@dataclass(frozen=True)
class _Candidate:
    audio: npt.NDArray[np.floating]
    target_lufs: float
    ceiling_dbtp: float
    reading: LoudnessReading


def lossy_delivery(
    audio: npt.NDArray[np.floating],
    path: Path,
    fmt: Format,
    *,
    mp3_kbps: int = 192,
    remaster: Remaster | None = None,
) -> Delivery:
    """Encode a (2, n) master to `path` as MP3 or Ogg Vorbis so that the decoded file reads at most
    CEILING_DBTP - 0.1 dBTP and within LOUDNESS_TOLERANCE_LU of the master's loudness, re-limiting the
    master with `remaster` (by default `master()` of `audio` itself) as the meter asks, a bounded number
    of times.

    The ceiling is a promise: a master whose loudness the limiter cannot restore is delivered as close to
    it as the passes came, and if no pass met the ceiling the last one is turned down by its overshoot.
    """
    if fmt not in LOSSY_FORMATS:
        raise AudioToolError(f"'{fmt}' is not a lossy format: encode it as it is.")
    redo: Remaster = remaster or (
        lambda target, ceiling: master(audio, target_lufs=target, ceiling_dbtp=ceiling)
    )
    goal = integrated_loudness(audio)
    current = _Candidate(audio, goal, CEILING_DBTP, _encoded(audio, path, fmt, mp3_kbps))
    current_peak: float | None = None  # the current master's own true peak, measured when needed
    closest: _Candidate | None = None  # under the ceiling, nearest the goal's loudness
    for encodes in range(1, _ENCODES + 1):
        reading = current.reading
        loudness_miss = abs(reading.integrated_lufs - goal) if math.isfinite(goal) else 0.0
        if reading.true_peak_dbtp <= PEAK_LIMIT_DBTP:
            if loudness_miss <= LOUDNESS_TOLERANCE_LU:
                return _delivery(path, current, goal, encodes)
            if closest is None or loudness_miss < abs(closest.reading.integrated_lufs - goal):
                closest = current
        if encodes == _ENCODES:
            break
        if current_peak is None:
            current_peak = true_peak_dbtp(current.audio)
        overshoot = reading.true_peak_dbtp - current_peak  # what the codec added to this master's peak
        ceiling = current.ceiling_dbtp
        if reading.true_peak_dbtp > PEAK_LIMIT_DBTP:
            ceiling = min(ceiling, PEAK_LIMIT_DBTP - _MARGIN_DB - overshoot)
        target = current.target_lufs + (goal - reading.integrated_lufs if math.isfinite(goal) else 0.0)
        mastered = redo(target, ceiling)
        current = _Candidate(mastered.audio, target, ceiling, _encoded(mastered.audio, path, fmt, mp3_kbps))
        current_peak = mastered.true_peak_dbtp
    if closest is not None:
        if closest is current:
            return _delivery(path, closest, goal, _ENCODES)
        _encoded(closest.audio, path, fmt, mp3_kbps)  # the encoder is deterministic: the same file again
        return _delivery(path, closest, goal, _ENCODES + 1)
    return _turned_down(current, path, fmt, mp3_kbps, goal)


def _encoded(audio: npt.NDArray[np.floating], path: Path, fmt: Format, mp3_kbps: int) -> LoudnessReading:
    encode(np.asarray(audio, dtype=np.float32), path, fmt, mp3_kbps=mp3_kbps)
    return measure_loudness(path)


def _delivery(path: Path, candidate: _Candidate, goal: float, encodes: int) -> Delivery:
    return Delivery(path, candidate.reading, goal, candidate.target_lufs, candidate.ceiling_dbtp, encodes)


def _turned_down(last: _Candidate, path: Path, fmt: Format, mp3_kbps: int, goal: float) -> Delivery:
    """The last master turned down by its measured overshoot, encoded and read once more."""
    drop_db = last.reading.true_peak_dbtp - PEAK_LIMIT_DBTP + _MARGIN_DB
    quieter = np.asarray(last.audio, dtype=np.float32) * np.float32(10.0 ** (-drop_db / 20.0))
    reading = _encoded(quieter, path, fmt, mp3_kbps)
    if reading.true_peak_dbtp > PEAK_LIMIT_DBTP:
        path.unlink(missing_ok=True)
        raise AudioToolError(
            f"The {fmt} file still peaks at {reading.true_peak_dbtp:.1f} dBTP after {_ENCODES + 1} "
            f"encodes (ceiling {CEILING_DBTP:.1f} dBTP)."
        )
    turned = _Candidate(quieter, last.target_lufs - drop_db, last.ceiling_dbtp - drop_db, reading)
    return _delivery(path, turned, goal, _ENCODES + 1)
