"""Faults on loopback: a worker killed mid-job, the broker stopped. The job survives; the API says why."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from django.conf import settings
from django.test import Client

from conftest import SHORT_SPEC, wait_for_job
from jobs.celery_pytest import CeleryWorker
from jobs.models import Job
from jobs.tests.scale.conftest import media_problems, sha256_of
from songs.models import RenderedStem, Song, SongExport, SongRender, Track

REPO = Path(__file__).resolve().parents[4]
LONGER_SPEC = {**SHORT_SPEC, "length_bars": 16, "seed": 11}


def _wait_running(job_id: str) -> Job:
    """The job, once it is running and has reported progress (in the middle of its work)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        job = Job.objects.get(pk=job_id)
        if job.status == Job.Status.RUNNING and job.progress > 0:
            return job
        assert not job.is_finished, "the job finished before it could be interrupted"
        time.sleep(0.02)
    raise AssertionError("the job never started")


def _kill_mid_job(client: Client, worker: CeleryWorker, job_id: str) -> Any:
    """Wait until the job is running, kill -9 every pool process, return when it started the first time."""
    first_start = _wait_running(job_id).started_at
    children = worker.children()
    assert children
    for pid in children:
        os.kill(pid, signal.SIGKILL)
    assert not Job.objects.get(pk=job_id).is_finished, "killed after the job had finished: no fault made"
    return first_start


def _redelivered_and_finished(client: Client, job_id: str, first_start: Any) -> None:
    job = wait_for_job(client, job_id, timeout=240)
    assert job["status"] == "succeeded", job
    assert Job.objects.get(pk=job_id).started_at > first_start, "the job ran again after the crash"


def test_a_worker_killed_mid_job_is_redelivered_and_finishes_without_duplicates_or_partial_files(
    owner_client: Client, transactional_db: None, celery_worker: CeleryWorker
) -> None:
    owner_client.get("/api/options")
    created = owner_client.post("/api/songs/", LONGER_SPEC, content_type="application/json")
    assert created.status_code == 202, created.content
    song_id, job_id = created.json()["song"]["id"], created.json()["job"]["id"]

    first_start = _kill_mid_job(owner_client, celery_worker, job_id)
    _redelivered_and_finished(owner_client, job_id, first_start)

    song = Song.objects.get(pk=song_id)
    assert song.status == Song.Status.READY
    assert list(Track.objects.filter(song=song).values_list("index", flat=True)) == [0, 1, 2]
    media = Path(settings.MEDIA_ROOT)
    # The generated song: its first render's stems and its MP3 download.
    files = list(RenderedStem.objects.filter(song=song).values_list("file", flat=True))
    files += list(SongExport.objects.filter(song=song).values_list("file", flat=True))
    assert len(files) == 4
    originals = {name: sha256_of(media / name) for name in files}
    assert media_problems(media) == []

    # An edit's render, killed in the middle: redone once, and the original song is untouched.
    edit = owner_client.post(
        f"/api/songs/{song_id}/edits", {"type": "set_tempo", "tempo": 96}, content_type="application/json"
    )
    assert edit.status_code == 201, edit.content
    render_job = edit.json()["job"]["id"]
    first_start = _kill_mid_job(owner_client, celery_worker, render_job)
    _redelivered_and_finished(owner_client, render_job, first_start)

    # Generation's render and the edit's: each once.
    assert SongRender.objects.filter(song_id=song_id).count() == 2
    keys = list(RenderedStem.objects.filter(song_id=song_id).values_list("key", flat=True))
    assert len(keys) == len(set(keys)) == 6, "one stored stem per track and state, no duplicates"
    assert media_problems(media) == []
    assert {name: sha256_of(media / name) for name in originals} == originals, "the original is intact"
    state = owner_client.get(f"/api/songs/{song_id}/editor").json()
    assert state["tempo"] == 96 and state["render"]["status"] == "ready"
    for track in state["tracks"]:
        assert owner_client.get(track["stem_url"]).status_code == 200
    celery_worker.wait_ready()  # the pool is whole again for the tests after this one


def _redis_port() -> int:
    port = urlparse(settings.CELERY_BROKER_URL).port
    assert port is not None
    return port


