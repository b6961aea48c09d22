"""Jobs run in child processes under limits (jobs.processes): over its memory, processor time or wall
clock, a job fails with a message that says which, and leaves no process and no temporary file behind;
the web process's own memory does not grow. `pytest -s` prints the figures."""

from __future__ import annotations

import statistics
import time
from pathlib import Path
from typing import Any

import pytest

from jobs import processes
from jobs.models import Job
from jobs.processes import fork_server_start, job_run_in_child
from jobs.runner import JOB_FAILED_UNEXPECTEDLY, JOB_OVER_CPU, JOB_OVER_MEMORY, JOB_OVER_TIME, job_run
from jobs.tests.limit_kinds import CRASH, HOG, QUICK, SPIN, STUCK

pytestmark = pytest.mark.usefixtures("transactional_db")


def _run(kind: str) -> tuple[Job, float]:
    job = Job.objects.create(kind=kind)
    started = time.monotonic()
    job_run_in_child(job_id=job.id, kind=kind)
    elapsed = time.monotonic() - started
    job.refresh_from_db()
    return job, elapsed


def _rss_mb() -> float:
    status = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    return int(status["VmRSS"].split()[0]) / 1024


def _alive(pid: int) -> bool:
    """Whether a process exists (a zombie counts: nobody reaped it)."""
    return Path(f"/proc/{pid}").exists()


def _group(pgid: int) -> list[int]:
    """The processes in a process group."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:
            members.append(int(stat.parent.name))
    return members


def _reported_pids(job: Job) -> list[int]:
    words = (job.error if job.kind == QUICK else job.stage).split()
    return [int(word) for word in words[1 : words.index("temp") if "temp" in words else None]]


def test_a_job_over_the_memory_limit_fails_with_the_memory_message(settings: Any) -> None:
    settings.JOBS_MEMORY_LIMIT_MB = 1536
    fork_server_start()
    rss_before = _rss_mb()

    job, elapsed = _run(HOG)

    rss_after = _rss_mb()
    assert job.status == Job.Status.FAILED
    assert job.error == JOB_OVER_MEMORY.format(limit="1,536 MB")
    _, held_mb, _, _, pid = job.stage.split()
    assert int(held_mb) >= 256, "the child could allocate up to its limit"
    assert not _alive(int(pid)) and not _group(int(pid))
    assert rss_after - rss_before < 50, "the web process's memory did not grow"
    print(
        f"\nmemory hog under a 1,536 MB limit: held {held_mb} MB, then failed in {elapsed:.2f} s; "
        f"this process's RSS {rss_before:.0f} -> {rss_after:.0f} MB"
    )


def test_a_job_past_the_wall_clock_stops_itself_and_its_tool(settings: Any) -> None:
    settings.JOBS_TIME_LIMIT_SECONDS = 2

    job, elapsed = _run(SPIN)

    assert job.status == Job.Status.FAILED
    assert job.error == JOB_OVER_TIME.format(limit="2 seconds")
    child, tool = _reported_pids(job)
    assert not _alive(child) and not _alive(tool) and not _group(child)
    assert 2.0 <= elapsed < 2.0 + processes.STOP_GRACE_SECONDS
    print(f"\nspinning job under a 2 s limit: failed after {elapsed:.2f} s, no process left")


def test_a_job_that_cannot_stop_is_killed_with_its_process_group(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.JOBS_TIME_LIMIT_SECONDS = 2
    monkeypatch.setattr(processes, "STOP_GRACE_SECONDS", 1.0)

    job, elapsed = _run(STUCK)

    assert job.status == Job.Status.FAILED
    assert job.error == JOB_OVER_TIME.format(limit="2 seconds")
    child, tool = _reported_pids(job)
    assert not _alive(child) and not _alive(tool) and not _group(child)
    temp = Path(job.stage.split()[-1])
    assert not temp.exists() and not temp.parent.exists(), "the parent removed the job's temporary folder"
    print(f"\nstuck job under a 2 s limit: killed with its tool after {elapsed:.2f} s, no process left")


def test_a_job_over_its_processor_time_fails_with_the_cpu_message(settings: Any) -> None:
    settings.JOBS_CPU_LIMIT_SECONDS = 1

    job, elapsed = _run(SPIN)

    assert job.status == Job.Status.FAILED
    assert job.error == JOB_OVER_CPU.format(limit="1 second")
    child, tool = _reported_pids(job)
    assert not _alive(child) and not _alive(tool)
    print(f"\nspinning job under 1 s of processor time: failed after {elapsed:.2f} s")


def test_a_job_whose_process_dies_is_failed_by_the_parent() -> None:
    job, _ = _run(CRASH)

    assert (job.status, job.error) == (Job.Status.FAILED, JOB_FAILED_UNEXPECTEDLY)
    (pid,) = _reported_pids(job)
    assert not _alive(pid)


def test_a_child_process_starts_fast_and_leaves_nothing_behind() -> None:
    _run(QUICK)  # the fork server ready

    in_child = [_run(QUICK) for _ in range(10)]
    in_thread = []
    for _ in range(10):
        job = Job.objects.create(kind=QUICK)
        started = time.monotonic()
        job_run(job_id=job.id)
        in_thread.append(time.monotonic() - started)

    for job, _ in in_child:
        assert job.status == Job.Status.FAILED and job.error.startswith("pids ")
        (pid,) = _reported_pids(job)
        assert not _alive(pid) and not Path(job.error.split()[-1]).exists()
    child_ms = statistics.median(elapsed for _, elapsed in in_child) * 1000
    thread_ms = statistics.median(in_thread) * 1000
    assert child_ms - thread_ms < 500
    print(
        f"\na trivial job: {child_ms:.0f} ms in a child process, {thread_ms:.0f} ms in this thread "
        f"(median of 10): {child_ms - thread_ms:.0f} ms to start and end a job's process"
    )
