import time

import pytest
from django.conf import settings

from conftest import SHORT_SPEC
from engine.spec import SongSpec
from jobs.executors import jobs_resume_interrupted
from jobs.models import Job
from jobs.runner import job_run
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
    job = Job.objects.create(kind=Job.Kind.GENERATE, song=song, status=Job.Status.SUCCEEDED, progress=100)

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
    job = Job.objects.create(kind=Job.Kind.GENERATE, song=song, status=Job.Status.RUNNING, progress=40)

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
