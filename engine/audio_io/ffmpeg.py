"""The ffmpeg adapter: encode float32 audio to files, probe and decode files (which may be untrusted).

argv lists only, never a shell; every call has a wall-clock timeout; failures raise AudioToolError with
the tail of ffmpeg's stderr. Reading a file always passes a demuxer allow-list and a protocol allow-list
before `-i` (an `x.mp3` that is really an HLS playlist would otherwise read other local files), and
decoding is capped with `-t` so a tiny file cannot expand into hours of audio.
"""

from __future__ import annotations

import contextlib
import json
import math
import re
import subprocess
import tempfile
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import numpy.typing as npt

from engine.blocks import column_blocks
from engine.errors import AudioToolError
from engine.files import atomic_path

SAMPLE_RATE = 44100
CHANNELS = 2
FFMPEG = "ffmpeg"
FFPROBE = "ffprobe"
# Demuxers we accept for input files; anything else (hls, concat, image2, ...) is refused by ffmpeg itself.
INPUT_FORMATS = "mp3,wav,flac,ogg,mov,matroska,aiff,webm,aac"
INPUT_PROTOCOLS = "file,pipe"
ENCODE_TIMEOUT_S = 300.0
PROBE_TIMEOUT_S = 30.0
DECODE_TIMEOUT_S = 300.0
METER_TIMEOUT_S = 300.0
_STDERR_TAIL = 1500

Format = Literal["mp3", "wav16", "wav24", "flac", "ogg"]
FORMATS: tuple[Format, ...] = ("mp3", "wav16", "wav24", "flac", "ogg")
MP3_BITRATES_KBPS = (128, 192, 320)
FLAC_BIT_DEPTHS = (16, 24)
EXTENSIONS: dict[Format, str] = {"mp3": "mp3", "wav16": "wav", "wav24": "wav", "flac": "flac", "ogg": "ogg"}

Audio = npt.NDArray[np.float32]


@dataclass(frozen=True)
class ProbeResult:
    duration_s: float
    sample_rate: int
    channels: int
    codec: str
    bit_rate: int | None  # bits per second, when the container or stream states it
    bits_per_sample: int | None  # PCM/FLAC sample depth when known


@dataclass(frozen=True)
class LoudnessReading:
    """What ffmpeg's EBU R128 meter reads of a file's decoded audio, to its printed 0.1 dB."""

    integrated_lufs: float  # the meter's floor, -70.0, for silence
    true_peak_dbtp: float  # -inf for digital silence
    loudness_range_lu: float


