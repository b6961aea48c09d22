"""Fresh audio arrays for stage results that outlive the call (the stage cache keeps them).

First touching memory the process has not used before is what costs, not computing into it: on this
machine (a VM, transparent huge pages on madvise, which numpy asks for) a fresh 64 MB array (3 minutes of
stereo float32) kept alive took 0.35-0.45 s to fill, most of a mixer edit's budget, while a temporary
freed and allocated again is refilled in 0.02 s. The same array as an anonymous mapping of small pages that
the kernel populates up front (MAP_POPULATE) took 0.05-0.07 s. So results that are kept get such a mapping;
temporaries stay ordinary numpy arrays. The mapping is released when the last array using it goes.
"""

from __future__ import annotations

import mmap

import numpy as np
import numpy.typing as npt

Audio = npt.NDArray[np.float32]

_MAPPED_MIN_BYTES = 1 << 22  # below 4 MB an ordinary allocation is as quick


def kept_audio(shape: tuple[int, int]) -> Audio:
    """An uninitialised float32 array of `shape` for a result that will be kept (cached)."""
    size = shape[0] * shape[1] * np.dtype(np.float32).itemsize
    populate = getattr(mmap, "MAP_POPULATE", None)  # Linux only
    if size < _MAPPED_MIN_BYTES or populate is None:
        return np.empty(shape, dtype=np.float32)
    mapping = mmap.mmap(-1, size, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS | populate)
    out: Audio = np.frombuffer(mapping, dtype=np.float32).reshape(shape)
    return out
