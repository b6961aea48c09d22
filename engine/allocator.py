"""Process-wide malloc settings for rendering: keep freed memory for the next array instead of handing it
back to the kernel.

By default glibc serves every allocation over ~128 KB-32 MB with its own fresh mapping and unmaps it on
free, so each numpy temporary of a render (a few MB per chunk-rate array of a 3-minute song, dozens per
master) is faulted in page by page again: on this machine (a VM) that was about a quarter of the master
stage's time (0.25 -> 0.19 s). With a high mmap threshold such arrays come from the heap, and with a high
trim threshold the heap keeps up to that much free memory for reuse. Entry points that render call this
once (the web server's warm-up, Celery pool processes, benchmarks); elsewhere it is a no-op (not glibc).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools

_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD_BYTES = 64 * 1024 * 1024  # larger arrays (full-length audio) still get their own mapping
TRIM_THRESHOLD_BYTES = 256 * 1024 * 1024  # free memory an arena keeps at its top before returning it


@functools.cache
def tune_allocator() -> bool:
    """Apply the settings once per process; True if the C library took them."""
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    try:
        mallopt = ctypes.CDLL(name).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    return bool(
        mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES) and mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES)
    )