def _run(
    argv: list[str],
    *,
    timeout: float,
    stdin: bytes | None = None,
    memory_bytes: int | None = None,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[bytes]:
    if memory_bytes is not None:
        # prlimit caps the child's address space without preexec_fn (unsafe in a threaded server).
        argv = ["prlimit", f"--as={memory_bytes}", "--", *argv]
    try:
        completed = subprocess.run(
            argv, input=stdin, capture_output=True, timeout=timeout, check=False, cwd=cwd
        )
    except FileNotFoundError:
        raise AudioToolError(f"'{argv[0]}' is not installed (install ffmpeg).") from None
    except subprocess.TimeoutExpired:
        raise AudioToolError(f"{argv[0]} took longer than {timeout:.0f} s and was stopped.") from None
    if completed.returncode != 0:
        tail = completed.stderr.decode("utf-8", "replace").strip()[-_STDERR_TAIL:]
        raise AudioToolError(f"{argv[0]} failed (exit {completed.returncode}): {tail}")
    return completed


def _codec_args(fmt: Format, *, mp3_kbps: int, flac_bits: int) -> list[str]:
    if fmt == "mp3":
        if mp3_kbps not in MP3_BITRATES_KBPS:
            raise AudioToolError(f"MP3 bitrate must be one of {MP3_BITRATES_KBPS} kbps.")
        return ["-c:a", "libmp3lame", "-b:a", f"{mp3_kbps}k", "-f", "mp3"]
    if fmt == "wav16":
        return ["-c:a", "pcm_s16le", "-f", "wav"]
    if fmt == "wav24":
        return ["-c:a", "pcm_s24le", "-f", "wav"]
    if fmt == "flac":
        if flac_bits not in FLAC_BIT_DEPTHS:
            raise AudioToolError(f"FLAC bit depth must be one of {FLAC_BIT_DEPTHS}.")
        sample_fmt = "s16" if flac_bits == 16 else "s32"
        return [
            "-c:a",
            "flac",
            "-sample_fmt",
            sample_fmt,
            "-bits_per_raw_sample",
            str(flac_bits),
            "-f",
            "flac",
        ]
    if fmt == "ogg":
        return ["-c:a", "libvorbis", "-q:a", "6", "-f", "ogg"]
    raise AudioToolError(f"Unknown audio format '{fmt}'. Choose one of: {', '.join(FORMATS)}.")


def _run_fed(argv: list[str], pieces: Iterable[memoryview], *, timeout: float) -> None:
    """Run `argv` with `pieces` written to its stdin one after another (never all in memory at once)."""
    with tempfile.TemporaryFile() as errors:
        try:
            process = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=errors)
        except FileNotFoundError:
            raise AudioToolError(f"'{argv[0]}' is not installed (install ffmpeg).") from None
        expired = threading.Event()

        def stop() -> None:
            expired.set()
            process.kill()

        timer = threading.Timer(timeout, stop)
        timer.start()
        try:
            assert process.stdin is not None
            try:
                for piece in pieces:
                    process.stdin.write(piece)
                process.stdin.close()
            except BrokenPipeError:
                pass  # it stopped reading: its exit status and stderr say why
            returncode = process.wait()
        finally:
            timer.cancel()
            if process.poll() is None:
                process.kill()
                process.wait()
            with contextlib.suppress(BrokenPipeError):
                if process.stdin is not None:
                    process.stdin.close()
        if expired.is_set():
            raise AudioToolError(f"{argv[0]} took longer than {timeout:.0f} s and was stopped.")
        if returncode != 0:
            errors.seek(0)
            tail = errors.read().decode("utf-8", "replace").strip()[-_STDERR_TAIL:]
            raise AudioToolError(f"{argv[0]} failed (exit {returncode}): {tail}")


def _scaled(audio: npt.NDArray[np.floating], gain: float) -> Iterator[npt.NDArray[np.floating]]:
    for piece in column_blocks(audio):
        yield piece if gain == 1.0 else piece * np.float32(gain)


def encode(
    audio: Audio,
    path: Path,
    fmt: Format,
    *,
    mp3_kbps: int = 192,
    flac_bits: int = 16,
    gain: float = 1.0,
    timeout: float = ENCODE_TIMEOUT_S,
) -> Path:
    """Encode (2, n) float32 44.1 kHz audio, times `gain` (as float32 samples times np.float32(gain)), to
    `path` atomically (a temp file beside it, then rename). The audio is fed to ffmpeg a block at a time
    (engine.blocks): a memory-mapped stem is never resident whole."""
    if audio.ndim != 2 or audio.shape[0] != CHANNELS or audio.shape[1] == 0:
        raise AudioToolError(f"Audio to encode must have shape (2, n) with n > 0, got {audio.shape}.")
    return encode_blocks(
        _scaled(audio, gain), path, fmt, mp3_kbps=mp3_kbps, flac_bits=flac_bits, timeout=timeout
    )


def encode_blocks(
    blocks: Iterable[npt.NDArray[np.floating]],
    path: Path,
    fmt: Format,
    *,
    mp3_kbps: int = 192,
    flac_bits: int = 16,
    timeout: float = ENCODE_TIMEOUT_S,
) -> Path:
    """Encode consecutive (2, n) 44.1 kHz blocks of one signal to `path` atomically, as `encode` does."""
    codec = _codec_args(fmt, mp3_kbps=mp3_kbps, flac_bits=flac_bits)
    # Integer formats: triangular dither when reducing to 16 bits (a constant filter, no user values).
    dither = (
        ["-af", "aresample=dither_method=triangular"] if fmt in ("wav16", "flac") and flac_bits == 16 else []
    )

    def frames() -> Iterator[memoryview]:
        for piece in blocks:
            if piece.ndim != 2 or piece.shape[0] != CHANNELS:
                raise AudioToolError(f"Audio to encode must have shape (2, n), got {piece.shape}.")
            yield np.ascontiguousarray(piece.T, dtype="<f4").data  # interleaved little-endian float32

    with atomic_path(path) as temp:
        argv = [
            FFMPEG, "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
            "-f", "f32le", "-ar", str(SAMPLE_RATE), "-ac", str(CHANNELS), "-i", "pipe:0",
            *dither, *codec,
            "-fflags", "+bitexact", "-flags:a", "+bitexact",
            str(temp),
        ]  # fmt: skip
        _run_fed(argv, frames(), timeout=timeout)
    return path


