"""A kind of job registered for the tests only: it records the typed params it was run with."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pydantic import BaseModel, ConfigDict, Field

from engine.progress import Progress
from jobs.models import Job
from jobs.registry import JobKind, job_kind_register, job_kind_unregister

ECHO = "test-echo"


class EchoParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    words: str = Field(min_length=1)
    take: int = 1


def _echo(job: Job, params: EchoParams, report: Progress) -> None:
    echoed.append(params)
    report(params.words, 0.5)


echoed: list[EchoParams] = []


@pytest.fixture
def echo_kind() -> Iterator[JobKind[EchoParams]]:
    """Jobs of kind "test-echo", deduplicated by their words."""
    kind = JobKind(name=ECHO, task=_echo, params=EchoParams, dedup_key=lambda params: params.words)
    job_kind_register(kind)
    echoed.clear()
    yield kind
    job_kind_unregister(kind.name)
