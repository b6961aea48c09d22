"""Which of its owner's songs use an upload. Apps that refer to uploads (edit logs and versions, share
links) register a finder in their AppConfig.ready(), so uploads can refuse to delete a recording in use
without importing them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from uploads.models import Upload

UploadUsersFinder = Callable[[Upload], Iterable[str]]  # titles of the owner's songs that use the upload

_finders: list[UploadUsersFinder] = []


def upload_users_register(finder: UploadUsersFinder) -> None:
    if finder not in _finders:
        _finders.append(finder)


def upload_users(*, upload: Upload) -> list[str]:
    """Titles of the owner's songs (deleted ones still restorable included) whose edits use the upload."""
    titles: set[str] = set()
    for finder in _finders:
        titles.update(finder(upload))
    return sorted(titles)


def ops_use_upload(ops: Iterable[dict[str, Any]], upload: Upload) -> bool:
    """Whether an op list (a version's, a share link's) adds the upload as an audio track."""
    wanted = str(upload.pk)
    return any(op.get("type") == "add_audio_track" and str(op.get("upload")) == wanted for op in ops)
