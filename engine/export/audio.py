"""Encoding the master to a chosen format, and the download's file name."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

import numpy as np
import numpy.typing as npt

from engine.audio_io.ffmpeg import Format, encode
from engine.mix.delivery import LOSSY_FORMATS, Remaster, lossy_delivery

Audio = npt.NDArray[np.float32]
ExportFormat = Literal["mp3_128", "mp3_192", "mp3_320", "wav16", "wav24", "flac", "flac24", "ogg"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = (
    "mp3_128",
    "mp3_192",
    "mp3_320",
    "wav16",
    "wav24",
    "flac",
    "flac24",
    "ogg",
)
# export format -> (ffmpeg adapter format, MP3 kbps, FLAC bits)
_ENCODINGS: dict[ExportFormat, tuple[Format, int, int]] = {
    "mp3_128": ("mp3", 128, 16),
    "mp3_192": ("mp3", 192, 16),
    "mp3_320": ("mp3", 320, 16),
    "wav16": ("wav16", 192, 16),
    "wav24": ("wav24", 192, 16),
    "flac": ("flac", 192, 16),
    "flac24": ("flac", 192, 24),
    "ogg": ("ogg", 192, 16),
}
_EXTENSIONS: dict[Format, str] = {"mp3": "mp3", "wav16": "wav", "wav24": "wav", "flac": "flac", "ogg": "ogg"}
# What tells apart formats that share an extension, in their file names.
_VARIANTS: dict[str, str] = {
    "mp3_128": "128kbps",
    "mp3_192": "192kbps",
    "mp3_320": "320kbps",
    "wav16": "16bit",
    "wav24": "24bit",
    "flac": "16bit",
    "flac24": "24bit",
}


def _encoding(fmt: str) -> tuple[Format, int, int]:
    try:
        return _ENCODINGS[fmt]  # type: ignore[index]
    except KeyError:
        raise ValueError(
            f"Unknown export format '{fmt}'. Choose one of: {', '.join(EXPORT_FORMATS)}."
        ) from None


def extension(fmt: ExportFormat) -> str:
    return _EXTENSIONS[_encoding(fmt)[0]]


def export_mix(audio: Audio, fmt: ExportFormat, path: Path, *, remaster: Remaster | None = None) -> Path:
    """Encode (2, n) float32 master audio to `path` in `fmt` (written atomically).

    WAV and FLAC hold the master as it is; MP3 and Ogg Vorbis are delivery masters checked after encoding
    (`engine.mix.delivery`), re-limited with `remaster` (default: `master()` of `audio`) if the codec
    pushed them over the spec."""
    codec, kbps, bits = _encoding(fmt)
    if codec in LOSSY_FORMATS:
        return lossy_delivery(audio, path, codec, mp3_kbps=kbps, remaster=remaster).path
    return encode(audio, path, codec, mp3_kbps=kbps, flac_bits=bits)


def download_name(
    title: str, *, tempo: float, key: str, mode: str, fmt: str = "", suffix: str = "", ext: str
) -> str:
    """'Summer Song' at 120 BPM in A minor as WAV 24-bit -> 'summer-song-120bpm-a-minor-24bit.wav' (ASCII,
    safe anywhere): every variant of a file (`fmt`: bit depth, bit rate) gets its own name."""
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60].strip("-") or "song"
    key_slug = key.lower().replace("#", "sharp")
    parts = [slug, f"{round(tempo)}bpm", f"{key_slug}-{mode.replace('_', '-')}", _VARIANTS.get(fmt, "")]
    if suffix:
        parts.append(re.sub(r"[^a-z0-9]+", "-", suffix.lower()).strip("-"))
    return "-".join(p for p in parts if p) + f".{ext.lstrip('.')}"
