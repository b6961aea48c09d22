"""Reads for jobs, always through the requester's own queryset."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet

from core.exceptions import NOT_FOUND, NotFoundError
from core.visibility import Requester
from jobs.models import Job


def job_queryset(*, requester: Requester) -> QuerySet[Job]:
    return requester.filter(Job.objects.all())


def job_get(*, requester: Requester, job_id: uuid.UUID) -> Job:
    job = job_queryset(requester=requester).filter(pk=job_id).first()
    if job is None:
        raise NotFoundError(NOT_FOUND)
    return job
