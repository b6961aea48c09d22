"""The Celery app for JOBS_BACKEND=celery: `celery -A config.celery worker` (see `make worker`).

Settings come from Django's settings (CELERY_*). Each worker process loads the SoundFont and the melody
model once, when it starts, so no job pays for them."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Any

from celery import Celery
from celery.signals import worker_process_init

# The engine package lives beside backend/: this checkout's, not one an editable install points at.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("music_ai_generator")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.include = ["jobs.tasks"]

logger = logging.getLogger(__name__)


def worker_cpu_priority_apply() -> None:
    """JOBS_WORKER_CPU_PRIORITY=idle: this process, and every process it starts, runs under SCHED_IDLE.

    A SCHED_IDLE process gets a CPU only when no ordinary process wants it (a nice-19 process still
    takes about 1.5 % against each busy nice-0 one, SCHED_IDLE about 0.3 %), so where web and worker
    share a host, renders run on the CPU time that requests leave. Any process may lower itself to it;
    nothing needs root. Only the pool processes do this: the main process keeps talking to the broker."""
    from django.conf import settings

    if settings.JOBS_WORKER_CPU_PRIORITY == "idle":
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))


@worker_process_init.connect
def _cpu_priority(**_: Any) -> None:
    worker_cpu_priority_apply()  # before the preload below, which is CPU work too


@worker_process_init.connect
def _preload(**_: Any) -> None:
    """Load the SoundFont, the melody model and the mix kernels in each pool process, before its first job.

    Django is set up already (Celery's Django fix-up does it in the parent, before the fork)."""
    from config.job_process import job_process_warm_up

    job_process_warm_up()
    logger.info("worker process ready: SoundFont, melody model and mix kernels loaded")


@worker_process_init.connect
def _memory_limit(**_: Any) -> None:
    """Cap the pool process's address space (JOBS_MEMORY_LIMIT_MB), as the thread executor caps a job's
    process: a job that allocates past it gets MemoryError and fails with the memory message, and the
    process, its memory freed, takes the next job. After the preload, which every job needs anyway."""
    from django.conf import settings

    from jobs.processes import memory_limit_apply

    memory_limit_apply(settings.JOBS_MEMORY_LIMIT_MB)