def _input_args(path: Path, demuxer: str | None = None) -> list[str]:
    if not path.is_file():
        raise AudioToolError(f"'{path.name}' is not a file.")
    if demuxer is not None and demuxer not in INPUT_FORMATS.split(","):
        raise AudioToolError(f"'{demuxer}' is not an accepted input format.")
    # A demuxer decided from the file's content (engine.audio_io.sniff) is forced, so ffmpeg's own
    # probing never picks another reader for it.
    forced = ["-f", demuxer] if demuxer is not None else []
    # "file:" keeps a name like "hls:x" or "-x" from being read as a protocol or an option.
    return [
        "-protocol_whitelist", INPUT_PROTOCOLS, "-format_whitelist", INPUT_FORMATS,
        *forced, "-i", f"file:{path}",
    ]  # fmt: skip


def probe(
    path: Path,
    *,
    timeout: float = PROBE_TIMEOUT_S,
    demuxer: str | None = None,
    require_duration: bool = True,
    memory_bytes: int | None = None,
    isolated: bool = False,
) -> ProbeResult:
    """Duration, sample rate, channels, codec and bit rate of the first audio stream of a file.

    With `require_duration=False` a file whose container states no duration (a browser's WebM
    recording) gives `duration_s == 0.0` instead of an error. `isolated=True` runs ffprobe in the file's
    own folder (for an untrusted file alone in a private temporary folder): nothing else is at hand.
    """
    argv = [
        FFPROBE, "-hide_banner", "-loglevel", "error",
        *_input_args(path, demuxer),
        "-select_streams", "a:0", "-show_entries",
        "format=duration,bit_rate:stream=codec_name,sample_rate,channels,bit_rate,duration,"
        "bits_per_sample,bits_per_raw_sample,sample_fmt",
        "-of", "json",
    ]  # fmt: skip
    try:
        info = json.loads(
            _run(
                argv, timeout=timeout, memory_bytes=memory_bytes, cwd=path.parent if isolated else None
            ).stdout
        )
    except json.JSONDecodeError as error:
        raise AudioToolError(f"ffprobe returned unreadable output for '{path.name}'.") from error
    streams = info.get("streams") or []
    if not streams:
        raise AudioToolError(f"'{path.name}' has no audio stream.")
    stream, container = streams[0], info.get("format", {})
    duration = _number(stream.get("duration")) or _number(container.get("duration"))
    if duration is None and require_duration:
        raise AudioToolError(f"ffprobe could not tell the duration of '{path.name}'.")
    bit_rate = _number(stream.get("bit_rate")) or _number(container.get("bit_rate"))
    depth = _number(stream.get("bits_per_raw_sample")) or _number(stream.get("bits_per_sample"))
    return ProbeResult(
        duration_s=duration or 0.0,
        sample_rate=int(_number(stream.get("sample_rate")) or 0),
        channels=int(stream.get("channels") or 0),
        codec=str(stream.get("codec_name", "")),
        bit_rate=int(bit_rate) if bit_rate else None,
        bits_per_sample=int(depth) if depth else None,
    )


def _number(value: object) -> float | None:
    try:
        number = float(str(value))
    except ValueError:
        return None
    return number if math.isfinite(number) and number > 0 else None


def decode(path: Path, *, max_seconds: float, timeout: float = DECODE_TIMEOUT_S) -> Audio:
    """Decode the first audio stream to (2, n) float32 at 44.1 kHz, stopping after `max_seconds`.

    The cap is applied while decoding, whatever the header claims; to reject over-long uploads, decode
    with a cap a little above the limit and compare the decoded length.
    """
    if not (math.isfinite(max_seconds) and max_seconds > 0):
        raise AudioToolError("max_seconds must be a positive number.")
    argv = [
        FFMPEG, "-hide_banner", "-nostdin", "-loglevel", "error",
        *_input_args(path),
        "-t", f"{max_seconds:.3f}", "-map", "0:a:0", "-vn", "-sn", "-dn",
        "-ac", str(CHANNELS), "-ar", str(SAMPLE_RATE), "-c:a", "pcm_f32le", "-f", "f32le", "pipe:1",
    ]  # fmt: skip
    raw = _run(argv, timeout=timeout).stdout
    frames = len(raw) // (4 * CHANNELS)
    if frames == 0:
        raise AudioToolError(f"'{path.name}' decoded to no audio.")
    samples = np.frombuffer(raw[: frames * 4 * CHANNELS], dtype="<f4").reshape(frames, CHANNELS)
    return np.ascontiguousarray(samples.T, dtype=np.float32)


