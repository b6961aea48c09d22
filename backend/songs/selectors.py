"""Reads for songs, always through the requester's own queryset."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet

from core.exceptions import NOT_FOUND, NotFoundError
from core.visibility import Requester
from songs.models import Song


def song_queryset(*, requester: Requester) -> QuerySet[Song]:
    """The requester's songs; deleted ones (in their undo window) are gone for every endpoint but restore."""
    return requester.filter(Song.objects.filter(deleted_at__isnull=True))


def song_get(*, requester: Requester, song_id: uuid.UUID) -> Song:
    song = song_queryset(requester=requester).prefetch_related("tracks").filter(pk=song_id).first()
    if song is None:
        raise NotFoundError(NOT_FOUND)
    return song
