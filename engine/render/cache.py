"""Content-addressed stage cache: float32 arrays stored under the SHA-256 of their inputs.

`StageCache` is the interface the staged render uses; `DirectoryStageCache` keeps .npy files on disk
(written to a temp name, then renamed, so a reader never sees half a file; least recently used files
are evicted past a size cap), `MemoryStageCache` keeps arrays in process memory (tests, and the fast tier
of `TieredStageCache` in a long-lived worker). Arrays handed out are read-only: callers share them.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Protocol

import numpy as np
import numpy.typing as npt

from engine.files import atomic_write

Array = npt.NDArray[np.floating]

DEFAULT_DISK_CAP_BYTES = 8 * 1024**3
DEFAULT_MEMORY_CAP_BYTES = 1024**3
_KEY = re.compile(r"^[0-9a-f]{64}$")


def stage_key(*parts: str | bytes) -> str:
    """SHA-256 over length-prefixed parts, so ("ab", "c") and ("a", "bc") never collide."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def _check_key(key: str) -> None:
    if not _KEY.match(key):
        raise ValueError("Cache keys are 64 lower-case hex digits (a SHA-256).")


def _frozen(array: Array) -> Array:
    array.flags.writeable = False
    return array


class StageCache(Protocol):
    def get(self, key: str) -> Array | None: ...

    def put(self, key: str, array: Array) -> None: ...


class MemoryStageCache:
    """In-process LRU by total bytes."""

    def __init__(self, max_bytes: int = DEFAULT_MEMORY_CAP_BYTES) -> None:
        self.max_bytes = max_bytes
        self._items: OrderedDict[str, Array] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> Array | None:
        _check_key(key)
        with self._lock:
            array = self._items.get(key)
            if array is not None:
                self._items.move_to_end(key)
            return array

    def put(self, key: str, array: Array) -> None:
        _check_key(key)
        stored = _frozen(array)  # the caller hands the array over: it becomes read-only, not copied
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= old.nbytes
            self._items[key] = stored
            self._bytes += stored.nbytes
            while self._bytes > self.max_bytes and len(self._items) > 1:
                _, evicted = self._items.popitem(last=False)
                self._bytes -= evicted.nbytes

    def discard(self, key: str) -> bool:
        """Forget the entry; True if there was one."""
        _check_key(key)
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= old.nbytes
        return old is not None

    def __len__(self) -> int:
        return len(self._items)


class DirectoryStageCache:
    """`root/ab/<sha256>.npy` files; reading one refreshes its mtime, the oldest go past `max_bytes`."""

    def __init__(self, root: Path, max_bytes: int = DEFAULT_DISK_CAP_BYTES) -> None:
        self.root = root
        self.max_bytes = max_bytes
        root.mkdir(parents=True, exist_ok=True)

    def _path(self, key: str) -> Path:
        _check_key(key)
        return self.root / key[:2] / f"{key}.npy"

    def get(self, key: str) -> Array | None:
        path = self._path(key)
        try:
            # Mapped, not copied: the pages come from the OS's file cache as they are read (a 3-minute stem
            # read into fresh memory took 0.2-0.26 s here). Files are only ever replaced or unlinked, never
            # rewritten in place, so a mapping stays valid after eviction.
            array: Array = np.asarray(np.load(path, mmap_mode="r", allow_pickle=False))
        except (FileNotFoundError, ValueError, OSError):
            return None  # absent, or evicted/garbled under us: a miss either way
        with contextlib.suppress(OSError):
            os.utime(path)  # the LRU clock
        return _frozen(array)

    def put(self, key: str, array: Array) -> None:
        path = self._path(key)
        with atomic_write(path) as out:
            np.save(out, np.ascontiguousarray(array), allow_pickle=False)
        self.evict()

    def discard(self, key: str) -> bool:
        """Delete the entry's file; True if there was one."""
        path = self._path(key)
        try:
            path.unlink()
        except FileNotFoundError:
            return False
        return True

    def evict(self) -> None:
        """Delete least recently used files until the cache is within `max_bytes`."""
        files = []
        total = 0
        for path in self.root.glob("*/*.npy"):
            try:
                info = path.stat()
            except FileNotFoundError:
                continue
            files.append((info.st_mtime_ns, info.st_size, path))
            total += info.st_size
        files.sort()
        for _, size, path in files:
            if total <= self.max_bytes:
                break
            path.unlink(missing_ok=True)
            total -= size


class TieredStageCache:
    """A fast cache in front of a slow one: reads fill the fast tier, writes go to both."""

    def __init__(self, fast: StageCache, slow: StageCache) -> None:
        self.fast = fast
        self.slow = slow

    def get(self, key: str) -> Array | None:
        array = self.fast.get(key)
        if array is None:
            array = self.slow.get(key)
            if array is not None:
                self.fast.put(key, array)
        return array

    def put(self, key: str, array: Array) -> None:
        self.fast.put(key, array)
        self.slow.put(key, array)

    def discard(self, key: str) -> bool:
        """Forget the entry in both tiers; True if the slow (lasting) tier had it."""
        discard_fast = getattr(self.fast, "discard", None)
        if discard_fast is not None:
            discard_fast(key)
        discard_slow = getattr(self.slow, "discard", None)
        return bool(discard_slow(key)) if discard_slow is not None else False
