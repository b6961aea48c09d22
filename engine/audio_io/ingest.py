"""Ingest of an untrusted audio file: decide its format from content, decode it safely, check it, analyse it.

`ingest(original, working, max_seconds=...)` reads `original` (which should sit alone in an empty
folder: ffmpeg runs there) and writes the working copy to `working` (float32 WAV at the original's own
sample rate and channels: lossless for sources up to 24-bit, and twice a 16-bit original's PCM at most,
where a 44.1 kHz stereo copy of an 8 kHz mono file would be 22 times), or raises `UploadRejectedError`
with a reason the web layer turns into a human message. `read_working_copy` gives the engine 44.1 kHz
stereo float32 from it.
Every ffmpeg call forces the demuxer the content names, allows only the file and pipe protocols, runs
under a wall-clock timeout and an address-space cap, and the decoded length is capped with `-t` and
measured from what was decoded, never taken from the header.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import numpy as np
import numpy.typing as npt
from scipy import signal
from scipy.io import wavfile

from engine.audio_io.analysis import analyse
from engine.audio_io.ffmpeg import CHANNELS, SAMPLE_RATE, decode_to_wav, probe
from engine.audio_io.peaks import waveform_peaks
from engine.audio_io.sniff import WAV, sniff_file, wav_claims_more_than_it_holds
from engine.errors import AudioToolError
from engine.mix.loudness import integrated_loudness

MAX_CHANNELS = 2
MIN_SAMPLE_RATE = 8000
MAX_SAMPLE_RATE = 192000
MIN_SECONDS = 0.5
SILENCE_DBFS = -60.0
DECODER_MEMORY_BYTES = 1536 * 1024**2
PROBE_TIMEOUT_S = 20.0
DECODE_TIMEOUT_S = 120.0
# A header may round or pad; a file holding clearly less audio than its header states is damaged.
_SHORTFALL_RATIO = 0.9
_SHORTFALL_SLACK_S = 0.5
_BLOCK = 10 * SAMPLE_RATE

Audio = npt.NDArray[np.float32]


class Reason(StrEnum):
    EMPTY = "empty"
    UNSUPPORTED = "unsupported"
    CORRUPT = "corrupt"
    INCOMPLETE = "incomplete"
    TOO_LONG = "too_long"
    TOO_SHORT = "too_short"
    CHANNELS = "channels"
    SAMPLE_RATE = "sample_rate"
    SILENT = "silent"


class UploadRejectedError(Exception):
    """The file cannot be used; `reason` says why, `detail` is safe to show (never file content)."""

    def __init__(self, reason: Reason, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else str(reason))
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class Ingested:
    format_name: str  # "WAV", "MP3", ...
    codec: str
    sample_rate: int  # of the original
    channels: int  # of the original
    duration_s: float  # decoded
    samples: int  # of the working copy (44.1 kHz)
    loudness_lufs: float
    peak_dbfs: float
    tempo_bpm: float
    tempo_confidence: float
    key: str
    mode: str
    key_confidence: float
    peaks: list[float]


def working_copy_samples(sample_rate: int, frames: int) -> int:
    """How many 44.1 kHz samples `read_working_copy` gives for a working copy of `frames` at `sample_rate`."""
    up, down = _ratio(sample_rate)
    return -(-frames * up // down)


def read_working_copy(path: Path, *, samples: int | None = None) -> Audio:
    """A working copy as (2, n) float32 at 44.1 kHz: memory-mapped when it is stored so (uploads ingested
    before working copies kept their own rate), else upmixed and resampled (polyphase, Kaiser window).
    `samples` reads only the first n samples (and resamples only what they need)."""
    rate, data = wavfile.read(path, mmap=True)
    if data.dtype != np.float32 or data.ndim not in (1, 2) or (data.ndim == 2 and data.shape[1] > 2):
        raise AudioToolError(f"'{path.name}' is not a float working copy.")
    frames = data if data.ndim == 2 else data[:, np.newaxis]
    total = working_copy_samples(rate, frames.shape[0])
    wanted = total if samples is None else max(0, min(samples, total))
    if rate == SAMPLE_RATE and frames.shape[1] == CHANNELS:
        audio: Audio = frames.T[:, :wanted]
        return audio
    up, down = _ratio(rate)
    # A little more of the source than the samples need, so the filter's edge lies past the cut.
    source = np.asarray(frames[: min(frames.shape[0], -(-wanted * down // up) + rate)], dtype=np.float32).T
    if up != down:
        source = signal.resample_poly(source, up, down, axis=1).astype(np.float32, copy=False)
    if source.shape[0] == 1:
        source = np.repeat(source, CHANNELS, axis=0)
    out: Audio = np.ascontiguousarray(source[:, :wanted])
    if out.shape[1] < wanted:
        out = np.pad(out, ((0, 0), (0, wanted - out.shape[1])))
    return out


def _ratio(sample_rate: int) -> tuple[int, int]:
    common = math.gcd(SAMPLE_RATE, sample_rate)
    return SAMPLE_RATE // common, sample_rate // common


def _peak(audio: Audio) -> float:
    """The largest |sample| (NaN if any is not finite), block by block: a long file is never copied whole."""
    peak = 0.0
    for start in range(0, audio.shape[1], _BLOCK):
        block = np.asarray(audio[:, start : start + _BLOCK])
        if not np.all(np.isfinite(block)):
            return math.nan
        peak = max(peak, float(np.abs(block).max()))
    return peak


def ingest(original: Path, working: Path, *, max_seconds: float) -> Ingested:
    """Check and decode `original` into `working`; raise UploadRejectedError for a file we will not use."""
    if original.stat().st_size == 0:
        raise UploadRejectedError(Reason.EMPTY)
    sniffed = sniff_file(original)
    if sniffed is None:
        raise UploadRejectedError(Reason.UNSUPPORTED)
    if sniffed == WAV and wav_claims_more_than_it_holds(original):
        raise UploadRejectedError(Reason.INCOMPLETE)
    try:
        info = probe(
            original,
            demuxer=sniffed.demuxer,
            require_duration=False,
            isolated=True,
            timeout=PROBE_TIMEOUT_S,
            memory_bytes=DECODER_MEMORY_BYTES,
        )
    except AudioToolError:
        raise UploadRejectedError(Reason.CORRUPT, sniffed.name) from None
    if info.channels < 1 or info.channels > MAX_CHANNELS:
        raise UploadRejectedError(Reason.CHANNELS, str(info.channels))
    if not MIN_SAMPLE_RATE <= info.sample_rate <= MAX_SAMPLE_RATE:
        raise UploadRejectedError(Reason.SAMPLE_RATE, str(info.sample_rate))

    cap = max_seconds + 1.0  # decode a little past the limit, so "too long" is measured, not guessed
    try:
        decode_to_wav(
            original,
            working,
            max_seconds=cap,
            demuxer=sniffed.demuxer,
            timeout=DECODE_TIMEOUT_S,
            memory_bytes=DECODER_MEMORY_BYTES,
            sample_rate=info.sample_rate,
            channels=info.channels,
        )
        audio = read_working_copy(working)
    except (AudioToolError, ValueError):
        raise UploadRejectedError(Reason.CORRUPT, sniffed.name) from None

    duration = audio.shape[1] / SAMPLE_RATE
    if duration > max_seconds:
        raise UploadRejectedError(Reason.TOO_LONG, f"{max_seconds:.0f}")
    if info.duration_s > 0 and duration < info.duration_s * _SHORTFALL_RATIO - _SHORTFALL_SLACK_S:
        raise UploadRejectedError(Reason.INCOMPLETE, f"{duration:.1f}/{info.duration_s:.1f}")
    if duration < MIN_SECONDS:
        raise UploadRejectedError(Reason.TOO_SHORT)
    peak = _peak(audio)
    if not math.isfinite(peak):
        raise UploadRejectedError(Reason.CORRUPT, sniffed.name)
    peak_dbfs = 20.0 * math.log10(peak) if peak > 0 else -math.inf
    if peak_dbfs < SILENCE_DBFS:
        raise UploadRejectedError(Reason.SILENT)

    loudness = integrated_loudness(audio)
    analysis = analyse(audio)
    return Ingested(
        format_name=sniffed.name,
        codec=info.codec,
        sample_rate=info.sample_rate,
        channels=info.channels,
        duration_s=round(duration, 3),
        samples=int(audio.shape[1]),
        loudness_lufs=round(loudness, 2) if math.isfinite(loudness) else -70.0,
        peak_dbfs=round(peak_dbfs, 2),
        tempo_bpm=analysis.tempo_bpm,
        tempo_confidence=analysis.tempo_confidence,
        key=analysis.key,
        mode=analysis.mode,
        key_confidence=analysis.key_confidence,
        peaks=waveform_peaks(audio),
    )
