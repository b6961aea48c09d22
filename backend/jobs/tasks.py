"""The Celery task that runs a job (JOBS_BACKEND=celery); the thread executor calls jobs.runner directly."""

from __future__ import annotations

import random
import uuid
from typing import Any

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings

from core.log_context import log_context
from jobs.runner import JOB_FAILED_UNAVAILABLE, TransientJobError, job_fail, job_run


def retry_countdown(retries: int) -> float:
    """Exponential backoff with full jitter: up to base * 2^retries seconds, at most 5 minutes."""
    ceiling = min(300.0, settings.JOBS_RETRY_BACKOFF_SECONDS * 2.0**retries)
    return random.uniform(ceiling / 2, ceiling)


@shared_task(bind=True, name="jobs.run", acks_late=True, reject_on_worker_lost=True)
def job_run_task(self: Any, job_id: str, request_id: str = "") -> None:
    """Run one job. Redelivered after a worker died mid-job (acks_late), it claims the job again."""
    with log_context(request_id=request_id or None):
        try:
            job_run(
                job_id=uuid.UUID(job_id),
                redelivered=True,
                raise_transient=True,
                time_limit_errors=(SoftTimeLimitExceeded,),
            )
        except TransientJobError as exc:
            if self.request.retries >= settings.JOBS_MAX_RETRIES:
                job_fail(job_id=uuid.UUID(job_id), error=JOB_FAILED_UNAVAILABLE)
                return
            raise self.retry(
                exc=exc,
                countdown=retry_countdown(self.request.retries),
                max_retries=settings.JOBS_MAX_RETRIES,
            ) from exc
