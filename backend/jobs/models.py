"""A Job: slow work (generation, rendering, export) with status and progress the client polls."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from pydantic import ValidationError as PydanticValidationError

from core.models import BaseModel
from jobs.registry import UnknownJobKindError, job_kind_get


class Job(BaseModel):
    class Status(models.TextChoices):
        QUEUED = "queued"
        RUNNING = "running"
        SUCCEEDED = "succeeded"
        FAILED = "failed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=32)  # registered by its app in jobs.registry
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED, db_index=True)
    progress = models.PositiveSmallIntegerField(default=0)
    stage = models.CharField(max_length=120, blank=True, default="")
    error = models.TextField(blank=True, default="")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE)
    session_key = models.CharField(max_length=64, blank=True, default="", db_index=True)
    # The requester's client (core.visibility.Requester.client) and the job's place in the fair queue: how
    # many jobs its requester or client already had pending when it was created (lower starts first).
    client = models.CharField(max_length=32, blank=True, default="", db_index=True)
    rank = models.PositiveSmallIntegerField(default=0)
    song = models.ForeignKey(
        "songs.Song", null=True, blank=True, on_delete=models.CASCADE, related_name="jobs"
    )
    # What the job works on beyond the song, as its kind's params model dumps it (JSON).
    params = models.JSONField(default=dict, blank=True)
    # The content key of work done once per key (a render's edit state hash), for reusing a pending job.
    dedup_key = models.CharField(max_length=64, blank=True, default="", db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="job_progress_at_most_100"),
        ]

    def clean(self) -> None:
        try:
            job_kind_get(self.kind).params_validate(self.params)
        except UnknownJobKindError as error:
            raise ValidationError({"kind": str(error)}) from error
        except PydanticValidationError as error:
            raise ValidationError({"params": str(error)}) from error

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.SUCCEEDED, self.Status.FAILED}
