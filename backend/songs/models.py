"""Songs and their tracks. The generated score (the base) is stored once and never rewritten."""

import uuid

from django.conf import settings
from django.db import models

from core.models import BaseModel


class Song(BaseModel):
    class Status(models.TextChoices):
        PENDING = "pending"
        READY = "ready"
        FAILED = "failed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="songs"
    )
    # Songs made before signing up belong to the browser session that made them.
    session_key = models.CharField(max_length=64, blank=True, default="", db_index=True)
    title = models.CharField(max_length=120)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    spec = models.JSONField()
    score = models.JSONField(null=True, blank=True)
    genre = models.CharField(max_length=32)
    mood = models.CharField(max_length=32)
    tempo = models.FloatField()
    key = models.CharField(max_length=4)
    mode = models.CharField(max_length=24)
    seed = models.BigIntegerField()
    bars = models.PositiveIntegerField(null=True, blank=True)
    duration_seconds = models.FloatField(null=True, blank=True)
    loudness_lufs = models.FloatField(null=True, blank=True)
    true_peak_dbtp = models.FloatField(null=True, blank=True)
    mix_mp3 = models.CharField(max_length=255, blank=True, default="")
    mix_wav16 = models.CharField(max_length=255, blank=True, default="")
    mix_wav24 = models.CharField(max_length=255, blank=True, default="")
    midi = models.CharField(max_length=255, blank=True, default="")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(tempo__gte=20) & models.Q(tempo__lte=300), name="song_tempo_range"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Track(BaseModel):
    song = models.ForeignKey(Song, on_delete=models.CASCADE, related_name="tracks")
    index = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=80)
    instrument = models.CharField(max_length=64)
    role = models.CharField(max_length=24)
    program = models.PositiveSmallIntegerField()
    bank = models.PositiveSmallIntegerField()
    stem = models.CharField(max_length=255, blank=True, default="")
    peaks = models.JSONField(default=list)
    # The mixer's starting position for this track (the server's mix uses the same).
    gain_db = models.FloatField(default=0.0)
    pan = models.FloatField(default=0.0)

    class Meta:
        ordering = ["index"]
        constraints = [models.UniqueConstraint(fields=["song", "index"], name="track_unique_index_per_song")]

    @property
    def is_drums(self) -> bool:
        return self.bank == 128
