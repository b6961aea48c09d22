"""Reads for uploads, always through the requester's own queryset."""

from __future__ import annotations

import re
import shutil
import uuid
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import QuerySet

from core.exceptions import NOT_FOUND, NotFoundError
from core.visibility import Requester
from engine.edit.audio_track import AudioSource
from engine.files import atomic_write
from uploads.models import Upload

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
MIN_TEMPO_CONFIDENCE = 0.2  # below this the detected tempo is a guess: do not offer to stretch to it


def upload_list(*, requester: Requester) -> QuerySet[Upload]:
    return requester.filter(Upload.objects.all())


def upload_get(*, requester: Requester, upload_id: uuid.UUID) -> Upload:
    upload = upload_list(requester=requester).filter(pk=upload_id).first()
    if upload is None:
        raise NotFoundError(NOT_FOUND)
    return upload


def upload_with_content(*, requester: Requester, sha256: str) -> Upload | None:
    """The requester's upload of exactly these bytes, if they sent them before."""
    return upload_list(requester=requester).filter(sha256=sha256).first()


def upload_audio_sources(*, requester: Requester, in_log: Iterable[str] = ()) -> dict[str, AudioSource]:
    """Uploads as the edit engine sees them: the requester's (a new add_audio_track may use any of them)
    and those an edit log already uses (a song copied from another user's keeps its audio tracks)."""
    logged = [upload_id for upload_id in in_log if _UUID.match(upload_id)]
    uploads = upload_list(requester=requester) | Upload.objects.filter(pk__in=logged)
    return {
        str(upload.pk): AudioSource(
            upload=str(upload.pk),
            sha256=upload.sha256,
            path=upload_working_copy_path(upload, fetch=str(upload.pk) in logged),
            samples=upload.samples,
            name=upload.filename.rsplit(".", 1)[0][:60] or "Recording",
            tempo=upload.tempo if upload.tempo_confidence >= MIN_TEMPO_CONFIDENCE else None,
        )
        for upload in uploads.distinct()
    }


def upload_working_copy_path(upload: Upload, *, fetch: bool = True) -> Path:
    """Where the engine reads an upload's working copy: the stored file itself on local storage; on object
    storage a copy in VAR_DIR/upload-cache, fetched (once) for the uploads an edit log uses."""
    try:
        return Path(default_storage.path(upload.working))
    except NotImplementedError:
        local = upload_cache_path(sha256=upload.sha256)
        if fetch and not local.is_file():
            with atomic_write(local) as out, default_storage.open(upload.working, "rb") as stored:
                shutil.copyfileobj(stored, out, 1 << 20)
        return local


def upload_cache_path(*, sha256: str) -> Path:
    """The local copy of a working copy fetched from object storage."""
    return Path(settings.VAR_DIR) / "upload-cache" / f"{sha256}.wav"
