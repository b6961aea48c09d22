"""Runs one job: its kind's task (from the registry) on its typed params; records progress, success or a
human error."""

from __future__ import annotations

import contextlib
import errno
import logging
import uuid

from django.conf import settings
from django.db import InterfaceError, OperationalError, close_old_connections
from django.utils import timezone

from core.exceptions import ApplicationError
from core.log_context import log_context
from engine.errors import AudioToolError
from engine.progress import Progress
from jobs.models import Job
from jobs.registry import job_kind_get

logger = logging.getLogger(__name__)

JOB_FAILED_UNEXPECTEDLY = "Something went wrong on our side while making this. Please try again."
JOB_FAILED_UNAVAILABLE = (
    "A service this needs (database or file storage) stayed unreachable, so we gave up for now. "
    "Please try again in a few minutes."
)

JOB_OVER_MEMORY = (
    "This took more memory than one job may use ({limit}), so we stopped it. "
    "A shorter song or fewer instruments will fit."
)
JOB_OVER_TIME = (
    "This took longer than {limit}, the most one job may take, so we stopped it. "
    "A shorter song or fewer instruments will fit."
)
JOB_OVER_CPU = (
    "This needed more processor time than one job may use ({limit}), so we stopped it. "
    "A shorter song or fewer instruments will fit."
)


def duration_words(seconds: float) -> str:
    """A limit as people say it: "30 minutes", "1 minute", "90 seconds"."""
    whole = round(seconds)
    if whole >= 60 and whole % 60 == 0:
        minutes = whole // 60
        return f"{minutes} minute{'s' * (minutes != 1)}"
    return f"{whole} second{'s' * (whole != 1)}"


def over_memory_message() -> str:
    return JOB_OVER_MEMORY.format(limit=f"{settings.JOBS_MEMORY_LIMIT_MB:,} MB")


def over_time_message() -> str:
    return JOB_OVER_TIME.format(limit=duration_words(settings.JOBS_TIME_LIMIT_SECONDS))


def over_cpu_message() -> str:
    return JOB_OVER_CPU.format(limit=duration_words(settings.JOBS_CPU_LIMIT_SECONDS))


class JobLimitError(Exception):
    """Raised inside a job that ran past one of its limits (by the signal that says so); its message is the
    job's human error."""


class TransientJobError(Exception):
    """A job stopped by an outage that may pass (database, storage or network away): worth a retry."""


def _transient_errors() -> tuple[type[BaseException], ...]:
    errors: list[type[BaseException]] = [OperationalError, InterfaceError, ConnectionError, TimeoutError]
    try:  # object storage (django-storages' S3 backend): connection failures and throttling
        from botocore.exceptions import ConnectionError as BotoConnectionError
        from botocore.exceptions import HTTPClientError

        errors += [BotoConnectionError, HTTPClientError]
    except ImportError:  # pragma: no cover - botocore comes with the s3 option
        pass
    return tuple(errors)


TRANSIENT_ERRORS = _transient_errors()


def _reporter(job_id: uuid.UUID) -> Progress:
    def report(stage: str, fraction: float) -> None:
        percent = max(0, min(99, round(fraction * 100)))
        Job.objects.filter(pk=job_id).update(stage=stage[:120], progress=percent, updated_at=timezone.now())

    return report


def job_run(
    *,
    job_id: uuid.UUID,
    redelivered: bool = False,
    raise_transient: bool = False,
    time_limit_errors: tuple[type[BaseException], ...] = (),
) -> None:
    """Execute a job to completion; failures are recorded on the job.

    `redelivered`: the job may be marked running by a worker that died (Celery redelivers its message
    only then); it is claimed again. Tasks are idempotent: outputs are keyed by content, so a re-run
    redoes only what did not finish. `raise_transient`: an outage raises TransientJobError for the
    caller to retry instead of failing the job; bad input and bugs fail it at once, never retried.
    `time_limit_errors`: what the caller's time limit raises in the job (Celery's soft limit); the job
    fails with the time message."""
    close_old_connections()
    with log_context(job_id=str(job_id)):
        try:
            _run_claimed(
                job_id,
                redelivered=redelivered,
                raise_transient=raise_transient,
                time_limit_errors=time_limit_errors,
            )
        finally:
            close_old_connections()


