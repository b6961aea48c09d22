"""Writes for songs."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.exceptions import ApplicationError
from core.ownership import media_release
from core.visibility import Requester
from engine.spec import SEED_MAX
from jobs.models import Job
from jobs.services import job_create
from songs.job_params import SongJobKind
from songs.models import Song
from songs.ownership import song_files
from songs.spec_input import song_spec_from_input
from songs.titles import song_default_title


@transaction.atomic
def song_create(*, requester: Requester, data: dict[str, Any], title: str = "") -> tuple[Song, Job]:
    """Validate a spec, create a pending song and queue the job that composes and renders it."""
    payload = dict(data)
    if payload.get("seed") is None:
        payload["seed"] = random.SystemRandom().randint(0, SEED_MAX)
    spec = song_spec_from_input(payload)
    song = Song.objects.create(
        owner=requester.user,
        session_key=requester.session_key,
        title=title.strip() or song_default_title(spec),
        title_is_custom=bool(title.strip()),
        spec=spec.model_dump(mode="json"),
        genre=spec.genre,
        mood=spec.mood,
        tempo=spec.tempo,
        key=spec.key,
        mode=spec.mode,
        seed=spec.seed,
    )
    job = job_create(
        kind=SongJobKind.GENERATE, owner=requester.user, session_key=requester.session_key, song_id=song.id
    )
    return song, job


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


def song_delete(*, song: Song) -> Song:
    """Soft-delete: the song disappears everywhere but can be restored during the undo window."""
    song.deleted_at = timezone.now()
    song.save(update_fields=["deleted_at"])
    return song


def song_restore(*, song: Song) -> Song:
    """Bring a deleted song back, unless its undo window has passed (it is then waiting to be purged)."""
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
        count = doomed.count()
        Song.objects.filter(pk__in=list(doomed.values_list("pk", flat=True))).delete()
    return count, media_release(names=names)
