import time

import pytest
from django.conf import settings

from conftest import SHORT_SPEC
from engine.spec import SongSpec
from jobs.executors import jobs_resume_interrupted
from jobs.models import Job
from jobs.registry import JobKind
from jobs.runner import JOB_FAILED_UNEXPECTEDLY, job_run
from jobs.tests.conftest import ECHO, EchoParams, echoed
from songs.job_params import SongJobKind
from songs.models import Song, Track


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


def test_a_finished_job_is_never_run_again(transactional_db: None) -> None:
    song = _song()
    job = Job.objects.create(kind=SongJobKind.GENERATE, song=song, status=Job.Status.SUCCEEDED, progress=100)

    job_run(job_id=job.id)

    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert Track.objects.count() == 0  # the task did not run


@pytest.mark.skipif(
    settings.JOBS_BACKEND != "thread",
    reason="Celery's broker redelivers; tests/scale/test_faults.py covers it",
)
def test_jobs_interrupted_by_a_restart_are_resumed_without_duplicates(transactional_db: None) -> None:
    song = _song()
    # A previous process died mid-render: the job is "running" and one stale track row exists.
    Track.objects.create(song=song, index=0, name="stale", instrument="x", role="bass", program=0, bank=0)
    job = Job.objects.create(kind=SongJobKind.GENERATE, song=song, status=Job.Status.RUNNING, progress=40)

    assert jobs_resume_interrupted() == 1
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.is_finished:
            break
        time.sleep(0.1)

    assert job.status == Job.Status.SUCCEEDED, job.error
    song.refresh_from_db()
    assert song.status == Song.Status.READY
    assert list(song.tracks.values_list("index", flat=True)) == [0, 1, 2]
    assert "stale" not in song.tracks.values_list("name", flat=True)


def test_the_task_gets_its_typed_params_and_reports_progress(
    transactional_db: None, echo_kind: JobKind[EchoParams]
) -> None:
    job = Job.objects.create(kind=ECHO, params={"words": "hm", "take": 3})

    job_run(job_id=job.id)

    job.refresh_from_db()
    assert (job.status, job.progress, job.stage, job.error) == (Job.Status.SUCCEEDED, 100, "done", "")
    assert echoed == [EchoParams(words="hm", take=3)]


@pytest.mark.parametrize(("kind", "params"), [(ECHO, {"words": ""}), ("transcribe-backwards", {})])
def test_a_job_whose_params_or_kind_no_longer_fit_fails_without_running(
    transactional_db: None, echo_kind: JobKind[EchoParams], kind: str, params: dict[str, object]
) -> None:
    job = Job.objects.create(kind=kind, params=params)

    job_run(job_id=job.id)

    job.refresh_from_db()
    assert (job.status, job.error) == (Job.Status.FAILED, JOB_FAILED_UNEXPECTEDLY)
    assert echoed == []
