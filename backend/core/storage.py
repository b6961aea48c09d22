"""File storage whose writes are atomic: a reader never sees a half-written file."""

from __future__ import annotations

import os
import tempfile
from typing import Any

from django.core.files.storage import FileSystemStorage


class AtomicFileSystemStorage(FileSystemStorage):
    """Writes go to a temporary name in the target folder, then os.replace() puts them in place."""

    def _save(self, name: str, content: Any) -> str:
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        os.makedirs(directory, exist_ok=True)
        fd, tmp_path = tempfile.mkstemp(dir=directory, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as out:
                if hasattr(content, "chunks"):
                    for chunk in content.chunks():
                        out.write(chunk)
                else:
                    out.write(content.read())
                out.flush()
                os.fsync(out.fileno())
            os.chmod(tmp_path, 0o644)
            os.replace(tmp_path, full_path)
        except BaseException:
            if os.path.exists(tmp_path):
                os.unlink(tmp_path)
            raise
        return name.replace("\\", "/")
