"""Songs and their tracks. The generated score (the base) is stored once and never rewritten; everything
else a user sees of a song (its summary fields, stems, mixes, downloads) is its head state's render."""

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
    # A title the user typed is theirs; otherwise it is made from the head state (key, mode) and follows it.
    title_is_custom = models.BooleanField(default=False)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    spec = models.JSONField()
    score = models.JSONField(null=True, blank=True)  # the base: the generated score
    # The head state's summary, for the library's filters, sorting and cards (songs.head keeps it current).
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
    track_names = models.JSONField(default=list)
    head = models.PositiveIntegerField(default=0)  # edits 1..head are applied; later ones can be redone
    is_favourite = models.BooleanField(default=False)
    # Deleted songs stay restorable for a while (the undo window), then `manage.py purge` removes them.
    deleted_at = models.DateTimeField(null=True, blank=True, db_index=True)

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
    """A track of the base: its instrument and the faders the first render used (id "t<index + 1>")."""

    song = models.ForeignKey(Song, on_delete=models.CASCADE, related_name="tracks")
    index = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=80)
    instrument = models.CharField(max_length=64)
    role = models.CharField(max_length=24)
    program = models.PositiveSmallIntegerField()
    bank = models.PositiveSmallIntegerField()
    # The mixer's starting position for this track (the server's mix uses the same).
    gain_db = models.FloatField(default=0.0)
    pan = models.FloatField(default=0.0)

    class Meta:
        ordering = ["index"]
        constraints = [models.UniqueConstraint(fields=["song", "index"], name="track_unique_index_per_song")]

    @property
    def is_drums(self) -> bool:
        return self.bank == 128


class Edit(BaseModel):
    """One operation in a song's edit log. The song is fold(base, edits with seq <= head)."""

    song = models.ForeignKey(Song, on_delete=models.CASCADE, related_name="edits")
    seq = models.PositiveIntegerField()  # 1-based position in the log
    type = models.CharField(max_length=32)
    params = models.JSONField(default=dict)

    class Meta:
        ordering = ["seq"]
        constraints = [models.UniqueConstraint(fields=["song", "seq"], name="edit_unique_seq_per_song")]

    def as_op_data(self) -> dict[str, object]:
        return {"type": self.type, **self.params}


class Version(BaseModel):
    """A named snapshot of the edit log. It keeps its own copy of the ops, so later edits never lose it."""

    song = models.ForeignKey(Song, on_delete=models.CASCADE, related_name="versions")
    name = models.CharField(max_length=80)
    ops = models.JSONField(default=list)  # [{"type": ..., params...}, ...] = the log up to its head

    class Meta:
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["song", "name"], name="version_unique_name_per_song")]


class SongRender(BaseModel):
    """The rendered result of one edit state (identified by the hash of its ops): stems and master."""

    song = models.ForeignKey(Song, on_delete=models.CASCADE, related_name="renders")
    state_hash = models.CharField(max_length=64)
    master_key = models.CharField(max_length=64)
    stem_keys = models.JSONField(default=dict)  # track id -> wet stem key
    loudness_lufs = models.FloatField()
    true_peak_dbtp = models.FloatField()
    duration_seconds = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["song", "state_hash"], name="render_unique_state_per_song")
        ]


class RenderedStem(BaseModel):
    """A wet stem encoded for the browser (FLAC), stored once per content key."""

    song = models.ForeignKey(Song, on_delete=models.CASCADE, related_name="rendered_stems")
    key = models.CharField(max_length=64)
    file = models.CharField(max_length=255)
    size_bytes = models.BigIntegerField(default=0)  # of the stored file, for the owner's storage use
    peaks = models.JSONField(default=list)
    file_gain_db = models.FloatField(default=0.0)  # applied to the file so it does not clip

    class Meta:
        constraints = [models.UniqueConstraint(fields=["song", "key"], name="stem_unique_key_per_song")]


class SongExport(BaseModel):
    """A file made on request from one edit state: a mix format, MIDI, stems ZIP or a loop."""

    class Status(models.TextChoices):
        PENDING = "pending"
        READY = "ready"
        FAILED = "failed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    song = models.ForeignKey(Song, on_delete=models.CASCADE, related_name="exports")
    ops = models.JSONField(default=list)  # the edit state it was made from
    state_hash = models.CharField(max_length=64, db_index=True)  # of `ops`: equal states share files
    format = models.CharField(max_length=16)
    start_bar = models.PositiveIntegerField(null=True, blank=True)
    end_bar = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    file = models.CharField(max_length=255, blank=True, default="")
    size_bytes = models.BigIntegerField(default=0)  # of the stored file, for the owner's storage use
    filename = models.CharField(max_length=200, blank=True, default="")


class NoteBlob(BaseModel):
    """Notes the composer wrote for one edit (regenerate, add_instrument), stored once and never changed.

    Addressed by the SHA-256 of their canonical JSON (engine.edit.composed.ComposedNotes), so any number
    of edits, versions, exports and copied songs can name the same notes; fold replays them."""

    key = models.CharField(max_length=64, primary_key=True)
    notes = models.JSONField()  # ComposedNotes.as_json(): {"v": 1, "parts": {track id: [[start, ...]]}}
    note_count = models.PositiveIntegerField()


class RenderCacheKey(models.Model):
    """A render-cache entry (the engine's stage cache under VAR_DIR) that one state of a song used.

    The cache is content-addressed and shared by every song, so an entry is deleted with its last song:
    deleting an account removes the entries no other song still names."""

    song = models.ForeignKey(Song, on_delete=models.CASCADE, related_name="+")
    state_hash = models.CharField(max_length=64)
    key = models.CharField(max_length=64, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["song", "state_hash", "key"], name="cache_key_unique_per_state")
        ]
