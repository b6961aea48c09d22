"""Reads for share links: the owner's links of a song, and a live link by its token."""

from __future__ import annotations

from django.db.models import QuerySet

from core.exceptions import NOT_FOUND, ConflictError, NotFoundError
from sharing.models import ShareLink
from songs.models import Song, SongExport, Version
from songs.selectors import song_label, upload_owner_songs
from uploads.models import Upload
from uploads.usage import ops_use_upload

NO_SUCH_VERSION = "This song has no such version."


def share_link_list(*, song: Song) -> QuerySet[ShareLink]:
    return ShareLink.objects.filter(song=song).select_related("version", "export").order_by("-created_at")


def share_link_get(*, song: Song, share_id: int) -> ShareLink:
    link = share_link_list(song=song).filter(pk=share_id).first()
    if link is None:
        raise NotFoundError(NOT_FOUND)
    return link


def share_version_get(*, song: Song, version_id: int) -> Version:
    """A saved version of the song to share; any other id is a field error of the request."""
    version = Version.objects.filter(song=song, pk=version_id).first()
    if version is None:
        raise ConflictError(NO_SUCH_VERSION, {"fields": {"version_id": [NO_SUCH_VERSION]}})
    return version


def share_link_live_get(*, token: str) -> ShareLink:
    """The link behind a public URL; revoked links and deleted (or not ready) songs are not found."""
    link = (
        ShareLink.objects.filter(
            token=token,
            revoked_at__isnull=True,
            song__status=Song.Status.READY,
            song__deleted_at__isnull=True,
        )
        .select_related("song", "version", "export")
        .first()
    )
    if link is None:
        raise NotFoundError(NOT_FOUND)
    return link


def share_audio_name(*, link: ShareLink) -> str:
    """Storage name of the shared mix (MP3), or "" while it is still being mixed (or if that failed)."""
    if link.export is None:
        return ""
    return link.export.file if link.export.status == SongExport.Status.READY else ""


def link_remixable(*, link: ShareLink) -> bool:
    """Whether listeners may copy the song: the owner allowed remixing, and downloads (a remix hands over
    the audio)."""
    return link.allow_remix and link.allow_download


def share_audio_failed(*, link: ShareLink) -> bool:
    return link.export is not None and link.export.status == SongExport.Status.FAILED


def share_links_using_upload(upload: Upload) -> list[str]:
    """Titles of the owner's songs with a live link whose frozen state adds the upload as a track."""
    links = ShareLink.objects.filter(
        song__in=upload_owner_songs(upload=upload), revoked_at__isnull=True
    ).select_related("song")
    return sorted({song_label(link.song) for link in links.iterator() if ops_use_upload(link.ops, upload)})
