"""Writes to a song's edit log: apply, undo, redo, versions. The base is never modified."""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction

from core.exceptions import ApplicationError, ConflictError, TooManyRequestsError
from core.ownership import StorageQuotaError
from core.visibility import Requester
from engine.edit.fold import apply_op
from engine.edit.materialise import materialise, with_composed
from engine.edit.ops import EditError, coalesce, op_params, parse_op
from engine.limits import amount
from jobs.models import Job
from jobs.services import job_create
from songs.head import song_head_sync
from songs.job_params import ExportParams, RenderParams, SongJobKind
from songs.models import Edit, Song, SongExport, SongRender, Version
from songs.state import (
    OpData,
    applied_ops,
    composed_notes_store,
    edit_error_as_application_error,
    song_state,
    state_hash,
)

NOTHING_TO_UNDO = "There is nothing to undo."
NOTHING_TO_REDO = "There is nothing to redo."
VERSION_NAME_TAKEN = "You already have a version with this name."
VERSION_NAME_EMPTY = "Give the version a name."
EDIT_LOG_FULL = (
    "This edit would give the song {count}; the limit is {limit} (over by {over}). Undo an edit to make room."
)


def _locked(song: Song) -> Song:
    return Song.objects.select_for_update().get(pk=song.pk)


def song_render_enqueue(*, song: Song, requester: Requester) -> Job | None:
    """Queue a render of the song's current edit state unless it is rendered or already queued (then
    that job is returned)."""
    target = state_hash(applied_ops(song))
    if SongRender.objects.filter(song=song, state_hash=target).exists():
        return None
    return job_create(
        kind=SongJobKind.RENDER,
        requester=requester,
        song_id=song.id,
        params=RenderParams(state_hash=target),
    )


def song_render_ensure(*, song: Song, requester: Requester) -> Job | None:
    """Queue a render of the head unless it is rendered, being rendered, or its last render failed (the
    editor shows that job's message; the next edit or undo tries again)."""
    if song.status != Song.Status.READY:
        return None
    target = state_hash(applied_ops(song))
    if SongRender.objects.filter(song=song, state_hash=target).exists():
        return None
    last = (
        Job.objects.filter(song=song, kind=SongJobKind.RENDER, dedup_key=target)
        .order_by("-created_at")
        .first()
    )
    if last is not None and last.status == Job.Status.FAILED:
        return None
    try:
        return song_render_enqueue(song=song, requester=requester)
    except (TooManyRequestsError, StorageQuotaError):
        return None  # the requester's other jobs come first (or room is made); the editor asks again


@transaction.atomic
def edit_apply(*, song: Song, requester: Requester, data: OpData) -> Job | None:
    """Validate one op against the current state and append it (or merge it into the last one).

    An op that runs the composer runs it here, once: the notes are stored and the op names them."""
    song = _locked(song)
    state = song_state(song)
    try:
        op = parse_op(data, strict=True)
    except EditError as error:
        raise edit_error_as_application_error(error) from None
    # A new edit after undo drops the redo tail; one that moves the last edit's control replaces it.
    last = Edit.objects.filter(song=song, seq=song.head).first()
    merged = coalesce(parse_op(last.as_op_data()), op) if last is not None else None
    if merged is None:
        _refuse_past_log_limit(song.head + 1)
    try:  # a valid op that does not fit this song (no such track, past its end...) is a conflict
        op, composed = materialise(state, op)
        new_state = apply_op(with_composed(state, composed), op)
    except EditError as error:
        raise edit_error_as_application_error(error, conflict=True) from None
    if composed is not None:
        composed_notes_store(composed)

    Edit.objects.filter(song=song, seq__gt=song.head).delete()
    if last is not None and merged is not None:
        last.type, last.params = merged.type, op_params(merged)
        last.save(update_fields=["type", "params", "updated_at"])
    else:
        song.head += 1
        Edit.objects.create(song=song, seq=song.head, type=op.type, params=op_params(op))
        song.save(update_fields=["head", "updated_at"])
    song_head_sync(song=song, state=new_state)
    return song_render_enqueue(song=song, requester=requester)


def _refuse_past_log_limit(count: int) -> None:
    """Refuse an edit that would make the log longer than EDIT_LOG_MAX (before anything runs or is stored)."""
    limit: int = settings.EDIT_LOG_MAX
    if count <= limit:
        return
    over = count - limit
    message = EDIT_LOG_FULL.format(
        count=amount(count, "edits"), limit=amount(limit, "edits"), over=amount(over, "edits")
    )
    raise ConflictError(message, {"limit": {"name": "edits", "value": count, "maximum": limit, "over": over}})


