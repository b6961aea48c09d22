"""Job executors behind one interface. The thread pool is the embedded default; Celery scales out."""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
import uuid
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

    def submit(self, job_id: uuid.UUID, kind: str, rank: int) -> None:
        """Run the job when a worker is free: lower ranks first, then in the order submitted."""


class ThreadJobExecutor:
    """Runs jobs on in-process worker threads; `make run` needs nothing else.

    The queue is fair: a free worker takes the job of lowest rank (how many jobs its requester already
    had pending), so one visitor's burst never keeps another's first job waiting longer than one job."""

    def __init__(self, max_workers: int) -> None:
        self._max_workers = max_workers
        self._queue: list[tuple[int, int, uuid.UUID]] = []
        self._order = itertools.count()
        self._ready = threading.Condition()
        self._workers: list[threading.Thread] = []

    def ensure_available(self) -> None:
        return None

    def submit(self, job_id: uuid.UUID, kind: str, rank: int) -> None:
        with self._ready:
            heapq.heappush(self._queue, (rank, next(self._order), job_id))
            if len(self._workers) < self._max_workers:
                worker = threading.Thread(target=self._work, name=f"job-{len(self._workers)}", daemon=True)
                self._workers.append(worker)
                worker.start()
            self._ready.notify()

    def _work(self) -> None:
        from jobs.runner import job_run

        while True:
            with self._ready:
                while not self._queue:
                    self._ready.wait()
                _, _, job_id = heapq.heappop(self._queue)
            try:
                job_run(job_id=job_id)
            except Exception:  # job_run records failures on the job; this only keeps the worker alive
                logger.exception("job %s crashed its runner", job_id)


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

    def submit(self, job_id: uuid.UUID, kind: str, rank: int) -> None:
        from config.celery import app
        from jobs.runner import job_fail

        try:
            app.send_task(
                "jobs.run",
                kwargs={"job_id": str(job_id), "request_id": current_request_id()},
                queue=queue_for(kind),
                # On Redis, priority 0 runs first; ranks past the last step share it.
                priority=min(rank, settings.CELERY_BROKER_TRANSPORT_OPTIONS["priority_steps"][-1]),
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
    pending = list(
        Job.objects.filter(status=Job.Status.QUEUED).order_by("created_at").values_list("id", "kind", "rank")
    )
    executor = job_executor()
    for job_id, kind, rank in pending:
        executor.submit(job_id, kind, rank)
    return len(pending)
