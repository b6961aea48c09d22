"""Left and right on two threads: the heavy numpy/scipy loops over a channel release the GIL.

Each channel is computed by exactly the same code whether it runs on a worker or inline, so results are
bit-identical either way; only long signals go to the pool (for short ones a thread hop costs more).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")

PARALLEL_MIN_SAMPLES = 1 << 18  # about 6 s at 44.1 kHz


@functools.cache
def _pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=2, thread_name_prefix="channel")


def per_channel(work: Callable[[int], T], channels: int, samples: int) -> list[T]:
    """`[work(0), work(1), ...]`, the channels of a long signal computed concurrently."""
    if channels < 2 or samples < PARALLEL_MIN_SAMPLES:
        return [work(channel) for channel in range(channels)]
    return list(_pool().map(work, range(channels)))
