"""Songs as owned content: claimed on sign-up, their files released when they are gone."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet

from core.visibility import Requester, abandoned_sessions, anonymous_claim
from songs.models import RenderedStem, Song, SongExport
from songs.rendering.cache import render_cache_keys_of, render_cache_release


def song_files(*, songs: QuerySet[Song]) -> set[str]:
    """Every stored file the songs refer to: rendered stems and exports (downloads included)."""
    names: set[str] = set()
    names.update(RenderedStem.objects.filter(song__in=songs).values_list("file", flat=True))
    names.update(SongExport.objects.filter(song__in=songs).values_list("file", flat=True))
    names.discard("")
    return names


class SongContent:
    def claim(self, *, session_key: str, user: AbstractBaseUser) -> int:
        return anonymous_claim(Song.objects.all(), session_key=session_key, user=user)

    def files_of(self, *, requester: Requester) -> set[str]:
        return song_files(songs=requester.filter(Song.objects.all()))

    def stored_sizes(self, *, requester: Requester) -> dict[str, int]:
        songs = requester.filter(Song.objects.all())
        sizes = dict(RenderedStem.objects.filter(song__in=songs).values_list("file", "size_bytes"))
        sizes.update(SongExport.objects.filter(song__in=songs).values_list("file", "size_bytes"))
        sizes.pop("", None)
        return sizes

    def files_in_use(self, *, names: set[str]) -> set[str]:
        used: set[str] = set()
        used.update(RenderedStem.objects.filter(file__in=names).values_list("file", flat=True))
        used.update(SongExport.objects.filter(file__in=names).values_list("file", flat=True))
        return used

    def caches_of(self, *, requester: Requester) -> set[str]:
        return render_cache_keys_of(songs=requester.filter(Song.objects.all()))

    def caches_release(self, *, entries: set[str]) -> int:
        return render_cache_release(keys=entries)

    def anonymous_sessions(self, *, changed_before: datetime) -> set[str]:
        return abandoned_sessions(Song.objects.all(), changed_before=changed_before)

    def delete_of(self, *, requester: Requester) -> int:
        deleted, _ = requester.filter(Song.objects.all()).delete()
        return deleted
