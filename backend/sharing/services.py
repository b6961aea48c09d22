"""Writes for share links: create, change, revoke, count views and plays, remix."""

from __future__ import annotations

import secrets
import tempfile
import uuid
from pathlib import Path

from accounts.selectors import email_verified
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from core.exceptions import ApplicationError, ConflictError
from core.visibility import Requester
from engine.audio_io.ffmpeg import SAMPLE_RATE, decode
from engine.audio_io.peaks import waveform_peaks
from jobs.models import Job
from jobs.services import job_create
from sharing.models import ShareLink, ShareView
from sharing.selectors import share_audio_name
from songs.job_params import ExportParams, SongJobKind
from songs.library.services import song_duplicate
from songs.models import Song, SongExport, Version
from songs.state import applied_ops, song_state, state_hash

TOKEN_BYTES = 32  # 256 bits of secrets.token_urlsafe
SHARE_FORMAT = "mp3_192"
PEAK_POINTS = 240
MAX_SHARED_SECONDS = 60 * 30

ALREADY_REVOKED = "This link is already revoked."
SHARE_NEEDS_ACCOUNT = (
    "Sign up or log in to share by link: anyone with a link can listen, so links belong to accounts "
    "with a verified e-mail address."
)
SHARE_NEEDS_VERIFIED_EMAIL = (
    "Verify your e-mail address to share by link: your account page sends you a code."
)
REMIX_NEEDS_ACCOUNT = "Sign in to copy this song into your library."
REMIX_NOT_ALLOWED = "The owner of this song has not allowed remixing it."
REMIX_NEEDS_DOWNLOAD = (
    "The owner of this song has not allowed downloading it, so it cannot be remixed: "
    "a remix hands over its audio."
)


class SignInRequiredError(ApplicationError):
    status_code = 403


class NotAllowedError(ApplicationError):
    status_code = 403


@transaction.atomic
def share_link_create(
    *,
    song: Song,
    requester: Requester,
    version: Version | None = None,
    allow_download: bool = False,
    allow_remix: bool = False,
) -> tuple[ShareLink, Job | None]:
    """A link to the song's current state (or a saved version), with the job that mixes it unless that
    state's MP3 is already made (or being made). Anyone with the link can listen, so only an account
    with a verified e-mail address makes one."""
    if requester.user is None:
        raise SignInRequiredError(SHARE_NEEDS_ACCOUNT, {"reason": "sign_in_required"})
    if not email_verified(user=requester.user):
        raise SignInRequiredError(SHARE_NEEDS_VERIFIED_EMAIL, {"reason": "email_unverified"})
    ops = list(version.ops) if version is not None else applied_ops(song)
    song_state(song, ops)  # the song must be ready, and the state must fold
    target, job = state_hash(ops), None
    export = (
        SongExport.objects.filter(song=song, state_hash=target, format=SHARE_FORMAT, start_bar__isnull=True)
        .exclude(status=SongExport.Status.FAILED)
        .order_by("-status", "created_at")  # a ready one first
        .first()
    )
    if export is None:
        export = SongExport.objects.create(song=song, ops=ops, state_hash=target, format=SHARE_FORMAT)
        job = job_create(
            kind=SongJobKind.EXPORT,
            requester=requester,
            song_id=song.id,
            params=ExportParams(export_id=export.pk),
        )
    link = ShareLink.objects.create(
        song=song,
        version=version,
        token=secrets.token_urlsafe(TOKEN_BYTES),
        ops=ops,
        export=export,
        allow_download=allow_download,
        allow_remix=allow_remix,
    )
    return link, job


def share_link_update(
    *, link: ShareLink, allow_download: bool | None = None, allow_remix: bool | None = None
) -> ShareLink:
    """Change what listeners may do with the song (None: unchanged)."""
    fields = ["updated_at"]
    if allow_download is not None:
        link.allow_download = allow_download
        fields.append("allow_download")
    if allow_remix is not None:
        link.allow_remix = allow_remix
        fields.append("allow_remix")
    link.save(update_fields=fields)
    return link


def share_link_revoke(*, link: ShareLink) -> ShareLink:
    """From now on the page, the embed and every file behind the link answer 404."""
    if link.is_revoked:
        raise ConflictError(ALREADY_REVOKED)
    link.revoked_at = timezone.now()
    link.save(update_fields=["revoked_at", "updated_at"])
    return link


def share_links_revoke_for_song(song: Song) -> int:
    """Revoke every live link of a song being deleted (restoring it does not bring them back)."""
    now = timezone.now()
    return ShareLink.objects.filter(song=song, revoked_at__isnull=True).update(revoked_at=now, updated_at=now)


def share_view_record(*, link: ShareLink) -> ShareView:
    """Count one load of the share page (or embed); the returned view may later count one play."""
    ShareLink.objects.filter(pk=link.pk).update(views=F("views") + 1)
    return ShareView.objects.create(link=link)


def share_play_record(*, link: ShareLink, view_id: uuid.UUID) -> bool:
    """Count a play for a page view that has not played yet; False if it had (or is not this link's)."""
    with transaction.atomic():
        first = ShareView.objects.filter(pk=view_id, link=link, played_at__isnull=True).update(
            played_at=timezone.now()
        )
        if first:
            ShareLink.objects.filter(pk=link.pk).update(plays=F("plays") + 1)
    return bool(first)


def share_link_peaks_fill(*, link: ShareLink) -> list[float]:
    """The shared mix's waveform and length, measured from the mix once it exists and kept on the link."""
    if link.peaks:
        return list(link.peaks)
    name = share_audio_name(link=link)
    if not name:
        return []
    scratch = Path(settings.VAR_DIR) / "tmp"
    scratch.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=scratch) as tmp:
        local = Path(tmp) / f"mix{Path(name).suffix}"
        with default_storage.open(name, "rb") as stored, local.open("wb") as handle:
            for chunk in iter(lambda: stored.read(1 << 20), b""):
                handle.write(chunk)
        audio = decode(local, max_seconds=MAX_SHARED_SECONDS)
    peaks = waveform_peaks(audio, points=PEAK_POINTS)
    duration = audio.shape[1] / SAMPLE_RATE
    ShareLink.objects.filter(pk=link.pk).update(peaks=peaks, duration_seconds=duration)
    link.peaks, link.duration_seconds = peaks, duration
    return peaks


def share_link_remix(*, link: ShareLink, requester: Requester) -> Song:
    """Copy the shared state into the signed-in visitor's library as a new song with its own edit log,
    if the link allows remixing and downloading (a remix hands over the audio). Only what the state uses
    comes along: its render and stems, and the listener's own rows for the uploads its audio tracks play."""
    if requester.user is None:
        raise SignInRequiredError(REMIX_NEEDS_ACCOUNT)
    if not link.allow_remix:
        raise NotAllowedError(REMIX_NOT_ALLOWED)
    if not link.allow_download:
        raise NotAllowedError(REMIX_NEEDS_DOWNLOAD)
    return song_duplicate(
        song=link.song, requester=requester, title=f"{link.song.title} (remix)", ops=list(link.ops)
    )
