"""The library's writes: rename, favourite, delete/restore/purge, duplicate."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from core.exceptions import ApplicationError, ConflictError
from core.ownership import media_release
from core.visibility import Requester
from songs.editing.services import song_render_enqueue
from songs.head import song_head_sync
from songs.library.downloads import DOWNLOAD_FORMATS
from songs.models import Edit, RenderedStem, Song, SongExport, SongRender
from songs.ownership import song_files
from songs.rendering.cache import render_cache_keys_copy, render_cache_keys_of, render_cache_release
from songs.state import OpData, applied_ops, song_state, state_hash
from uploads.services import uploads_copy

SONG_TITLE_EMPTY = "Give the song a title."
SONG_RESTORE_EXPIRED = "This song was deleted too long ago to restore."


@transaction.atomic
def song_update(*, song: Song, title: str | None = None, is_favourite: bool | None = None) -> Song:
    """Rename the song and/or mark it as a favourite."""
    fields = ["updated_at"]
    if title is not None:
        cleaned = " ".join(title.split())
        if not cleaned:
            raise ApplicationError(SONG_TITLE_EMPTY, {"fields": {"title": [SONG_TITLE_EMPTY]}})
        song.title, song.title_is_custom = cleaned[:120], True
        fields += ["title", "title_is_custom"]
    if is_favourite is not None:
        song.is_favourite = is_favourite
        fields.append("is_favourite")
    song.save(update_fields=fields)
    return song


# What other apps hang on a song and must end with it (share links are revoked), without songs importing
# them: each registers a callable in its AppConfig.ready().
SongDeleteHook = Callable[[Song], object]
_delete_hooks: list[SongDeleteHook] = []


def song_delete_hook_register(hook: SongDeleteHook) -> None:
    if hook not in _delete_hooks:
        _delete_hooks.append(hook)


@transaction.atomic
def song_delete(*, song: Song) -> Song:
    """Soft-delete: the song disappears everywhere but can be restored during the undo window; what was
    published of it (share links) ends now and stays ended if it is restored."""
    song.deleted_at = timezone.now()
    song.save(update_fields=["deleted_at"])
    for hook in _delete_hooks:
        hook(song)
    return song


def song_restore(*, song: Song) -> Song:
    """Bring a deleted song back, unless its undo window has passed (it is then waiting to be purged).
    Its share links stay revoked: publishing it again is the owner's new decision."""
    if song.deleted_at is None:
        return song
    if song.deleted_at < _purge_before():
        raise ApplicationError(SONG_RESTORE_EXPIRED)
    song.deleted_at = None
    song.save(update_fields=["deleted_at"])
    return song


def _purge_before() -> datetime:
    return timezone.now() - timedelta(days=settings.SONG_UNDO_DELETE_DAYS)


def songs_purge_deleted(*, older_than: datetime | None = None) -> tuple[int, int]:
    """Remove songs deleted before `older_than` (default: past the undo window) and the files only they
    used. Returns (songs removed, files deleted)."""
    cutoff = older_than or _purge_before()
    with transaction.atomic():
        doomed = Song.objects.filter(deleted_at__isnull=False, deleted_at__lt=cutoff)
        names = song_files(songs=doomed)
        cached = render_cache_keys_of(songs=doomed)
        count = doomed.count()
        Song.objects.filter(pk__in=list(doomed.values_list("pk", flat=True))).delete()
    render_cache_release(keys=cached)
    return count, media_release(names=names)


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


def _copy_rows(rows: QuerySet[Any], *, to: Song, **changed: Any) -> None:
    """The rows again, belonging to the song `to` (fresh primary keys and times; every other field kept
    unless `changed` gives its new value)."""
    model = rows.model
    skipped = {"song", "created_at", "updated_at"}
    kept = [f.name for f in model._meta.concrete_fields if not f.primary_key and f.name not in skipped]
    model.objects.bulk_create(
        model(song=to, **{**{name: getattr(row, name) for name in kept}, **changed}) for row in rows
    )


def ops_with_uploads(ops: list[OpData], uploads: Mapping[str, str]) -> list[OpData]:
    """The ops with each audio track's upload id replaced by `uploads[id]` (ids not in it are kept)."""
    return [
        {**op, "upload": uploads.get(str(op.get("upload")), op.get("upload"))}
        if op.get("type") == "add_audio_track"
        else dict(op)
        for op in ops
    ]


@transaction.atomic
def song_duplicate(
    *,
    song: Song,
    requester: Requester,
    title: str = "",
    ops: list[OpData] | None = None,
) -> Song:
    """A new song of the requester's sharing the original's base and files, with its own edit log.

    The log holds `ops` (default: the edits in force in the original), all applied; its audio tracks play
    the requester's own rows for the uploads they use (the same files), so the copy never depends on
    another account's uploads. Of what the original made, only what this state plays is carried over (its
    render, stems and downloads: never another state's files); a render is queued when it has none yet."""
    if song.status != Song.Status.READY:
        raise ConflictError(SONG_NOT_READY_TO_COPY)
    ops = applied_ops(song) if ops is None else [dict(op) for op in ops]
    song_state(song, ops)  # the ops must fold on this base
    used = [str(op.get("upload")) for op in ops if op.get("type") == "add_audio_track"]
    copied_ops = ops_with_uploads(ops, uploads_copy(upload_ids=used, requester=requester))
    copied = {field: getattr(song, field) for field in _COPIED_FIELDS}
    if title.strip():  # a title the user gives the copy is theirs
        copied.update(title=title.strip()[:120], title_is_custom=True)
    copy = Song.objects.create(
        owner=requester.user, session_key=requester.session_key, head=len(ops), **copied
    )
    _copy_rows(song.tracks.order_by("index"), to=copy)
    Edit.objects.bulk_create(
        Edit(song=copy, seq=seq, type=str(op["type"]), params={k: v for k, v in op.items() if k != "type"})
        for seq, op in enumerate(copied_ops, start=1)
    )
    # Audio and cache keys are content hashes (an upload's sha256, never its id), so the copy's state,
    # under its own hash, plays exactly these files.
    target, copied_target = state_hash(ops), state_hash(copied_ops)
    downloads = SongExport.objects.filter(  # the copied state's downloads already made
        song=song,
        state_hash=target,
        status=SongExport.Status.READY,
        format__in=DOWNLOAD_FORMATS,
        start_bar__isnull=True,
    )
    _copy_rows(downloads, to=copy, state_hash=copied_target, ops=copied_ops)
    render = SongRender.objects.filter(song=song, state_hash=target).first()
    if render is not None:
        _copy_rows(SongRender.objects.filter(pk=render.pk), to=copy, state_hash=copied_target)
        stems = RenderedStem.objects.filter(song=song, key__in=list(render.stem_keys.values()))
        _copy_rows(stems, to=copy)
        render_cache_keys_copy(song=song, state=target, to=copy, to_state=copied_target)
    else:
        song_render_enqueue(song=copy, requester=requester)
    return song_head_sync(song=copy)
