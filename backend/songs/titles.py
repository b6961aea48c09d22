"""Song titles and download file names."""

from __future__ import annotations

import re

from engine.presets import GENRE_PRESETS, MODE_LABELS, MOOD_LABELS
from engine.spec import SongSpec


def song_default_title(spec: SongSpec) -> str:
    return (
        f"{MOOD_LABELS[spec.mood]} {GENRE_PRESETS[spec.genre].label.split(' /')[0]} in {spec.key} {spec.mode}"
    )


def download_filename(*, title: str, tempo: float, key: str, mode: str, extension: str) -> str:
    """E.g. "Happy Pop in C major - 112 BPM - C major.mp3", safe for every file system."""
    base = f"{title} - {round(tempo)} BPM - {key} {MODE_LABELS.get(mode, mode)}"
    cleaned = re.sub(r"[^\w\s#().,-]", "", base).strip() or "song"
    return f"{cleaned[:150]}.{extension}"
