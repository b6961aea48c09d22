"""JOBS_WORKER_CPU_PRIORITY=idle: a real worker's pool processes run under SCHED_IDLE, its main one not."""

from __future__ import annotations

import os
from pathlib import Path

from jobs.celery_pytest import CeleryWorker


def test_an_idle_priority_worker_runs_its_pool_under_sched_idle(
    celery_worker: CeleryWorker, tmp_path: Path
) -> None:
    env = {**celery_worker.env, "JOBS_WORKER_CPU_PRIORITY": "idle"}
    # Its own queue, so it takes none of the other tests' jobs.
    worker = CeleryWorker(env, tmp_path / "idle-worker.log", queues="cpu-priority-test")
    try:
        worker.start()  # returns once both pool processes have preloaded (under the new policy)
        assert worker.process is not None
        pool = worker.children()
        assert len(pool) == 2, worker.log_tail()
        assert {os.sched_getscheduler(pid) for pid in pool} == {os.SCHED_IDLE}
        assert os.sched_getscheduler(worker.process.pid) == os.SCHED_OTHER  # it talks to the broker
    finally:
        worker.stop()
    # The worker the other tests use keeps the default.
    assert {os.sched_getscheduler(pid) for pid in celery_worker.children()} == {os.SCHED_OTHER}
