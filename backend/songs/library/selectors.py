"""Reads for the library: the requester's songs searched, filtered, sorted and paged."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import F, QuerySet
from django.db.models.functions import Lower

from core.exceptions import NOT_FOUND, NotFoundError
from core.visibility import Requester
from songs.models import Song

LIBRARY_SORTS = {
    "newest": ("-created_at",),
    "oldest": ("created_at",),
    "edited": ("-updated_at",),
    "title": (Lower("title"), "-created_at"),
    "title_desc": (Lower("title").desc(), "-created_at"),
    "longest": (F("duration_seconds").desc(nulls_last=True), "-created_at"),
    "shortest": (F("duration_seconds").asc(nulls_last=True), "-created_at"),
}
LIBRARY_PAGE_SIZE_MAX = 60


@dataclass(frozen=True)
class LibraryPage:
    songs: list[Song]
    count: int
    page: int
    pages: int
    page_size: int


def song_library(
    *,
    requester: Requester,
    search: str = "",
    genre: str = "",
    mood: str = "",
    key: str = "",
    favourites: bool = False,
    sort: str = "newest",
) -> QuerySet[Song]:
    """The requester's songs (not deleted) matching every given filter, in the given order."""
    songs = requester.filter(Song.objects.filter(deleted_at__isnull=True))
    if search.strip():
        songs = songs.filter(title__icontains=search.strip())
    if genre:
        songs = songs.filter(genre=genre)
    if mood:
        songs = songs.filter(mood=mood)
    if key:
        songs = songs.filter(key=key)
    if favourites:
        songs = songs.filter(is_favourite=True)
    # A library card shows the head's summary (track names included): the score and spec, the largest
    # columns, are not read.
    return songs.order_by(*LIBRARY_SORTS[sort]).defer("score", "spec")


def library_page(*, songs: QuerySet[Song], page: int, page_size: int) -> LibraryPage:
    """One page of songs; a page past the end gives the last page."""
    paginator = Paginator(songs, page_size)
    current = paginator.get_page(page)
    return LibraryPage(
        songs=list(current.object_list),
        count=paginator.count,
        page=current.number,
        pages=paginator.num_pages,
        page_size=page_size,
    )


def song_deleted_get(*, requester: Requester, song_id: uuid.UUID) -> Song:
    """One of the requester's deleted songs that has not been purged yet."""
    song = requester.filter(Song.objects.filter(deleted_at__isnull=False, pk=song_id)).first()
    if song is None:
        raise NotFoundError(NOT_FOUND)
    return song
