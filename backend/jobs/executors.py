"""Job executors behind one interface: submit(job_id). The thread pool is the embedded default."""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Protocol

from django.conf import settings


class JobExecutor(Protocol):
    def submit(self, job_id: uuid.UUID) -> None: ...


class ThreadJobExecutor:
    """Runs jobs on an in-process thread pool; `make run` needs nothing else."""

    def __init__(self, max_workers: int) -> None:
        self._pool = ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="job")

    def submit(self, job_id: uuid.UUID) -> None:
        from jobs.runner import job_run

        self._pool.submit(job_run, job_id=job_id)


_lock = threading.Lock()
_executor: JobExecutor | None = None


def job_executor() -> JobExecutor:
    """The process's executor, created on first use (after any fork)."""
    global _executor
    with _lock:
        if _executor is None:
            _executor = ThreadJobExecutor(max_workers=settings.JOBS_THREADS)
        return _executor


def jobs_resume_interrupted() -> int:
    """Re-queue jobs a stopped server left unfinished and submit them again; returns how many.

    With the thread executor, a job still marked running when a process starts died with the previous
    process. Tasks are idempotent, so running them again only redoes what did not finish."""
    from jobs.models import Job

    Job.objects.filter(status=Job.Status.RUNNING).update(status=Job.Status.QUEUED, stage="resuming")
    pending = list(Job.objects.filter(status=Job.Status.QUEUED).values_list("id", flat=True))
    executor = job_executor()
    for job_id in pending:
        executor.submit(job_id)
    return len(pending)
