"""A ZIP of per-track WAV stems with a README of tempo, key and length."""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

from engine.audio_io.ffmpeg import SAMPLE_RATE, encode
from engine.files import atomic_path
from engine.pipeline import stem_file_gain, stem_slug

Audio = npt.NDArray[np.float32]


def _readme(
    names: Sequence[str],
    files: Sequence[str],
    *,
    title: str,
    tempo: float,
    key: str,
    mode: str,
    seconds: float,
    gain_db: float,
) -> str:
    lines = [
        f"{title}",
        "",
        f"Tempo: {tempo:g} BPM",
        f"Key: {key} {mode.replace('_', ' ')}",
        f"Length: {int(seconds // 60)}:{seconds % 60:05.2f} ({seconds:.3f} s, {SAMPLE_RATE} Hz, 24-bit WAV)",
        f"Stem level: {gain_db:+.2f} dB on every stem, so none clips (their balance is the mix's).",
        "",
        "All stems start at 0:00 and have the same length: drop them into any DAW at bar 1.",
        "",
        "Stems:",
        *(f"  {file}  {name}" for file, name in zip(files, names, strict=True)),
        "",
    ]
    return "\n".join(lines)


def export_stems_zip(
    stems: Sequence[Audio],
    names: Sequence[str],
    path: Path,
    *,
    tempo: float,
    key: str,
    mode: str,
    title: str,
) -> Path:
    """Write `path`: one 24-bit WAV per stem (01-drums.wav ...) plus README.txt; atomically."""
    if not stems or len(stems) != len(names):
        raise ValueError("Give one name per stem, and at least one stem.")
    gain = stem_file_gain(stems)
    files = [f"{i + 1:02d}-{stem_slug(name)}.wav" for i, name in enumerate(names)]
    with (
        atomic_path(path) as temp,
        tempfile.TemporaryDirectory() as scratch,
        zipfile.ZipFile(temp, "w", zipfile.ZIP_STORED) as archive,
    ):
        for stem, file in zip(stems, files, strict=True):
            wav = encode(stem if gain == 1.0 else stem * np.float32(gain), Path(scratch) / file, "wav24")
            archive.write(wav, arcname=file)
            wav.unlink()
        seconds = stems[0].shape[1] / SAMPLE_RATE
        gain_db = 20 * float(np.log10(gain))
        readme = _readme(
            names, files, title=title, tempo=tempo, key=key, mode=mode, seconds=seconds, gain_db=gain_db
        )
        archive.writestr("README.txt", readme)
    return path
