"""Writes for jobs."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from jobs.executors import job_executor
from jobs.models import Job


def job_create(
    *, kind: str, owner: AbstractBaseUser | None, session_key: str, song_id: object = None, target: str = ""
) -> Job:
    """Create a queued job and submit it to the executor once the transaction commits.

    If the executor cannot take jobs now (the broker is down), this raises ServiceUnavailableError (503)
    before writing anything, so the caller's transaction rolls back whole."""
    executor = job_executor()
    executor.ensure_available()
    job = Job.objects.create(kind=kind, owner=owner, session_key=session_key, song_id=song_id, target=target)
    transaction.on_commit(lambda: executor.submit(job.id, job.kind))
    return job