@transaction.atomic
def edit_undo(*, song: Song, requester: Requester) -> Job | None:
    song = _locked(song)
    if song.head == 0:
        raise ConflictError(NOTHING_TO_UNDO)
    song.head -= 1
    song.save(update_fields=["head", "updated_at"])
    song_head_sync(song=song)
    return song_render_enqueue(song=song, requester=requester)


@transaction.atomic
def edit_redo(*, song: Song, requester: Requester) -> Job | None:
    song = _locked(song)
    if not Edit.objects.filter(song=song, seq=song.head + 1).exists():
        raise ConflictError(NOTHING_TO_REDO)
    song.head += 1
    song.save(update_fields=["head", "updated_at"])
    song_head_sync(song=song)
    return song_render_enqueue(song=song, requester=requester)


@transaction.atomic
def version_save(*, song: Song, name: str) -> Version:
    """Name the current edit state."""
    cleaned = name.strip()
    if not cleaned:
        raise ApplicationError(VERSION_NAME_EMPTY, {"fields": {"name": [VERSION_NAME_EMPTY]}})
    try:
        with transaction.atomic():
            return Version.objects.create(song=song, name=cleaned[:80], ops=applied_ops(song))
    except IntegrityError:
        raise ConflictError(VERSION_NAME_TAKEN, {"fields": {"name": [VERSION_NAME_TAKEN]}}) from None


@transaction.atomic
def version_restore(*, song: Song, version: Version, requester: Requester) -> Job | None:
    """Make a version's state current. If the log already holds it, only the head moves; otherwise the
    log becomes the version's ops (the state being left is saved as a version first, so nothing is lost)."""
    song = _locked(song)
    log = [edit.as_op_data() for edit in Edit.objects.filter(song=song).order_by("seq")]
    ops = list(version.ops)
    if log[: len(ops)] == ops:
        song.head = len(ops)
    else:
        current = applied_ops(song)
        if current and not Version.objects.filter(song=song, ops=current).exists():
            _autosave(song, current, before=version.name)
        Edit.objects.filter(song=song).delete()
        Edit.objects.bulk_create(
            Edit(
                song=song,
                seq=seq,
                type=str(data["type"]),
                params={k: v for k, v in data.items() if k != "type"},
            )
            for seq, data in enumerate(ops, start=1)
        )
        song.head = len(ops)
    song.save(update_fields=["head", "updated_at"])
    song_head_sync(song=song)
    return song_render_enqueue(song=song, requester=requester)


def _autosave(song: Song, ops: list[OpData], *, before: str) -> None:
    base = f"Before restoring {before}"[:72]
    name, n = base, 1
    while Version.objects.filter(song=song, name=name).exists():
        n += 1
        name = f"{base} ({n})"
    Version.objects.create(song=song, name=name, ops=ops)


LOOP_NEEDS_BOTH_BARS = "Give both start_bar and end_bar for a loop export."
LOOP_OUT_OF_RANGE = "The loop must lie inside the song: 0 <= start_bar < end_bar <= bars."
LOOP_FORMAT = "Loops are exported as audio (WAV, FLAC, OGG or MP3)."


@transaction.atomic
def export_create(
    *, song: Song, requester: Requester, fmt: str, start_bar: int | None = None, end_bar: int | None = None
) -> tuple[SongExport, Job]:
    """Freeze the current edit state and queue the job that makes the file."""
    if (start_bar is None) != (end_bar is None):
        raise ApplicationError(LOOP_NEEDS_BOTH_BARS, {"fields": {"end_bar": [LOOP_NEEDS_BOTH_BARS]}})
    ops = applied_ops(song)
    if start_bar is not None and end_bar is not None:
        if fmt in ("midi", "stems"):
            raise ApplicationError(LOOP_FORMAT, {"fields": {"format": [LOOP_FORMAT]}})
        bars = song_state(song, ops).score.bars
        if not 0 <= start_bar < end_bar <= bars:
            raise ConflictError(LOOP_OUT_OF_RANGE, {"fields": {"end_bar": [LOOP_OUT_OF_RANGE]}})
    else:
        song_state(song, ops)  # the song must be editable (rendered) to export its state
    export = SongExport.objects.create(
        song=song, ops=ops, state_hash=state_hash(ops), format=fmt, start_bar=start_bar, end_bar=end_bar
    )
    job = job_create(
        kind=SongJobKind.EXPORT,
        requester=requester,
        song_id=song.id,
        params=ExportParams(export_id=export.pk),
    )
    return export, job
