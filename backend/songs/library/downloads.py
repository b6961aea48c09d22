"""The song's own downloads: files of its head state, made once per state and format, then kept."""

from __future__ import annotations

from django.db import transaction

from core.exceptions import ConflictError
from songs.models import Song, SongExport, SongRender
from songs.rendering.exports import export_make
from songs.state import applied_ops, state_hash

SONG_STILL_RENDERING = "This song's latest changes are still being rendered. Download it in a moment."
_CONTENT_TYPES = {"mp3": "audio/mpeg", "wav": "audio/wav", "midi": "audio/midi"}
DOWNLOAD_FORMATS = ("mp3_192", "wav16", "wav24", "midi")  # the export formats of the song's downloads
DOWNLOAD_MEDIA_TYPES = tuple(_CONTENT_TYPES.values())


def download_format(*, fmt: str, bit_depth: int) -> str:
    """The export format a download asks for: MP3 at 192 kbps, WAV at 16 or 24 bits, MIDI."""
    if fmt == "mp3":
        return "mp3_192"
    if fmt == "wav":
        return "wav24" if bit_depth == 24 else "wav16"
    return "midi"


def song_download(*, song: Song, fmt: str, bit_depth: int) -> tuple[SongExport, str]:
    """The head state's file in the format asked (made now if this state has none yet) and its type.

    Audio is encoded from the head's render, so it is refused while that render is still being made."""
    ops = applied_ops(song)
    target, export_format = state_hash(ops), download_format(fmt=fmt, bit_depth=bit_depth)
    made = SongExport.objects.filter(
        song=song,
        state_hash=target,
        format=export_format,
        start_bar__isnull=True,
        status=SongExport.Status.READY,
    ).first()
    if made is None:
        if export_format != "midi" and not SongRender.objects.filter(song=song, state_hash=target).exists():
            raise ConflictError(SONG_STILL_RENDERING)
        with transaction.atomic():
            export = SongExport.objects.create(song=song, ops=ops, state_hash=target, format=export_format)
        try:
            made = export_make(export=export)
        except BaseException:
            SongExport.objects.filter(pk=export.pk).update(status=SongExport.Status.FAILED)
            raise
    return made, _CONTENT_TYPES[fmt]
