"""Runs one job: looks up its task by kind, reports progress, records success or a human error."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import Protocol

from django.db import close_old_connections
from django.utils import timezone

from core.exceptions import ApplicationError
from engine.errors import AudioToolError
from jobs.models import Job

logger = logging.getLogger(__name__)

JOB_FAILED_UNEXPECTEDLY = "Something went wrong on our side while making this. Please try again."


class ProgressReporter(Protocol):
    def __call__(self, stage: str, fraction: float) -> None: ...


def _task_for(kind: str) -> Callable[[Job, ProgressReporter], None]:
    if kind == Job.Kind.GENERATE:
        from songs.tasks import song_generate_task

        return song_generate_task
    if kind == Job.Kind.RENDER:
        from songs.render_tasks import song_render_task

        return song_render_task
    if kind == Job.Kind.EXPORT:
        from songs.export_tasks import song_export_task

        return song_export_task
    raise ValueError(f"No task for job kind {kind!r}")


def _reporter(job_id: uuid.UUID) -> ProgressReporter:
    def report(stage: str, fraction: float) -> None:
        percent = max(0, min(99, round(fraction * 100)))
        Job.objects.filter(pk=job_id).update(stage=stage[:120], progress=percent, updated_at=timezone.now())

    return report


def job_run(*, job_id: uuid.UUID) -> None:
    """Execute a job to completion; never raises (failures are recorded on the job)."""
    close_old_connections()
    try:
        claimed = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
            status=Job.Status.RUNNING, started_at=timezone.now(), stage="starting"
        )
        if not claimed:
            return  # already taken or finished: running it again would redo finished work
        job = Job.objects.select_related("song").get(pk=job_id)
        try:
            _task_for(job.kind)(job, _reporter(job_id))
        except (ApplicationError, AudioToolError) as exc:
            _finish(job_id, status=Job.Status.FAILED, error=str(exc))
        except Exception:
            logger.exception("job %s (%s) failed", job_id, job.kind)
            _finish(job_id, status=Job.Status.FAILED, error=JOB_FAILED_UNEXPECTEDLY)
        else:
            _finish(job_id, status=Job.Status.SUCCEEDED, error="")
    finally:
        close_old_connections()


def _finish(job_id: uuid.UUID, *, status: str, error: str) -> None:
    updates: dict[str, object] = {
        "status": status,
        "error": error,
        "finished_at": timezone.now(),
        "updated_at": timezone.now(),
    }
    if status == Job.Status.SUCCEEDED:
        updates.update(progress=100, stage="done")
    Job.objects.filter(pk=job_id).update(**updates)
