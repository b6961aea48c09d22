"""Writes for uploads: ingest a file (check, decode, analyse, store) or refuse it leaving nothing behind."""

from __future__ import annotations

import hashlib
import logging
import tempfile
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from core.exceptions import ApplicationError, ConflictError
from core.ownership import media_release, storage_quota_check
from core.visibility import Requester
from engine.audio_io.ingest import Ingested, Reason, UploadRejectedError, ingest
from engine.audio_io.sniff import ACCEPTED_NAMES
from uploads.models import Upload
from uploads.selectors import upload_cache_path, upload_with_content
from uploads.usage import upload_users

logger = logging.getLogger(__name__)

UPLOAD_MISSING = "Choose an audio file to upload."
UPLOAD_TOO_LARGE = "The file is larger than {limit}. Upload a shorter or more compressed recording."
UPLOAD_EMPTY = "The file is empty."
UPLOAD_UNSUPPORTED = f"This is not an audio file we can read. Upload {ACCEPTED_NAMES}."
UPLOAD_CORRUPT = "The file cannot be decoded: it is damaged or not really audio."
UPLOAD_INCOMPLETE = "The file is damaged or incomplete: it holds less audio than its header says."
UPLOAD_TOO_LONG = "The recording is longer than {limit}. Upload a shorter one."
UPLOAD_TOO_SHORT = "The recording is too short: upload at least half a second of audio."
UPLOAD_CHANNELS = "Only mono and stereo recordings can be used; this one has more channels."
UPLOAD_SAMPLE_RATE = "The sample rate is outside what we accept (8 kHz to 192 kHz)."
UPLOAD_SILENT = "The recording is silent."
UPLOAD_IN_USE = (
    "This recording is used in {songs}, whose edit history keeps it. Delete those songs first "
    "(a deleted song holds on to it until it is purged, {days} days after deletion)."
)
_USERS_NAMED = 3  # song titles the in-use message names; extra.songs lists them all

_MESSAGES: dict[Reason, str] = {
    Reason.EMPTY: UPLOAD_EMPTY,
    Reason.UNSUPPORTED: UPLOAD_UNSUPPORTED,
    Reason.CORRUPT: UPLOAD_CORRUPT,
    Reason.INCOMPLETE: UPLOAD_INCOMPLETE,
    Reason.TOO_LONG: UPLOAD_TOO_LONG,
    Reason.TOO_SHORT: UPLOAD_TOO_SHORT,
    Reason.CHANNELS: UPLOAD_CHANNELS,
    Reason.SAMPLE_RATE: UPLOAD_SAMPLE_RATE,
    Reason.SILENT: UPLOAD_SILENT,
}
_CHUNK = 1 << 20


class UploadTooLargeError(ApplicationError):
    status_code = 413


class UnsupportedMediaError(ApplicationError):
    status_code = 415


def size_limit_text() -> str:
    return f"{settings.UPLOAD_MAX_BYTES / 1_000_000:g} MB"


def duration_limit_text() -> str:
    minutes = settings.UPLOAD_MAX_SECONDS / 60
    return f"{minutes:g} minutes" if minutes >= 1 else f"{settings.UPLOAD_MAX_SECONDS:g} seconds"


def too_large() -> UploadTooLargeError:
    message = UPLOAD_TOO_LARGE.format(limit=size_limit_text())
    return UploadTooLargeError(message, {"fields": {"file": [message]}})


def _rejection(error: UploadRejectedError) -> ApplicationError:
    message = _MESSAGES[error.reason].format(limit=duration_limit_text())
    kind = UnsupportedMediaError if error.reason is Reason.UNSUPPORTED else ApplicationError
    return kind(message, {"fields": {"file": [message]}, "reason": str(error.reason)})


