"""Song titles and download file names."""

from __future__ import annotations

from engine.export.audio import download_name
from engine.presets import GENRE_PRESETS, MOOD_LABELS
from engine.spec import SongSpec


def song_default_title(spec: SongSpec) -> str:
    return (
        f"{MOOD_LABELS[spec.mood]} {GENRE_PRESETS[spec.genre].label.split(' /')[0]} in {spec.key} {spec.mode}"
    )


def download_filename(*, title: str, tempo: float, key: str, mode: str, extension: str) -> str:
    """E.g. "happy-pop-in-c-major-112bpm-c-major.mp3": one naming rule for every download (the engine's)."""
    return download_name(title, tempo=tempo, key=key, mode=mode, ext=extension)
