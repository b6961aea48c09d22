"""Uploaded recordings. The original bytes are stored once under their sha256 and never rewritten."""

import uuid

from django.conf import settings
from django.db import models

from core.models import BaseModel


class Upload(BaseModel):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="uploads"
    )
    # Uploads made before signing up belong to the browser session that made them.
    session_key = models.CharField(max_length=64, blank=True, default="", db_index=True)
    filename = models.CharField(max_length=200)  # as the browser named it, for display only
    sha256 = models.CharField(max_length=64, db_index=True)  # of the original bytes
    original = models.CharField(max_length=255)  # storage name of the original, byte for byte
    working = models.CharField(max_length=255)  # storage name of the float32 WAV the engine reads
    size_bytes = models.BigIntegerField()
    working_bytes = models.BigIntegerField(default=0)  # of the working copy, for the owner's storage use
    format = models.CharField(max_length=16)  # decided from the content: "WAV", "MP3", ...
    codec = models.CharField(max_length=32)
    sample_rate = models.PositiveIntegerField()  # of the original
    channels = models.PositiveSmallIntegerField()  # of the original
    duration_seconds = models.FloatField()  # measured on the decoded audio
    samples = models.BigIntegerField()  # of the working copy
    loudness_lufs = models.FloatField()
    peak_dbfs = models.FloatField()
    tempo = models.FloatField()
    tempo_confidence = models.FloatField()
    key = models.CharField(max_length=4)
    mode = models.CharField(max_length=24)
    key_confidence = models.FloatField()
    peaks = models.JSONField(default=list)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename
