"""Celery's task retries transient outages with backoff, gives up with a human error, never retries bad input.

The task runs eagerly in this process (retries run at once); the outage is real: object storage at a
loopback port where nothing listens."""

from __future__ import annotations

import logging
import socket
from pathlib import Path
from typing import Any

import pytest
from botocore.config import Config

from conftest import SHORT_SPEC
from engine.spec import SongSpec
from jobs.models import Job
from jobs.runner import JOB_FAILED_UNAVAILABLE
from jobs.tasks import job_run_task, retry_countdown
from songs.job_params import SongJobKind
from songs.models import Song


def _song() -> Song:
    spec = SongSpec.model_validate(SHORT_SPEC)
    return Song.objects.create(
        title="t",
        spec=spec.model_dump(mode="json"),
        genre=spec.genre,
        mood=spec.mood,
        tempo=spec.tempo,
        key=spec.key,
        mode=spec.mode,
        seed=spec.seed,
        session_key="s",
    )


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def _transient_lines(caplog: pytest.LogCaptureFixture) -> int:
    return sum("transient error" in r.getMessage() for r in caplog.records)


def test_storage_outage_is_retried_then_the_job_fails_with_a_human_error(
    transactional_db: None, settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    settings.JOBS_MAX_RETRIES = 2
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "media",
                "endpoint_url": f"http://127.0.0.1:{_closed_port()}",
                "access_key": "test",
                "secret_key": "test",
                "region_name": "us-east-1",
                "client_config": Config(connect_timeout=1, retries={"max_attempts": 1}),
            },
        },
    }
    job = Job.objects.create(kind=SongJobKind.GENERATE, song=_song())

    with caplog.at_level(logging.INFO):
        job_run_task.apply(kwargs={"job_id": str(job.id)})

    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error == JOB_FAILED_UNAVAILABLE
    assert _transient_lines(caplog) == 3, "the first run and two retries"


def test_bad_input_fails_at_once_and_is_not_retried(
    transactional_db: None, settings: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings.SOUNDFONT = str(tmp_path / "missing.sf2")
    job = Job.objects.create(kind=SongJobKind.GENERATE, song=_song())

    with caplog.at_level(logging.INFO):
        job_run_task.apply(kwargs={"job_id": str(job.id)})

    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "SoundFont" in job.error
    assert _transient_lines(caplog) == 0


def test_a_finished_job_redelivered_is_not_run_again(transactional_db: None) -> None:
    job = Job.objects.create(
        kind=SongJobKind.GENERATE, song=_song(), status=Job.Status.SUCCEEDED, progress=100
    )

    job_run_task.apply(kwargs={"job_id": str(job.id)})

    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and job.song.tracks.count() == 0


def test_backoff_grows_exponentially_with_jitter_and_is_capped(settings: Any) -> None:
    settings.JOBS_RETRY_BACKOFF_SECONDS = 2
    for retries, ceiling in [(0, 2), (1, 4), (3, 16), (20, 300)]:
        waits = [retry_countdown(retries) for _ in range(50)]
        assert all(ceiling / 2 <= w <= ceiling for w in waits)
        assert max(waits) > min(waits), "jittered"
