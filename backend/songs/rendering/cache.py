"""The process's render stage cache: memory in front of a folder of .npy files under VAR_DIR."""

from __future__ import annotations

import functools
from pathlib import Path

from django.conf import settings

from engine.render.cache import DirectoryStageCache, MemoryStageCache, StageCache, TieredStageCache

MEMORY_CACHE_BYTES = 768 * 1024**2


@functools.cache
def _cache_at(root: Path) -> StageCache:
    return TieredStageCache(MemoryStageCache(MEMORY_CACHE_BYTES), DirectoryStageCache(root))


def stage_cache() -> StageCache:
    return _cache_at(Path(settings.VAR_DIR) / "render-cache")


def soundfont_setting() -> Path | None:
    return Path(settings.SOUNDFONT) if settings.SOUNDFONT else None
