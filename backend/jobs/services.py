"""Writes for jobs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import transaction
from pydantic import BaseModel

from core.exceptions import TooManyRequestsError
from core.ownership import storage_quota_check
from core.visibility import Requester
from jobs.executors import job_executor
from jobs.models import Job
from jobs.registry import job_kind_get

PENDING = (Job.Status.QUEUED, Job.Status.RUNNING)

TOO_MANY_JOBS = "You already have {count} things being made. Wait until one of them is done, then try again."
TOO_MANY_FROM_CLIENT = (
    "Too many things are being made for your network right now. Wait a minute, then try again."
)
# Seconds a client is told to wait when it has too many jobs pending (a short job's time).
TOO_MANY_JOBS_RETRY_AFTER = 10


def job_create(
    *,
    kind: str,
    requester: Requester,
    song_id: object = None,
    params: BaseModel | Mapping[str, Any] | None = None,
) -> Job:
    """Create a queued job for the requester and submit it to the executor once the transaction commits.

    `params` are validated by the kind's params model (pydantic's ValidationError if they do not fit,
    UnknownJobKindError for a kind no app registered). For a kind keyed by content, a queued or running
    job of the same song and key is returned instead of a new one; for a kind that supersedes, a queued
    job of the same song is given the new params instead. A requester with
    JOBS_MAX_PENDING_PER_REQUESTER jobs pending (or whose address has JOBS_MAX_PENDING_PER_CLIENT) gets
    TooManyRequestsError (429); one whose storage is full, StorageQuotaError (413). The job's rank in the
    fair queue is how many jobs its requester, or its client's address, already has pending. If the
    executor cannot take jobs now (the broker is down), this raises ServiceUnavailableError (503) before
    writing anything, so the caller's transaction rolls back whole."""
    job_kind = job_kind_get(kind)
    typed = job_kind.params_validate(params)
    dedup_key = job_kind.dedup_key(typed) if job_kind.dedup_key is not None else ""
    if dedup_key:
        pending = Job.objects.filter(kind=kind, song_id=song_id, dedup_key=dedup_key, status__in=PENDING)
        if (job := pending.first()) is not None:
            return job
    if job_kind.supersedes and song_id is not None:
        queued = Job.objects.filter(kind=kind, song_id=song_id, status=Job.Status.QUEUED)
        retargeted = queued.update(params=typed.model_dump(mode="json"), dedup_key=dedup_key)
        if retargeted and (job := queued.order_by("created_at").first()) is not None:
            return job
    storage_quota_check(requester=requester)
    pending_own = requester.filter(Job.objects.filter(status__in=PENDING)).count()
    if pending_own >= settings.JOBS_MAX_PENDING_PER_REQUESTER:
        raise TooManyRequestsError(
            TOO_MANY_JOBS.format(count=pending_own), retry_after=TOO_MANY_JOBS_RETRY_AFTER
        )
    pending_client = (
        Job.objects.filter(status__in=PENDING, client=requester.client).count() if requester.client else 0
    )
    if pending_client >= settings.JOBS_MAX_PENDING_PER_CLIENT:
        raise TooManyRequestsError(TOO_MANY_FROM_CLIENT, retry_after=TOO_MANY_JOBS_RETRY_AFTER)
    executor = job_executor()
    executor.ensure_available()
    job = Job.objects.create(
        kind=kind,
        owner=requester.user,
        session_key=requester.session_key,
        client=requester.client,
        rank=min(max(pending_own, pending_client), 32767),
        song_id=song_id,
        params=typed.model_dump(mode="json"),
        dedup_key=dedup_key,
    )
    transaction.on_commit(lambda: executor.submit(job.id, job.kind, job.rank))
    return job
