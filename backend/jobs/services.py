"""Writes for jobs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from pydantic import BaseModel

from jobs.executors import job_executor
from jobs.models import Job
from jobs.registry import job_kind_get

PENDING = (Job.Status.QUEUED, Job.Status.RUNNING)


def job_create(
    *,
    kind: str,
    owner: AbstractBaseUser | None,
    session_key: str,
    song_id: object = None,
    params: BaseModel | Mapping[str, Any] | None = None,
) -> Job:
    """Create a queued job and submit it to the executor once the transaction commits.

    `params` are validated by the kind's params model (pydantic's ValidationError if they do not fit,
    UnknownJobKindError for a kind no app registered). For a kind keyed by content, a queued or running
    job of the same song and key is returned instead of a new one. If the executor cannot take jobs now
    (the broker is down), this raises ServiceUnavailableError (503) before writing anything, so the
    caller's transaction rolls back whole."""
    job_kind = job_kind_get(kind)
    typed = job_kind.params_validate(params)
    dedup_key = job_kind.dedup_key(typed) if job_kind.dedup_key is not None else ""
    if dedup_key:
        pending = Job.objects.filter(kind=kind, song_id=song_id, dedup_key=dedup_key, status__in=PENDING)
        if (job := pending.first()) is not None:
            return job
    executor = job_executor()
    executor.ensure_available()
    job = Job.objects.create(
        kind=kind,
        owner=owner,
        session_key=session_key,
        song_id=song_id,
        params=typed.model_dump(mode="json"),
        dedup_key=dedup_key,
    )
    transaction.on_commit(lambda: executor.submit(job.id, job.kind))
    return job
