"""Content-addressed stage cache: float32 arrays stored under the SHA-256 of their inputs.

`StageCache` is the interface the staged render uses; `DirectoryStageCache` keeps .npy files on disk
(written to a temp name, then renamed, so a reader never sees half a file; least recently used files
are evicted past a size cap), `MemoryStageCache` keeps arrays in process memory (tests, and the fast tier
of `TieredStageCache` in a long-lived worker). Arrays handed out are read-only: callers share them.

`put_blocks` stores an array given as consecutive column blocks, so a stage can stream a stem into the
cache without ever holding it whole (a 10-minute stem is 212 MB): the directory cache writes each block
into place in the file, and hands back the stored array memory-mapped. `spill` holds an array only for a
`with` block (the pre-master mix): in scratch memory, or for a long one in an unnamed file mapped back.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, Protocol

import numpy as np
import numpy.typing as npt

from engine.files import atomic_path, atomic_write
from engine.mix.buffers import fresh_audio, scratch_audio

Array = npt.NDArray[np.floating]

DEFAULT_DISK_CAP_BYTES = 8 * 1024**3
DEFAULT_MEMORY_CAP_BYTES = 1024**3
# A spilled array up to this size (6 minutes of stereo float32) stays in memory, as quick as it was; a
# longer one goes to an unnamed file read back mapped, so a 10-minute song's mix costs no memory to hold.
SPILL_IN_MEMORY_BYTES = 64 * 1024**2
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

    def put_blocks(self, key: str, shape: tuple[int, int], blocks: Iterable[Array]) -> Array:
        """Store the float32 array of `shape` whose consecutive column blocks `blocks` yields; return it as
        stored (read-only)."""
        ...

    def spill(
        self, shape: tuple[int, int], blocks: Iterable[Array]
    ) -> contextlib.AbstractContextManager[Array]:
        """The float32 array of `shape` made of `blocks`, for the `with` block only and never stored (the
        pre-master mix): a directory cache keeps it in an unnamed file beside its own, mapped read-only."""
        ...


def _write_columns(out: BinaryIO, shape: tuple[int, int], blocks: Iterable[Array]) -> None:
    """Write the C-order float32 data of the array `blocks` tile at `out`'s position, block by block."""
    data_at = out.tell()
    itemsize = np.dtype(np.float32).itemsize
    out.truncate(data_at + shape[0] * shape[1] * itemsize)
    for start, block in _filled(shape, blocks):
        for channel in range(shape[0]):
            out.seek(data_at + (channel * shape[1] + start) * itemsize)
            out.write(np.ascontiguousarray(block[channel], dtype="<f4").data)


def _filled(shape: tuple[int, int], blocks: Iterable[Array]) -> Iterable[tuple[int, Array]]:
    """(first column, block) for each block, checked to tile exactly `shape`."""
    position = 0
    for block in blocks:
        if block.ndim != 2 or block.shape[0] != shape[0] or position + block.shape[1] > shape[1]:
            raise ValueError(f"Block of shape {block.shape} does not fit an array of shape {shape}.")
        yield position, block
        position += block.shape[1]
    if position != shape[1]:
        raise ValueError(f"Blocks covered {position} of {shape[1]} columns.")


@contextlib.contextmanager
def _spill_in_memory(shape: tuple[int, int], blocks: Iterable[Array]) -> Iterator[Array]:
    """The array in scratch memory, reused from one render to the next (engine.mix.buffers)."""
    with scratch_audio(shape) as array:
        for start, block in _filled(shape, blocks):
            array[:, start : start + block.shape[1]] = block
        yield array


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

    def put_blocks(self, key: str, shape: tuple[int, int], blocks: Iterable[Array]) -> Array:
        array = fresh_audio(shape)
        for start, block in _filled(shape, blocks):
            array[:, start : start + block.shape[1]] = block
        self.put(key, array)
        return array

    def spill(
        self, shape: tuple[int, int], blocks: Iterable[Array]
    ) -> contextlib.AbstractContextManager[Array]:
        return _spill_in_memory(shape, blocks)

    def __len__(self) -> int:
        return len(self._items)


class DirectoryStageCache:
    """`root/ab/<sha256>.npy` files; reading one refreshes its mtime, the oldest go past `max_bytes`."""

    def __init__(
        self,
        root: Path,
        max_bytes: int = DEFAULT_DISK_CAP_BYTES,
        spill_in_memory_bytes: int = SPILL_IN_MEMORY_BYTES,
    ) -> None:
        self.root = root
        self.max_bytes = max_bytes
        self.spill_in_memory_bytes = spill_in_memory_bytes
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

    def put_blocks(self, key: str, shape: tuple[int, int], blocks: Iterable[Array]) -> Array:
        """Each block is written into place (channel by channel) in a file of the final size: the array is
        never whole in memory. The result is mapped before the file is published, so eviction cannot take
        it from the caller."""
        path = self._path(key)
        header = {"descr": np.dtype("<f4").str, "fortran_order": False, "shape": shape}
        with atomic_path(path) as temp:
            with temp.open("wb") as out:
                np.lib.format.write_array_header_1_0(out, header)
                _write_columns(out, shape, blocks)
            stored: Array = np.asarray(np.load(temp, mmap_mode="r", allow_pickle=False))
        self.evict()
        return _frozen(stored)

    @contextlib.contextmanager
    def spill(self, shape: tuple[int, int], blocks: Iterable[Array]) -> Iterator[Array]:
        if shape[0] * shape[1] * np.dtype(np.float32).itemsize <= self.spill_in_memory_bytes:
            with _spill_in_memory(shape, blocks) as in_memory:  # a song of a few minutes: as quick as ever
                yield in_memory
            return
        with tempfile.TemporaryFile(dir=self.root) as out:  # unnamed: gone with its last user
            _write_columns(out, shape, blocks)
            out.flush()
            mapped: Array = np.asarray(np.memmap(out, dtype="<f4", mode="r", shape=shape))
        yield _frozen(mapped)

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
    """A fast cache in front of a slow one: reads fill the fast tier, writes go to both.

    A write reaches the fast tier as the slow tier stores it (for a directory, memory-mapped: pages of the
    OS's file cache, not a second copy in the process), so a long render keeps no stem in process memory.
    """

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
        self.slow.put(key, array)
        stored = self.slow.get(key)
        self.fast.put(key, array if stored is None else stored)

    def discard(self, key: str) -> bool:
        """Forget the entry in both tiers; True if the slow (lasting) tier had it."""
        discard_fast = getattr(self.fast, "discard", None)
        if discard_fast is not None:
            discard_fast(key)
        discard_slow = getattr(self.slow, "discard", None)
        return bool(discard_slow(key)) if discard_slow is not None else False

    def put_blocks(self, key: str, shape: tuple[int, int], blocks: Iterable[Array]) -> Array:
        stored = self.slow.put_blocks(key, shape, blocks)
        self.fast.put(key, stored)
        return stored

    def spill(
        self, shape: tuple[int, int], blocks: Iterable[Array]
    ) -> contextlib.AbstractContextManager[Array]:
        return self.slow.spill(shape, blocks)
