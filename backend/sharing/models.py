"""Share links: an unguessable token that lets anyone hear one song (or one saved version of it)."""

import uuid

from django.db import models

from core.models import BaseModel
from songs.models import Song, SongExport, Version


class ShareLink(BaseModel):
    song = models.ForeignKey(Song, on_delete=models.CASCADE, related_name="share_links")
    version = models.ForeignKey(
        Version, null=True, blank=True, on_delete=models.CASCADE, related_name="share_links"
    )
    # secrets.token_urlsafe(32): 256 random bits, 43 URL-safe characters.
    token = models.CharField(max_length=64, unique=True)
    # The edit state the link plays, frozen when it was made: later edits do not change what listeners hear.
    ops = models.JSONField(default=list)
    # The mix of that state; null while it renders, and for an unedited song (whose generated mix is used).
    export = models.ForeignKey(SongExport, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    peaks = models.JSONField(default=list)  # the shared mix's waveform, filled once the mix exists
    duration_seconds = models.FloatField(null=True, blank=True)  # measured with the peaks
    allow_download = models.BooleanField(default=False)
    # A remix hands the listener the song's audio (stems, uploads it uses), so it also needs allow_download.
    allow_remix = models.BooleanField(default=False)
    views = models.PositiveIntegerField(default=0)
    plays = models.PositiveIntegerField(default=0)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"share of {self.song_id}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class ShareView(models.Model):
    """One load of a share page; its id lets the page's player count one play per view, at most."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    link = models.ForeignKey(ShareLink, on_delete=models.CASCADE, related_name="page_views")
    created_at = models.DateTimeField(auto_now_add=True)
    played_at = models.DateTimeField(null=True, blank=True)