def _display_name(name: str) -> str:
    """The browser's file name, for display: no folders, no control characters, at most 200 characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(c for c in base if unicodedata.category(c)[0] != "C").strip()
    return cleaned[:200] or "recording"


def _copy_limited(file: UploadedFile, target: Path) -> tuple[str, int]:
    """Copy the upload to `target`, hashing it; refuse it as soon as it passes the size limit."""
    digest, size = hashlib.sha256(), 0
    with target.open("wb") as out:
        for chunk in file.chunks(_CHUNK):
            size += len(chunk)
            if size > settings.UPLOAD_MAX_BYTES:
                raise too_large()
            digest.update(chunk)
            out.write(chunk)
    return digest.hexdigest(), size


def _store(local: Path, name: str) -> str:
    if not default_storage.exists(name):
        with local.open("rb") as handle:
            saved = default_storage.save(name, File(handle))
        assert saved == name, "content-addressed names must not be renamed by the storage"
    return name


def _release_unused(names: tuple[str, ...]) -> None:
    """Delete stored files of a failed ingest that no upload (anyone's) refers to."""
    used = set(Upload.objects.filter(original__in=names).values_list("original", flat=True))
    used.update(Upload.objects.filter(working__in=names).values_list("working", flat=True))
    for name in names:
        if name not in used and default_storage.exists(name):
            default_storage.delete(name)


def _create_row(
    *,
    requester: Requester,
    filename: str,
    sha: str,
    size: int,
    working_bytes: int,
    info: Ingested,
    original: str,
    working: str,
) -> Upload:
    return Upload.objects.create(
        owner=requester.user,
        session_key=requester.session_key,
        filename=filename,
        sha256=sha,
        original=original,
        working=working,
        size_bytes=size,
        working_bytes=working_bytes,
        format=info.format_name,
        codec=info.codec[:32],
        sample_rate=info.sample_rate,
        channels=info.channels,
        duration_seconds=info.duration_s,
        samples=info.samples,
        loudness_lufs=info.loudness_lufs,
        peak_dbfs=info.peak_dbfs,
        tempo=info.tempo_bpm,
        tempo_confidence=info.tempo_confidence,
        key=info.key,
        mode=info.mode,
        key_confidence=info.key_confidence,
        peaks=info.peaks,
    )


def upload_create(*, requester: Requester, file: UploadedFile | None) -> tuple[Upload, bool]:
    """Ingest an uploaded file; return the upload and whether it is new (the same bytes again reuse it).

    Nothing is stored unless the file is accepted: it is checked and decoded in a private temporary
    folder, and only then are the original and its working copy stored under the original's sha256.
    """
    if file is None:
        raise ApplicationError(UPLOAD_MISSING, {"fields": {"file": [UPLOAD_MISSING]}})
    if file.size is not None and file.size > settings.UPLOAD_MAX_BYTES:
        raise too_large()
    storage_quota_check(requester=requester, incoming=file.size or 0)
    scratch_root = Path(settings.VAR_DIR) / "tmp"
    scratch_root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=scratch_root, prefix="upload-") as folder:
        original = Path(folder) / "original"
        sha, size = _copy_limited(file, original)
        existing = upload_with_content(requester=requester, sha256=sha)
        if existing is not None:
            return existing, False
        working = Path(folder) / "working.wav"
        try:
            info = ingest(original, working, max_seconds=float(settings.UPLOAD_MAX_SECONDS))
        except UploadRejectedError as error:
            # The reason only: never the file's content or ffmpeg's output.
            logger.info("upload refused: %s (%d bytes, sha256 %s)", error.reason, size, sha)
            raise _rejection(error) from None
        working_bytes = working.stat().st_size
        storage_quota_check(requester=requester, incoming=size + working_bytes)
        names = (f"uploads/originals/{sha[:2]}/{sha}", f"uploads/working/{sha[:2]}/{sha}.wav")
        try:
            with transaction.atomic():
                stored_original = _store(original, names[0])
                stored_working = _store(working, names[1])
                upload = _create_row(
                    requester=requester,
                    filename=_display_name(file.name or ""),
                    sha=sha,
                    size=size,
                    working_bytes=working_bytes,
                    info=info,
                    original=stored_original,
                    working=stored_working,
                )
        except BaseException:
            _release_unused(names)
            raise
    return upload, True


def upload_delete(*, upload: Upload) -> int:
    """Delete an upload no song of its owner uses, and its stored files unless another upload (anyone's)
    has the same bytes; return how many stored files were deleted."""
    with transaction.atomic():
        users = upload_users(upload=upload)
        if users:
            named = ", ".join(f"“{title}”" for title in users[:_USERS_NAMED])
            more = len(users) - _USERS_NAMED
            songs = f"{named} and {more} more song{'s' * (more > 1)}" if more > 0 else named
            message = UPLOAD_IN_USE.format(songs=songs, days=settings.SONG_UNDO_DELETE_DAYS)
            raise ConflictError(message, {"songs": users})
        names, sha = {upload.original, upload.working}, upload.sha256
        upload.delete()
    upload_cache_release(shas={sha})
    return media_release(names=names)


def upload_cache_release(*, shas: set[str]) -> int:
    """Delete the fetched working copies (object storage only) of bytes no upload has any more."""
    gone = shas - set(Upload.objects.filter(sha256__in=shas).values_list("sha256", flat=True))
    deleted = 0
    for sha in sorted(gone):
        local = upload_cache_path(sha256=sha)
        if local.is_file():
            local.unlink(missing_ok=True)
            deleted += 1
    return deleted


_NOT_COPIED = {"id", "owner", "session_key", "created_at", "updated_at"}


@transaction.atomic
def uploads_copy(*, upload_ids: Iterable[str], requester: Requester) -> dict[str, str]:
    """The requester's own upload for each of these (a copy of the row naming the same stored files,
    unless they already have these bytes): what a remix of a song using them needs. Old id -> new id."""
    copies: dict[str, str] = {}
    for upload in Upload.objects.filter(pk__in=sorted(set(upload_ids))):
        mine = upload_with_content(requester=requester, sha256=upload.sha256)
        if mine is None:
            kept = [f.name for f in Upload._meta.concrete_fields if f.name not in _NOT_COPIED]
            fields = {name: getattr(upload, name) for name in kept}
            mine = Upload.objects.create(owner=requester.user, session_key=requester.session_key, **fields)
        copies[str(upload.pk)] = str(mine.pk)
    return copies
