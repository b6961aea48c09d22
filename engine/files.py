"""Atomic file writes: a reader sees the old file or the whole new one, never a part of it.

The new content goes to a temporary file in the target's folder (the same file system, so the final
rename is atomic), which `os.replace` moves onto the target once it is complete. On any error the
temporary file is removed and the target is left as it was.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

TEMP_SUFFIX = ".part"  # every temporary file ends so: a sweep or a test can recognise leftovers
FILE_MODE = 0o644  # mkstemp creates files private to the process; a finished file is an ordinary one
_NAME_IN_TEMP = 64  # the target's name prefixes the temporary one, cut so it stays within NAME_MAX


@contextlib.contextmanager
def atomic_path(path: Path, *, fsync: bool = False) -> Iterator[Path]:
    """A temporary path beside `path` for a writer to fill (an external tool, a ZipFile); moved onto `path`
    when the block exits cleanly, removed if it raises. `fsync` flushes the data to disk before the move."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(
        prefix=f".{path.name[:_NAME_IN_TEMP]}.", suffix=TEMP_SUFFIX, dir=path.parent
    )
    os.close(handle)
    temp = Path(name)
    try:
        yield temp
        if fsync:
            _flush_to_disk(temp)
        os.chmod(temp, FILE_MODE)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def atomic_write(path: Path, *, fsync: bool = False) -> Iterator[BinaryIO]:
    """A binary file open for writing that replaces `path` when the block exits cleanly (see atomic_path)."""
    with atomic_path(path, fsync=fsync) as temp, temp.open("wb") as out:
        yield out


def _flush_to_disk(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