def test_with_the_broker_down_new_jobs_get_a_clear_503_and_it_recovers_by_itself(
    owner_client: Client, transactional_db: None, celery_worker: CeleryWorker
) -> None:
    owner_client.get("/api/options")
    port = _redis_port()
    subprocess.run(["redis-cli", "-p", str(port), "shutdown", "nosave"], check=False, timeout=10)
    try:
        refused = owner_client.post("/api/songs/", SHORT_SPEC, content_type="application/json")
        assert refused.status_code == 503
        assert "job queue is unreachable" in refused.json()["message"]
        assert "try again" in refused.json()["message"]
        assert Song.objects.count() == 0 and Job.objects.count() == 0, "nothing was written"
        not_ready = owner_client.get("/api/ready")
        assert not_ready.status_code == 503
        assert not_ready.json() == {"status": "unavailable", "database": True, "queue": False}
        assert owner_client.get("/api/health").status_code == 200, "alive, only not ready"
    finally:
        env = {**os.environ, "REDIS_PORT": str(port)}
        subprocess.run(["bash", str(REPO / "scripts/services-up.sh")], check=True, env=env, timeout=120)

    deadline = time.monotonic() + 60
    while owner_client.get("/api/ready").status_code != 200:
        assert time.monotonic() < deadline, "the API did not become ready again"
        time.sleep(0.5)
    created = owner_client.post("/api/songs/", SHORT_SPEC, content_type="application/json")
    assert created.status_code == 202, created.content
    job = wait_for_job(owner_client, created.json()["job"]["id"], timeout=180)
    assert job["status"] == "succeeded", (job, celery_worker.log_tail())


def _living_in_group(group: int, timeout: float = 5.0) -> list[int]:
    """Processes of the group still alive (zombies waiting for their reaper are dead), after waiting a bit."""
    deadline = time.monotonic() + timeout
    while True:
        found = subprocess.run(["pgrep", "-g", str(group)], capture_output=True, text=True, check=False)
        living = [pid for pid in map(int, found.stdout.split()) if _state(pid) not in ("Z", "")]
        if not living or time.monotonic() > deadline:
            return living
        time.sleep(0.1)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return ""


def test_a_whole_worker_host_killed_mid_job_is_redelivered_after_the_visibility_timeout_and_runs_once(
    owner_client: Client, transactional_db: None, celery_worker: CeleryWorker, tmp_path: Path
) -> None:
    """SIGKILL to the worker's whole process group: no shutdown runs, the message stays unacknowledged in
    Redis, and another worker restores it once CELERY_VISIBILITY_TIMEOUT has passed."""
    celery_worker.stop()  # the session's worker steps aside: only the host that dies can take the job
    env = {**celery_worker.env, "CELERY_VISIBILITY_TIMEOUT": "8"}
    doomed, survivor = (
        CeleryWorker(env, tmp_path / "doomed.log"),
        CeleryWorker(env, tmp_path / "survivor.log"),
    )
    try:
        doomed.start()
        owner_client.get("/api/options")
        created = owner_client.post("/api/songs/", LONGER_SPEC, content_type="application/json")
        assert created.status_code == 202, created.content
        song_id, job_id = created.json()["song"]["id"], created.json()["job"]["id"]
        first_start = _wait_running(job_id).started_at
        assert doomed.process is not None
        group = doomed.process.pid
        doomed.kill_host()
        killed = time.monotonic()
        assert _living_in_group(group) == [], "a process of the dead host survived"
        assert Job.objects.get(pk=job_id).status == Job.Status.RUNNING  # nobody could say it stopped

        survivor.start()
        _redelivered_and_finished(owner_client, job_id, first_start)
        waited = time.monotonic() - killed
        song = Song.objects.get(pk=song_id)
        renders = SongRender.objects.filter(song=song).count()
        keys = list(RenderedStem.objects.filter(song=song).values_list("key", flat=True))
        print(
            f"\nhost killed mid-job; redelivered and finished {waited:.1f} s later (visibility timeout 8 s): "
            f"{renders} render, {len(keys)} stems, job started {Job.objects.get(pk=job_id).started_at} "
            f"after {first_start}"
        )
        assert song.status == Song.Status.READY
        assert renders == 1 and len(keys) == len(set(keys)) == 3, "finished exactly once"
        assert list(Track.objects.filter(song=song).values_list("index", flat=True)) == [0, 1, 2]
        assert media_problems(Path(settings.MEDIA_ROOT)) == []
    finally:
        survivor.stop()
        celery_worker.start()