def decode_to_wav(
    path: Path,
    out: Path,
    *,
    max_seconds: float,
    demuxer: str | None = None,
    timeout: float = DECODE_TIMEOUT_S,
    memory_bytes: int | None = None,
    sample_rate: int = SAMPLE_RATE,
    channels: int = CHANNELS,
) -> Path:
    """Decode the first audio stream of `path` to a float32 WAV (44.1 kHz stereo unless `sample_rate` and
    `channels` say otherwise), at most `max_seconds`.

    For untrusted files: the decoded length is capped while decoding (`-t`) and the output file's size
    with it (`-fs`), so neither the header's claims nor a decompression bomb can make it larger.
    """
    if not (math.isfinite(max_seconds) and max_seconds > 0):
        raise AudioToolError("max_seconds must be a positive number.")
    max_bytes = int(max_seconds * sample_rate * channels * 4) + 65536
    argv = [
        FFMPEG, "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
        *_input_args(path, demuxer),
        "-t", f"{max_seconds:.3f}", "-map", "0:a:0", "-vn", "-sn", "-dn",
        "-ac", str(channels), "-ar", str(sample_rate), "-c:a", "pcm_f32le", "-fs", str(max_bytes),
        "-fflags", "+bitexact", "-flags:a", "+bitexact", "-f", "wav", f"file:{out}",
    ]  # fmt: skip
    # Run in the input's folder: an untrusted input sits alone in a private temporary folder.
    _run(argv, timeout=timeout, memory_bytes=memory_bytes, cwd=path.parent)
    if not out.is_file() or out.stat().st_size == 0:
        raise AudioToolError(f"'{path.name}' decoded to no audio.")
    return out


# A constant filtergraph (no values from outside). framelog=verbose keeps the per-frame lines out of the
# info-level log, which then holds the summary alone.
_METER_FILTER = "ebur128=peak=true:framelog=verbose"
_METER_LINES = {
    "integrated_lufs": re.compile(r"^\s*I:\s*(\S+)\s+LUFS\s*$", re.MULTILINE),
    "loudness_range_lu": re.compile(r"^\s*LRA:\s*(\S+)\s+LU\s*$", re.MULTILINE),
    "true_peak_dbtp": re.compile(r"^\s*Peak:\s*(\S+)\s+dBFS\s*$", re.MULTILINE),
}


def measure_loudness(path: Path, *, timeout: float = METER_TIMEOUT_S) -> LoudnessReading:
    """Integrated loudness, true peak and loudness range of a file's first audio stream, as an
    independent meter reads them: ffmpeg's `ebur128=peak=true` (ITU-R BS.1770, 4x oversampled peaks)."""
    argv = [
        FFMPEG, "-hide_banner", "-nostdin", "-nostats", "-loglevel", "info",
        *_input_args(path),
        "-map", "0:a:0", "-vn", "-sn", "-dn", "-af", _METER_FILTER, "-f", "null", "-",
    ]  # fmt: skip
    log = _run(argv, timeout=timeout).stderr.decode("utf-8", "replace")
    _, found, summary = log.rpartition("Summary:")
    if not found:
        raise AudioToolError(f"ffmpeg's loudness meter printed no summary for '{path.name}'.")
    figures: dict[str, float] = {}
    for name, line in _METER_LINES.items():
        match = line.search(summary)
        try:
            figures[name] = float(match.group(1)) if match else math.nan
        except ValueError:
            figures[name] = math.nan
        if math.isnan(figures[name]):
            raise AudioToolError(f"ffmpeg's loudness meter gave no reading of {name} for '{path.name}'.")
    return LoudnessReading(**figures)
