"""Writes for the library: copies of songs."""

from __future__ import annotations

from django.db import transaction

from core.exceptions import ApplicationError
from core.visibility import Requester
from songs.downloads import DOWNLOAD_FORMATS
from songs.edit_services import song_render_enqueue
from songs.edit_state import OpData, applied_ops, song_state, state_hash
from songs.head import song_head_sync
from songs.models import Edit, RenderedStem, Song, SongExport, SongRender, Track

SONG_NOT_READY_TO_COPY = "This song is still being made. Copy it when it is ready."

_COPIED_FIELDS = (
    "status",
    "spec",
    "score",
    "genre",
    "mood",
    "tempo",
    "key",
    "mode",
    "seed",
    "title",
    "bars",
    "duration_seconds",
    "loudness_lufs",
    "true_peak_dbtp",
    "track_names",
    "title_is_custom",
)


@transaction.atomic
def song_duplicate(
    *, song: Song, requester: Requester, title: str = "", ops: list[OpData] | None = None
) -> Song:
    """A new song of the requester's sharing the original's base and files, with its own edit log.

    The log holds `ops` (default: the edits in force in the original), all applied; renders already made
    are reused, and a render is queued when the copy's state has none yet."""
    if song.status != Song.Status.READY:
        raise ApplicationError(SONG_NOT_READY_TO_COPY)
    ops = applied_ops(song) if ops is None else [dict(op) for op in ops]
    song_state(song, ops)  # the ops must fold on this base
    copied = {field: getattr(song, field) for field in _COPIED_FIELDS}
    if title.strip():  # a title the user gives the copy is theirs
        copied.update(title=title.strip()[:120], title_is_custom=True)
    copy = Song.objects.create(
        owner=requester.user, session_key=requester.session_key, head=len(ops), **copied
    )
    Track.objects.bulk_create(
        Track(
            song=copy,
            index=track.index,
            name=track.name,
            instrument=track.instrument,
            role=track.role,
            program=track.program,
            bank=track.bank,
            gain_db=track.gain_db,
            pan=track.pan,
        )
        for track in song.tracks.order_by("index")
    )
    Edit.objects.bulk_create(
        Edit(song=copy, seq=seq, type=str(op["type"]), params={k: v for k, v in op.items() if k != "type"})
        for seq, op in enumerate(ops, start=1)
    )
    RenderedStem.objects.bulk_create(
        RenderedStem(
            song=copy, key=stem.key, file=stem.file, peaks=stem.peaks, file_gain_db=stem.file_gain_db
        )
        for stem in RenderedStem.objects.filter(song=song)
    )
    target = state_hash(ops)
    SongExport.objects.bulk_create(  # the copied state's downloads already made
        SongExport(
            song=copy,
            ops=export.ops,
            state_hash=export.state_hash,
            format=export.format,
            start_bar=export.start_bar,
            end_bar=export.end_bar,
            status=export.status,
            file=export.file,
            filename=export.filename,
        )
        for export in SongExport.objects.filter(
            song=song,
            state_hash=target,
            status=SongExport.Status.READY,
            format__in=DOWNLOAD_FORMATS,
            start_bar__isnull=True,
        )
    )
    render = SongRender.objects.filter(song=song, state_hash=target).first()
    if render is not None:
        SongRender.objects.create(
            song=copy,
            state_hash=target,
            master_key=render.master_key,
            stem_keys=render.stem_keys,
            loudness_lufs=render.loudness_lufs,
            true_peak_dbtp=render.true_peak_dbtp,
            duration_seconds=render.duration_seconds,
        )
    else:
        song_render_enqueue(song=copy, requester=requester)
    return song_head_sync(song=copy)
