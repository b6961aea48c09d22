"""Jobs cannot take the server down, attacked from outside: the largest song anyone may ask for renders in
its job's own process while the web process keeps answering reads; a render over the memory or the time
limit fails with a message that says which, and leaves no process behind and the web process's memory as
it was. Run with `pytest -s` to see the figures."""

from __future__ import annotations

import multiprocessing.forkserver
import statistics
import time
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client

from conftest import SHORT_SPEC, wait_for_job
from jobs.models import Job
from jobs.runner import JOB_OVER_MEMORY, JOB_OVER_TIME

pytestmark = [
    pytest.mark.usefixtures("transactional_db"),
    pytest.mark.skipif(
        django_settings.JOBS_BACKEND != "thread",
        reason="the thread executor's job processes; Celery's pool: jobs/tests/scale/test_memory_limit.py",
    ),
]

# The most the spec allows: 12 parts, 10 minutes, at a brisk tempo (more notes to render).
LARGEST_SPEC: dict[str, Any] = {
    **SHORT_SPEC,
    "tempo": 180,
    "instruments": [
        {"instrument": name}
        for name in (
            "standard_drum_kit",
            "fingered_electric_bass",
            "acoustic_grand_piano",
            "string_ensemble_1",
            "square_lead",
            "electric_piano_1_rhodes",
            "nylon_guitar",
            "violin",
            "cello",
            "trumpet",
            "marimba",
            "drawbar_organ",
        )
    ],
    "length_bars": None,
    "length_seconds": 600,
}
MINUTE_SPEC: dict[str, Any] = {**SHORT_SPEC, "length_bars": None, "length_seconds": 60}


def _status(pid: int | str) -> dict[str, str]:
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return {}
    return {key: value.strip() for key, _, value in (line.partition(":") for line in lines)}


def _mb(field: str) -> float:
    return int(field.split()[0]) / 1024 if field else 0.0


def _job_processes() -> list[int]:
    """The running job processes: the children of the fork server that starts them (and their tools)."""
    server = multiprocessing.forkserver._forkserver._forkserver_pid  # type: ignore[attr-defined]
    children = []
    for status in Path("/proc").glob("[0-9]*/status"):
        fields = _status(status.parent.name)
        if fields.get("PPid") == str(server) or (fields and _in_job_group(status.parent.name, server)):
            children.append(int(status.parent.name))
    return children


def _in_job_group(pid: str, server: int) -> bool:
    """Whether a process belongs to a job's process group (a tool a job started)."""
    try:
        pgid = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[2])
    except (OSError, IndexError, ValueError):
        return False
    return pgid != int(pid) and _status(pgid).get("PPid") == str(server)


def _post(client: Client, spec: dict[str, Any]) -> str:
    client.get("/api/options")
    created = client.post("/api/songs/", spec, content_type="application/json")
    assert created.status_code == 202, created.content
    job_id: str = created.json()["job"]["id"]
    return job_id


def _wait_for_no_job_processes(timeout: float = 10.0) -> list[int]:
    deadline = time.monotonic() + timeout
    while (left := _job_processes()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


def _timed_get(client: Client) -> float:
    started = time.perf_counter()
    answer = client.get("/api/songs/")
    assert answer.status_code == 200
    return time.perf_counter() - started


def _p50_p99(latencies: list[float]) -> tuple[float, float]:
    return statistics.median(latencies) * 1000, statistics.quantiles(latencies, n=100)[98] * 1000


def test_the_web_process_answers_reads_while_the_largest_song_renders() -> None:
    attacker, reader = Client(REMOTE_ADDR="10.0.0.1"), Client(REMOTE_ADDR="10.0.0.2")
    idle = [_timed_get(reader) for _ in range(200)]
    job_id = _post(attacker, LARGEST_SPEC)

    latencies: list[float] = []
    peak_rss = peak_size = 0.0
    deadline = time.monotonic() + 900
    while Job.objects.filter(pk=job_id, status__in=("queued", "running")).exists() or len(latencies) < 200:
        assert time.monotonic() < deadline, "the largest song did not render in 15 minutes"
        latencies.append(_timed_get(reader))
        for pid in _job_processes():
            fields = _status(pid)
            peak_rss = max(peak_rss, _mb(fields.get("VmRSS", "")))
            peak_size = max(peak_size, _mb(fields.get("VmSize", "")))
        time.sleep(0.02)

    job = Job.objects.get(pk=job_id)
    assert job.status == Job.Status.SUCCEEDED, job.error
    render_seconds = (job.finished_at - job.started_at).total_seconds()  # type: ignore[operator]
    p50, p99 = _p50_p99(latencies)
    idle_p50, idle_p99 = _p50_p99(idle)
    print(
        f"\nlargest song (12 parts, 600 s at 180 BPM) made in {render_seconds:.1f} s in its own process "
        f"(peak RSS {peak_rss:.0f} MB, address space {peak_size:.0f} MB of the "
        f"{django_settings.JOBS_MEMORY_LIMIT_MB} MB limit); meanwhile {len(latencies)} GET /api/songs/: "
        f"p50 {p50:.1f} ms, p99 {p99:.1f} ms, max {max(latencies) * 1000:.1f} ms (before it: p50 "
        f"{idle_p50:.1f} ms, p99 {idle_p99:.1f} ms)"
    )
    assert p99 < 1000
    assert not _wait_for_no_job_processes()


def test_a_render_over_the_memory_limit_fails_with_the_memory_message(settings: Any) -> None:
    client = Client(REMOTE_ADDR="10.0.0.3")
    job_id = _post(client, SHORT_SPEC)  # the fork server is warm: its size is a job's starting size
    assert wait_for_job(client, job_id)["status"] == "succeeded"
    server = multiprocessing.forkserver._forkserver._forkserver_pid  # type: ignore[attr-defined]
    start_mb = _mb(_status(server)["VmSize"])
    settings.JOBS_MEMORY_LIMIT_MB = round(start_mb) + 200  # room to start, not to render a minute
    rss_before = _mb(_status("self")["VmRSS"])

    job = wait_for_job(client, _post(client, MINUTE_SPEC))

    rss_after = _mb(_status("self")["VmRSS"])
    assert job["status"] == "failed"
    assert job["error"] == JOB_OVER_MEMORY.format(limit=f"{settings.JOBS_MEMORY_LIMIT_MB:,} MB")
    assert not _wait_for_no_job_processes()
    assert rss_after - rss_before < 50
    print(
        f"\na minute's song under a {settings.JOBS_MEMORY_LIMIT_MB:,} MB limit (a job process starts at "
        f"{start_mb:.0f} MB): failed with the memory message; web process RSS "
        f"{rss_before:.0f} -> {rss_after:.0f} MB; no job process left"
    )


def test_a_render_past_the_time_limit_fails_with_the_time_message(settings: Any) -> None:
    settings.JOBS_TIME_LIMIT_SECONDS = 2
    client = Client(REMOTE_ADDR="10.0.0.4")
    job_id = _post(client, LARGEST_SPEC)

    body = wait_for_job(client, job_id, timeout=60)

    job = Job.objects.get(pk=job_id)
    ran = (job.finished_at - job.started_at).total_seconds()  # type: ignore[operator]
    assert body["status"] == "failed"
    assert body["error"] == JOB_OVER_TIME.format(limit="2 seconds")
    assert not _wait_for_no_job_processes()
    print(f"\nthe largest song under a 2 s limit: failed after {ran:.2f} s with the time message; none left")
