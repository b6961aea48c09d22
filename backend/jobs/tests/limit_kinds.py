"""Kinds of job that break the limits, for the tests of jobs.processes.

Registered when this module is imported, so that a job's child process, which imports the module of a
kind it does not know, finds them too. Each reports what the test needs to check (its process id, the
tool it started) in its job's stage."""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile

import numpy as np
from pydantic import BaseModel

from core.exceptions import ApplicationError
from engine.progress import Progress
from jobs.models import Job
from jobs.registry import JobKind, job_kind_register

HOG = "test-memory-hog"
SPIN = "test-spin"
STUCK = "test-stuck"
QUICK = "test-quick"
CRASH = "test-crash"
CHUNK_MB = 64


class NoParams(BaseModel):
    pass


def _hog(job: Job, params: NoParams, report: Progress) -> None:
    """Allocates (and touches) memory in chunks until something refuses."""
    held = []
    while True:
        held.append(np.ones(CHUNK_MB * 1024 * 1024 // 8))
        report(f"holding {len(held) * CHUNK_MB} MB in {os.getpid()}", 0.5)


def _tool() -> subprocess.Popen[bytes]:
    """A long-running tool, as a render starts ffmpeg: the limit must end it with the job."""
    return subprocess.Popen(["sleep", "600"])


def _spin(job: Job, params: NoParams, report: Progress) -> None:
    """Spins the processor forever, with a tool running beside it."""
    tool = _tool()
    report(f"pids {os.getpid()} {tool.pid}", 0.5)
    try:
        while True:
            pass
    finally:
        tool.kill()
        tool.wait()


def _stuck(job: Job, params: NoParams, report: Progress) -> None:
    """Spins and cannot be stopped from inside (as if stuck in C code), its tool running and a temporary
    file of its own left behind."""
    signal.signal(signal.SIGALRM, signal.SIG_IGN)
    tool = _tool()
    handle, name = tempfile.mkstemp()
    os.write(handle, b"partial render")
    report(f"pids {os.getpid()} {tool.pid} temp {name}", 0.5)
    while True:
        pass


def _quick(job: Job, params: NoParams, report: Progress) -> None:
    """Ends at once, failing with what the test checks as its error (a finished job's stage is "done")."""
    raise ApplicationError(f"pids {os.getpid()} temp {tempfile.gettempdir()}")


def _crash(job: Job, params: NoParams, report: Progress) -> None:
    """Dies at once, as a process the kernel kills (or one that crashes in C code) does."""
    report(f"pids {os.getpid()}", 0.5)
    os.kill(os.getpid(), signal.SIGKILL)


for _kind in (
    JobKind(name=HOG, task=_hog, params=NoParams),
    JobKind(name=SPIN, task=_spin, params=NoParams),
    JobKind(name=STUCK, task=_stuck, params=NoParams),
    JobKind(name=QUICK, task=_quick, params=NoParams),
    JobKind(name=CRASH, task=_crash, params=NoParams),
):
    job_kind_register(_kind)
