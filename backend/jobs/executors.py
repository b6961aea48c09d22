"""Job executors behind one interface. The thread pool is the embedded default; Celery scales out."""

from __future__ import annotations

import logging
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Protocol

from django.conf import settings

from core.exceptions import ServiceUnavailableError
from core.log_context import current_request_id
from jobs.registry import job_kind_get

logger = logging.getLogger(__name__)

QUEUE_UNAVAILABLE = (
    "We can't start new work right now: the job queue is unreachable. "
    "Nothing was changed; please try again in a minute."
)


class JobExecutor(Protocol):
    def ensure_available(self) -> None:
        """Raise ServiceUnavailableError if jobs submitted now could not run."""

    def submit(self, job_id: uuid.UUID, kind: str) -> None: ...


class ThreadJobExecutor:
    """Runs jobs on an in-process thread pool; `make run` needs nothing else."""

    def __init__(self, max_workers: int) -> None:
        self._pool = ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="job")

    def ensure_available(self) -> None:
        return None

    def submit(self, job_id: uuid.UUID, kind: str) -> None:
        from jobs.runner import job_run

        self._pool.submit(job_run, job_id=job_id)


def queue_for(kind: str) -> str:
    return job_kind_get(kind).queue


class CeleryJobExecutor:
    """Sends each job to Celery workers through the broker (JOBS_BACKEND=celery)."""

    def ensure_available(self) -> None:
        from config.celery import app

        try:
            with app.connection_for_write() as connection:
                connection.ensure_connection(max_retries=1, timeout=2)
        except Exception as exc:  # kombu raises the transport's own errors here
            logger.warning("job queue unreachable: %r", exc)
            raise ServiceUnavailableError(QUEUE_UNAVAILABLE) from exc

    def submit(self, job_id: uuid.UUID, kind: str) -> None:
        from config.celery import app
        from jobs.runner import job_fail

        try:
            app.send_task(
                "jobs.run",
                kwargs={"job_id": str(job_id), "request_id": current_request_id()},
                queue=queue_for(kind),
                retry=True,
                retry_policy={"max_retries": 2, "interval_start": 0.1, "interval_step": 0.2},
            )
        except Exception as exc:  # the broker went away after ensure_available(): the job cannot start
            logger.warning("job %s not queued: %r", job_id, exc)
            job_fail(job_id=job_id, error=QUEUE_UNAVAILABLE)
            raise ServiceUnavailableError(QUEUE_UNAVAILABLE) from exc


_lock = threading.Lock()
_executor: JobExecutor | None = None


def job_executor() -> JobExecutor:
    """The process's executor, created on first use (after any fork)."""
    global _executor
    with _lock:
        if _executor is None:
            if settings.JOBS_BACKEND == "celery":
                _executor = CeleryJobExecutor()
            else:
                _executor = ThreadJobExecutor(max_workers=settings.JOBS_THREADS)
        return _executor


def jobs_resume_interrupted() -> int:
    """Re-queue jobs a stopped server left unfinished and submit them again; returns how many.

    With the thread executor, a job still marked running when a process starts died with the previous
    process. Tasks are idempotent, so running them again only redoes what did not finish. With Celery,
    the broker redelivers a dead worker's jobs itself: nothing to do here."""
    from jobs.models import Job

    if settings.JOBS_BACKEND != "thread":
        return 0
    Job.objects.filter(status=Job.Status.RUNNING).update(status=Job.Status.QUEUED, stage="resuming")
    pending = list(Job.objects.filter(status=Job.Status.QUEUED).values_list("id", "kind"))
    executor = job_executor()
    for job_id, kind in pending:
        executor.submit(job_id, kind)
    return len(pending)
