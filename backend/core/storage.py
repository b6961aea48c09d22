"""File storage whose writes are atomic: a reader never sees a half-written file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.files.storage import FileSystemStorage

from engine.files import atomic_write


class AtomicFileSystemStorage(FileSystemStorage):
    """Writes go to a temporary name in the target folder, synced to disk, then moved into place."""

    def _save(self, name: str, content: Any) -> str:
        with atomic_write(Path(self.path(name)), fsync=True) as out:
            if hasattr(content, "chunks"):
                for chunk in content.chunks():
                    out.write(chunk)
            else:
                out.write(content.read())
        return name.replace("\\", "/")
