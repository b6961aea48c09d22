"""A ZIP of per-track WAV stems with a README of tempo, key and length."""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

from engine.audio_io.ffmpeg import SAMPLE_RATE, encode_blocks
from engine.blocks import column_blocks
from engine.files import atomic_path
from engine.mix.mixdown import TrackMix, mix_stems
from engine.pipeline import STEM_PEAK_CEILING, stem_slug

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
    mixes: Sequence[TrackMix] | None = None,
) -> Path:
    """Write `path`: one 24-bit WAV per stem (01-drums.wav ...) plus README.txt; atomically.

    With `mixes`, each stem is written as its fader and pan make it sound in the mix (mute and solo are
    the caller's choice of stems). Stems are read a block at a time, twice (the loudest peak sets one gain
    for all, then each is written), so none is ever whole in memory."""
    if not stems or len(stems) != len(names) or (mixes is not None and len(mixes) != len(stems)):
        raise ValueError("Give one name (and one fader, if any) per stem, and at least one stem.")
    faders = list(mixes) if mixes is not None else [None] * len(stems)

    def blocks(stem: Audio, fader: TrackMix | None, gain: float) -> Iterator[Audio]:
        for piece in column_blocks(stem):
            heard = piece if fader is None else mix_stems([piece], [fader])
            yield heard if gain == 1.0 else heard * np.float32(gain)

    loudest = max(
        (
            max(_peak(piece) for piece in blocks(stem, fader, 1.0))
            for stem, fader in zip(stems, faders, strict=True)
        ),
        default=0.0,
    )
    gain = 1.0 if loudest <= STEM_PEAK_CEILING else STEM_PEAK_CEILING / loudest
    files = [f"{i + 1:02d}-{stem_slug(name)}.wav" for i, name in enumerate(names)]
    with (
        atomic_path(path) as temp,
        tempfile.TemporaryDirectory() as scratch,
        zipfile.ZipFile(temp, "w", zipfile.ZIP_STORED) as archive,
    ):
        for stem, fader, file in zip(stems, faders, files, strict=True):
            wav = encode_blocks(blocks(stem, fader, gain), Path(scratch) / file, "wav24")
            archive.write(wav, arcname=file)
            wav.unlink()
        seconds = stems[0].shape[1] / SAMPLE_RATE
        gain_db = 20 * float(np.log10(gain))
        readme = _readme(
            names, files, title=title, tempo=tempo, key=key, mode=mode, seconds=seconds, gain_db=gain_db
        )
        archive.writestr("README.txt", readme)
    return path


def _peak(audio: Audio) -> float:
    return max(float(audio.max()), -float(audio.min())) if audio.size else 0.0
