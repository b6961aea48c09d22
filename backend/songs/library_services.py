"""Writes for the library: copies of songs."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from core.exceptions import ConflictError
from core.visibility import Requester
from songs.downloads import DOWNLOAD_FORMATS
from songs.edit_services import song_render_enqueue
from songs.edit_state import OpData, applied_ops, song_state, state_hash
from songs.head import song_head_sync
from songs.models import Edit, RenderedStem, Song, SongExport, SongRender

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


def _copy_rows(rows: QuerySet[Any], *, to: Song) -> None:
    """The rows again, belonging to the song `to` (fresh primary keys and times; every other field kept)."""
    model = rows.model
    skipped = {"song", "created_at", "updated_at"}
    kept = [f.name for f in model._meta.concrete_fields if not f.primary_key and f.name not in skipped]
    model.objects.bulk_create(model(song=to, **{name: getattr(row, name) for name in kept}) for row in rows)


@transaction.atomic
def song_duplicate(
    *, song: Song, requester: Requester, title: str = "", ops: list[OpData] | None = None
) -> Song:
    """A new song of the requester's sharing the original's base and files, with its own edit log.

    The log holds `ops` (default: the edits in force in the original), all applied; renders already made
    are reused, and a render is queued when the copy's state has none yet."""
    if song.status != Song.Status.READY:
        raise ConflictError(SONG_NOT_READY_TO_COPY)
    ops = applied_ops(song) if ops is None else [dict(op) for op in ops]
    song_state(song, ops)  # the ops must fold on this base
    copied = {field: getattr(song, field) for field in _COPIED_FIELDS}
    if title.strip():  # a title the user gives the copy is theirs
        copied.update(title=title.strip()[:120], title_is_custom=True)
    copy = Song.objects.create(
        owner=requester.user, session_key=requester.session_key, head=len(ops), **copied
    )
    _copy_rows(song.tracks.order_by("index"), to=copy)
    Edit.objects.bulk_create(
        Edit(song=copy, seq=seq, type=str(op["type"]), params={k: v for k, v in op.items() if k != "type"})
        for seq, op in enumerate(ops, start=1)
    )
    _copy_rows(RenderedStem.objects.filter(song=song), to=copy)
    target = state_hash(ops)
    downloads = SongExport.objects.filter(  # the copied state's downloads already made
        song=song,
        state_hash=target,
        status=SongExport.Status.READY,
        format__in=DOWNLOAD_FORMATS,
        start_bar__isnull=True,
    )
    _copy_rows(downloads, to=copy)
    render = SongRender.objects.filter(song=song, state_hash=target)
    if render.exists():
        _copy_rows(render, to=copy)
    else:
        song_render_enqueue(song=copy, requester=requester)
    return song_head_sync(song=copy)
