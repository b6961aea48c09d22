"""Content-addressed media: a file is named by the sha256 of its bytes, so equal renders are stored once."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def media_store(*, path: Path) -> str:
    """Store a local file under its content hash (kept if already there); return the storage name."""
    sha = _sha256_of(path)
    name = f"renders/{sha[:2]}/{sha}{path.suffix.lower()}"
    if not default_storage.exists(name):
        with path.open("rb") as handle:
            saved = default_storage.save(name, File(handle))
        assert saved == name, "content-addressed names must not be renamed by the storage"
    return name
