"""Reads for uploads, always through the requester's own queryset."""

from __future__ import annotations

import uuid

from django.core.files.storage import default_storage
from django.db.models import QuerySet

from core.exceptions import NOT_FOUND, NotFoundError
from core.visibility import Requester
from engine.edit.audio_track import AudioSource
from uploads.models import Upload

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


def upload_audio_sources(*, requester: Requester) -> dict[str, AudioSource]:
    """The requester's uploads as the edit engine sees them (add_audio_track may use any of them)."""
    return {
        str(upload.pk): AudioSource(
            upload=str(upload.pk),
            sha256=upload.sha256,
            path=default_storage.path(upload.working),
            samples=upload.samples,
            name=upload.filename.rsplit(".", 1)[0][:60] or "Recording",
            tempo=upload.tempo if upload.tempo_confidence >= MIN_TEMPO_CONFIDENCE else None,
        )
        for upload in upload_list(requester=requester)
    }
