"""Which stored file answers a download request, and under what name."""

from __future__ import annotations

from songs.models import Song
from songs.titles import download_filename

_CONTENT_TYPES = {"mp3": "audio/mpeg", "wav": "audio/wav", "mid": "audio/midi"}


def song_download_file(*, song: Song, fmt: str, bit_depth: int) -> tuple[str, str, str]:
    """(storage name or "" if not rendered yet, attachment file name, content type)."""
    if fmt == "mp3":
        stored, extension = song.mix_mp3, "mp3"
    elif fmt == "wav":
        stored, extension = (song.mix_wav24 if bit_depth == 24 else song.mix_wav16), "wav"
    else:
        stored, extension = song.midi, "mid"
    filename = download_filename(
        title=song.title, tempo=song.tempo, key=song.key, mode=song.mode, extension=extension
    )
    return stored, filename, _CONTENT_TYPES[extension]
