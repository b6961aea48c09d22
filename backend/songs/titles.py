"""Song titles and download file names."""

from __future__ import annotations

from engine.export.audio import download_name
from engine.presets import GENRE_PRESETS, MOOD_LABELS
from engine.spec import SongSpec
from songs.models import Song


def song_auto_title(*, genre: str, mood: str, key: str, mode: str) -> str:
    """The title a song gets unless the user gives one, e.g. "Happy Pop in C major"."""
    genre_label = GENRE_PRESETS[genre].label.split(" /")[0] if genre in GENRE_PRESETS else genre
    return f"{MOOD_LABELS.get(mood, mood.capitalize())} {genre_label} in {key} {mode}"


def song_state_title(*, song: Song, key: str, mode: str) -> str:
    """The song's title in a state of it (in `key` and `mode`): the user's title as given, else the auto
    title of that state."""
    if song.title_is_custom:
        return song.title
    return song_auto_title(genre=song.genre, mood=song.mood, key=key, mode=mode)


def song_default_title(spec: SongSpec) -> str:
    return song_auto_title(genre=spec.genre, mood=spec.mood, key=spec.key, mode=spec.mode)


def download_filename(*, title: str, tempo: float, key: str, mode: str, fmt: str, extension: str) -> str:
    """E.g. "happy-pop-in-c-major-112bpm-c-major-192kbps.mp3": one naming rule for every download (the
    engine's)."""
    return download_name(title, tempo=tempo, key=key, mode=mode, fmt=fmt, ext=extension)
