"""Fresh full-length audio arrays (a stage's result, a mix) that are quick to fill the first time.

First touching memory is what costs, not computing into it: on this machine (a VM, transparent huge pages
on madvise, which numpy asks for) filling a fresh 64 MB array (3 minutes of stereo float32) took 0.35-0.45 s
when the process had not used that memory before (results the stage cache keeps), and 0.1-0.16 s when a
freed array was allocated again 5-10 s later (a mix between two edits); only straight away was it 0.02 s.
The same array as an anonymous mapping of small pages that the kernel populates up front (MAP_POPULATE)
took 0.04-0.07 s in every case. The mapping is released when the last array using it goes.
"""

from __future__ import annotations

import contextlib
import mmap
import threading
from collections.abc import Iterator

import numpy as np
import numpy.typing as npt

Audio = npt.NDArray[np.float32]

_MAPPED_MIN_BYTES = 1 << 22  # below 4 MB an ordinary allocation is as quick


def fresh_audio(shape: tuple[int, int]) -> Audio:
    """An uninitialised float32 array of `shape` (channels, samples), its memory already in place."""
    size = shape[0] * shape[1] * np.dtype(np.float32).itemsize
    populate = getattr(mmap, "MAP_POPULATE", None)  # Linux only
    if size < _MAPPED_MIN_BYTES or populate is None:
        return np.empty(shape, dtype=np.float32)
    mapping = mmap.mmap(-1, size, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS | populate)
    out: Audio = np.frombuffer(mapping, dtype=np.float32).reshape(shape)
    return out


# Scratch arrays: intermediate results that die within one render (the pre-master mix). Their memory is
# kept for the next render instead of being returned to the kernel and faulted in again (about 35 ms for
# 3 minutes of stereo here). At most _SCRATCH_KEEP arrays (one per render running at once) and
# _SCRATCH_MAX_BYTES in all are kept; the largest survive.
_SCRATCH_KEEP = 2
_SCRATCH_MAX_BYTES = 512 * 1024 * 1024
_scratch_lock = threading.Lock()
_scratch_free: list[Audio] = []  # flat float32 arrays, each the memory of one scratch array


@contextlib.contextmanager
def scratch_audio(shape: tuple[int, int]) -> Iterator[Audio]:
    """An uninitialised float32 array of `shape` for use inside the `with` block only: afterwards its
    memory is handed to the next caller, so nothing may keep the array (or a view of it) past the block."""
    count = shape[0] * shape[1]
    with _scratch_lock:
        fits = [i for i, flat in enumerate(_scratch_free) if flat.size >= count]
        flat = _scratch_free.pop(min(fits, key=lambda i: _scratch_free[i].size)) if fits else None
    if flat is None:
        flat = fresh_audio((1, count)).reshape(-1)
    try:
        yield flat[:count].reshape(shape)
    finally:
        with _scratch_lock:
            _scratch_free.append(flat)
            _scratch_free.sort(key=lambda f: -f.size)
            kept: list[Audio] = []
            total = 0
            for candidate in _scratch_free:
                if len(kept) < _SCRATCH_KEEP and total + candidate.nbytes <= _SCRATCH_MAX_BYTES:
                    kept.append(candidate)
                    total += candidate.nbytes
            _scratch_free[:] = kept
