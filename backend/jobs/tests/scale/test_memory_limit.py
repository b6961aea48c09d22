"""A real worker's pool processes run under the jobs' address-space limit (JOBS_MEMORY_LIMIT_MB); its main
process, which talks to the broker and replaces dead pool processes, does not."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from jobs.celery_pytest import CeleryWorker


def _address_space_limit(pid: int) -> str:
    for line in Path(f"/proc/{pid}/limits").read_text().splitlines():
        if line.startswith("Max address space"):
            return line.split()[3]  # the soft limit, in bytes or "unlimited"
    raise AssertionError(f"no address-space line for {pid}")


def test_the_pool_processes_run_under_the_memory_limit(celery_worker: CeleryWorker) -> None:
    assert celery_worker.process is not None
    pool = celery_worker.children()
    assert pool, celery_worker.log_tail()

    limit = str(settings.JOBS_MEMORY_LIMIT_MB * 1024 * 1024)
    assert {_address_space_limit(pid) for pid in pool} == {limit}
    assert _address_space_limit(celery_worker.process.pid) == "unlimited"
