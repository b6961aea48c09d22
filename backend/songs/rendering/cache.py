"""The process's render stage cache: memory in front of a folder of .npy files under VAR_DIR.

Entries are content-addressed and shared by every song; each song state records the entries its renders
and exports used (RenderCacheKey), so an entry can be deleted once no song names it any more."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.db.models import QuerySet

from engine.render.cache import Array, DirectoryStageCache, MemoryStageCache, StageCache, TieredStageCache
from songs.models import RenderCacheKey, Song

MEMORY_CACHE_BYTES = 768 * 1024**2
_QUERY_CHUNK = 500  # keys per IN (...) query, well under SQLite's variable limit


@functools.cache
def _cache_at(root: Path) -> TieredStageCache:
    return TieredStageCache(MemoryStageCache(MEMORY_CACHE_BYTES), DirectoryStageCache(root))


def stage_cache() -> StageCache:
    return _cache_at(Path(settings.VAR_DIR) / "render-cache")


class RecordingStageCache:
    """The stage cache, noting every key a render found or stored (what its song state uses)."""

    def __init__(self, inner: StageCache) -> None:
        self.inner = inner
        self.keys: set[str] = set()

    def get(self, key: str) -> Array | None:
        array = self.inner.get(key)
        if array is not None:
            self.keys.add(key)
        return array

    def put(self, key: str, array: Array) -> None:
        self.inner.put(key, array)
        self.keys.add(key)

    def put_blocks(self, key: str, shape: tuple[int, int], blocks: Iterable[Array]) -> Array:
        stored = self.inner.put_blocks(key, shape, blocks)
        self.keys.add(key)
        return stored

    def spill(
        self, shape: tuple[int, int], blocks: Iterable[Array]
    ) -> contextlib.AbstractContextManager[Array]:
        return self.inner.spill(shape, blocks)  # never stored: nothing to note


def recording_stage_cache() -> RecordingStageCache:
    return RecordingStageCache(stage_cache())


def render_cache_keys_record(*, song: Song, state: str, keys: Iterable[str]) -> None:
    """Note that the song's state `state` (its ops' hash) uses these cache entries."""
    RenderCacheKey.objects.bulk_create(
        (RenderCacheKey(song=song, state_hash=state, key=key) for key in sorted(set(keys))),
        ignore_conflicts=True,
    )


def render_cache_keys_copy(*, song: Song, state: str, to: Song, to_state: str) -> None:
    """A copied song's state uses the entries its original's state used."""
    keys = RenderCacheKey.objects.filter(song=song, state_hash=state).values_list("key", flat=True)
    render_cache_keys_record(song=to, state=to_state, keys=list(keys))


def render_cache_keys_of(*, songs: QuerySet[Song]) -> set[str]:
    return set(RenderCacheKey.objects.filter(song__in=songs).values_list("key", flat=True))


def render_cache_release(*, keys: Iterable[str]) -> int:
    """Delete the cache entries among `keys` that no song's state names any more (call it once the rows
    that named them are gone); return how many files were deleted."""
    candidates = sorted(set(keys))
    named: set[str] = set()
    for start in range(0, len(candidates), _QUERY_CHUNK):
        chunk = candidates[start : start + _QUERY_CHUNK]
        named.update(RenderCacheKey.objects.filter(key__in=chunk).values_list("key", flat=True))
    cache = _cache_at(Path(settings.VAR_DIR) / "render-cache")
    return sum(cache.discard(key) for key in candidates if key not in named)


def soundfont_setting() -> Path | None:
    return Path(settings.SOUNDFONT) if settings.SOUNDFONT else None