def _run_claimed(
    job_id: uuid.UUID,
    *,
    redelivered: bool,
    raise_transient: bool,
    time_limit_errors: tuple[type[BaseException], ...],
) -> None:
    claimable = [Job.Status.QUEUED, Job.Status.RUNNING] if redelivered else [Job.Status.QUEUED]
    try:
        claimed = Job.objects.filter(pk=job_id, status__in=claimable).update(
            status=Job.Status.RUNNING, started_at=timezone.now(), stage="starting"
        )
    except TRANSIENT_ERRORS as exc:
        if raise_transient:
            raise TransientJobError(str(exc)) from exc
        raise
    if not claimed:
        return  # already taken or finished: running it again would redo finished work
    job = Job.objects.select_related("song").get(pk=job_id)
    logger.info("job started", extra={"job_kind": job.kind})
    try:
        job_kind = job_kind_get(job.kind)
        job_kind.task(job, job_kind.params_validate(job.params), _reporter(job_id))
    except (ApplicationError, AudioToolError) as exc:
        logger.info("job failed: %s", exc, extra={"job_kind": job.kind})
        _finish(job_id, status=Job.Status.FAILED, error=str(exc))
    except MemoryError:  # over the process's address-space limit; what it allocated is freed by now
        logger.warning("job stopped: over its memory limit", extra={"job_kind": job.kind})
        _finish(job_id, status=Job.Status.FAILED, error=over_memory_message())
    except (JobLimitError, *time_limit_errors) as exc:
        error = str(exc) if isinstance(exc, JobLimitError) else over_time_message()
        logger.warning("job stopped: %s", error, extra={"job_kind": job.kind})
        _finish(job_id, status=Job.Status.FAILED, error=error)
    except TRANSIENT_ERRORS as exc:
        if not raise_transient:
            logger.exception("job failed", extra={"job_kind": job.kind})
            _finish(job_id, status=Job.Status.FAILED, error=JOB_FAILED_UNEXPECTEDLY)
            return
        logger.warning("job hit a transient error: %r", exc, extra={"job_kind": job.kind})
        with contextlib.suppress(TRANSIENT_ERRORS):  # best effort: the database may be what is away
            Job.objects.filter(pk=job_id).update(stage="waiting to retry", updated_at=timezone.now())
        raise TransientJobError(repr(exc)) from exc
    except Exception as exc:
        if isinstance(exc, OSError) and exc.errno == errno.ENOMEM:  # a map or a tool refused the memory
            logger.warning("job stopped: over its memory limit (%s)", exc, extra={"job_kind": job.kind})
            _finish(job_id, status=Job.Status.FAILED, error=over_memory_message())
            return
        logger.exception("job failed", extra={"job_kind": job.kind})
        _finish(job_id, status=Job.Status.FAILED, error=JOB_FAILED_UNEXPECTEDLY)
    else:
        logger.info("job succeeded", extra={"job_kind": job.kind})
        _finish(job_id, status=Job.Status.SUCCEEDED, error="")


def job_fail(*, job_id: uuid.UUID, error: str) -> None:
    """Mark a job that will not be retried again as failed, with its human error."""
    _finish(job_id, status=Job.Status.FAILED, error=error)


def job_fail_unfinished(*, job_id: uuid.UUID, error: str) -> bool:
    """Fail a job whose process ended without finishing it (killed, or crashed); False if it had finished."""
    close_old_connections()
    try:
        return bool(
            Job.objects.filter(pk=job_id, status__in=[Job.Status.QUEUED, Job.Status.RUNNING]).update(
                status=Job.Status.FAILED, error=error, finished_at=timezone.now(), updated_at=timezone.now()
            )
        )
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
