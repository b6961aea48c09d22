"""Reads for songs, always through the requester's own queryset."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet

from core.exceptions import NOT_FOUND, NotFoundError
from core.visibility import Requester
from songs.models import Song, Version
from uploads.models import Upload
from uploads.usage import ops_use_upload


def song_queryset(*, requester: Requester) -> QuerySet[Song]:
    """The requester's songs; deleted ones (in their undo window) are gone for every endpoint but restore."""
    return requester.filter(Song.objects.filter(deleted_at__isnull=True))


def song_get(*, requester: Requester, song_id: uuid.UUID) -> Song:
    song = song_queryset(requester=requester).prefetch_related("tracks").filter(pk=song_id).first()
    if song is None:
        raise NotFoundError(NOT_FOUND)
    return song


def upload_owner_songs(*, upload: Upload) -> QuerySet[Song]:
    """The upload owner's songs, deleted ones still in their undo window included."""
    owner = Requester(user=upload.owner, session_key="" if upload.owner_id else upload.session_key)
    return owner.filter(Song.objects.all())


def song_label(song: Song) -> str:
    return f"{song.title} (deleted)" if song.deleted_at is not None else song.title


def songs_using_upload(upload: Upload) -> list[str]:
    """Titles of the owner's songs whose edit log (redo tail too) or saved versions add the upload."""
    songs = upload_owner_songs(upload=upload)
    logged = songs.filter(edits__type="add_audio_track", edits__params__upload=str(upload.pk)).distinct()
    users = {song_label(song) for song in logged}
    versions = Version.objects.filter(song__in=songs).select_related("song")
    users.update(song_label(v.song) for v in versions.iterator() if ops_use_upload(v.ops, upload))
    return sorted(users)
