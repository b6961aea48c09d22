"""Long audio a stretch at a time: column blocks of a (channels, samples) array that is often a memory map.

Stems and masters come back from the on-disk stage cache memory-mapped (`engine.render.cache`): reading one
costs no copy, but every page read stays in the process's resident set while the mapping lives (a 10-minute
stem is 212 MB). `column_blocks` hands out consecutive blocks and, once the reader is done with each,
drops that block's pages from the process (they stay in the OS's file cache, so a second read is cheap):
reading a whole stem keeps at most one block resident. Arrays that are not mapped are read as they are.
"""

from __future__ import annotations

import mmap
from collections.abc import Iterator

import numpy as np
import numpy.typing as npt

BLOCK = 1 << 18  # samples per block (6 s at 44.1 kHz, 2 MB of stereo float32)

_PAGE = mmap.PAGESIZE
_BEHIND = 2 * 1024 * 1024
_DONTNEED = getattr(mmap, "MADV_DONTNEED", None)  # Linux and the BSDs


def _read_only_mapping(array: npt.NDArray[np.generic]) -> mmap.mmap | None:
    """The read-only memory map `array` views, if any (np.load(mmap_mode="r") arrays and views of them).

    Only a read-only map is ever released: dropping the pages of a writable one (an anonymous map such as
    `engine.mix.buffers.fresh_audio`'s) would lose what was written there."""
    base: object = array
    while base is not None:
        if isinstance(base, mmap.mmap):
            return None if np.frombuffer(base, dtype=np.uint8).flags.writeable else base
        base = getattr(base, "base", None)
    return None


def release_pages(array: npt.NDArray[np.generic], start: int, stop: int) -> None:
    """Drop the pages of `array[:, start:stop]` from the process if `array` views a read-only file map (the
    file keeps the data; the next read maps it in again). A no-op for any other array."""
    mapping = _read_only_mapping(array)
    if mapping is None or _DONTNEED is None or stop <= start or array.ndim != 2:
        return
    origin = np.frombuffer(mapping, dtype=np.uint8).ctypes.data
    size = len(mapping)
    for channel in range(array.shape[0]):
        first = array[channel, start:stop]
        begin = first.ctypes.data - origin
        end = begin + first.nbytes
        # Whole pages, and _BEHIND more before: a read maps in whole runs of the file's cached pages around
        # it (up to a 2 MB folio), some of them the previous block's, already released once. A page
        # released early is simply mapped in again.
        begin = max(0, begin - _BEHIND)
        begin -= begin % _PAGE
        end = min(size, -(-end // _PAGE) * _PAGE)
        if 0 <= begin < end:
            mapping.madvise(_DONTNEED, begin, end - begin)


def column_blocks(audio: npt.NDArray[np.floating], block: int = BLOCK) -> Iterator[npt.NDArray[np.floating]]:
    """Views audio[:, 0:block], audio[:, block:2 * block], ...; a mapped array's pages are released after
    each block is used (so nothing may keep a block past the next step)."""
    samples = audio.shape[1]
    for start in range(0, samples, block):
        stop = min(samples, start + block)
        yield audio[:, start:stop]
        release_pages(audio, start, stop)


def peak_magnitude(audio: npt.NDArray[np.floating], *, gain: float = 1.0) -> float:
    """max |sample| of a (channels, samples) array times `gain` (as float32 samples times
    np.float32(gain)), read block by block; 0.0 for an empty one."""
    peak = 0.0
    for piece in column_blocks(audio):
        scaled = piece if gain == 1.0 else piece * np.float32(gain)
        if scaled.size:
            peak = max(peak, float(scaled.max()), -float(scaled.min()))
    return peak
