"""Each job of the thread executor runs in a child process under limits, so no job can take the web process
down: an address-space limit (RLIMIT_AS) and a processor-time limit (RLIMIT_CPU) that the kernel enforces,
and a wall-clock limit enforced here, which ends with the child's whole process group killed (the ffmpeg
it started included).

Children come from multiprocessing's fork server: forking the multi-threaded web process itself is unsafe,
and a fresh interpreter would import Django, numpy and the engine for every job (seconds). The fork server
imports them once (config.job_fork_server) and forks each child from that warm, single-threaded process.

A child runs jobs.runner.job_run, which records progress and the outcome on the job as it would in a
thread; a limit it reaches raises inside the job (MemoryError, JobLimitError), so the job's own code
cleans up and the runner records the limit's message. If the child ends without finishing its job (it
had to be killed, or it crashed), the parent records why. Temporary files of the child and of the tools
it runs go to a folder of its own, which the parent removes once the child has ended."""

from __future__ import annotations

import contextlib
import functools
import importlib
import logging
import multiprocessing
import multiprocessing.forkserver
import os
import pickle
import resource
import shutil
import signal
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

import django
from django.apps import apps
from django.conf import UserSettingsHolder, settings
from django.db import connections

from jobs.registry import UnknownJobKindError, job_kind_get

logger = logging.getLogger(__name__)

FORK_SERVER_PRELOAD = ["config.job_fork_server"]
BACKEND_DIR = Path(__file__).resolve().parent.parent
FORK_SERVER_MAIN = "JOBS_FORK_SERVER_MAIN"  # this process's main script, for the fork server to load
# A child past its wall-clock limit stops itself (SIGALRM: the job fails with the time message and cleans
# up); if it has not ended this many seconds later, it is killed with its process group.
STOP_GRACE_SECONDS = 5.0
# Processor time between the soft CPU limit (SIGXCPU: the job stops itself) and the hard one (SIGKILL).
CPU_GRACE_SECONDS = 10
# How long a killed process group may take to exit before the parent goes on.
GROUP_EXIT_SECONDS = 5.0
_MB = 1024 * 1024


@dataclass(frozen=True)
class JobLimits:
    memory_mb: int
    cpu_seconds: int
    wall_seconds: float

    @classmethod
    def from_settings(cls) -> JobLimits:
        return cls(
            memory_mb=settings.JOBS_MEMORY_LIMIT_MB,
            cpu_seconds=settings.JOBS_CPU_LIMIT_SECONDS,
            wall_seconds=float(settings.JOBS_TIME_LIMIT_SECONDS),
        )


@dataclass(frozen=True)
class _ParentState:
    """What a child needs of its parent's configuration beyond what the fork server loaded: settings changed
    at run time (tests override them; a deployment changes none), the database names in use (a test
    database) and the process-wide random SECRET_KEY when none is set."""

    settings: dict[str, Any]
    databases: dict[str, str]
    kind: str
    kind_module: str
    scratch: str


def fork_server_start() -> None:
    """Start the fork server now (it loads Django and the engine in the background), not at the first job."""
    _context()
    multiprocessing.forkserver.ensure_running()


@functools.cache
def _context() -> multiprocessing.context.ForkServerContext:
    # The fork server is a fresh interpreter that imports its preload before any job tells it this
    # process's sys.path: it finds the backend through PYTHONPATH, which the processes it starts inherit.
    paths = [str(BACKEND_DIR), str(BACKEND_DIR.parent)]
    inherited = os.environ.get("PYTHONPATH", "")
    os.environ["PYTHONPATH"] = os.pathsep.join([*paths, *([inherited] if inherited else [])])
    main_path = getattr(sys.modules["__main__"], "__file__", None)
    if main_path is not None and getattr(sys.modules["__main__"].__spec__, "name", None) is None:
        os.environ[FORK_SERVER_MAIN] = os.path.normpath(main_path)
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(FORK_SERVER_PRELOAD)
    return context


def job_run_in_child(*, job_id: uuid.UUID, kind: str) -> None:
    """Run a job in a child process under the limits of the settings; returns when it has ended and every
    process it started is gone. Failures are recorded on the job."""
    from jobs.runner import JOB_FAILED_UNEXPECTEDLY, job_fail_unfinished, over_cpu_message, over_time_message

    limits = JobLimits.from_settings()
    scratch = tempfile.mkdtemp(prefix="job-")
    timed_out = False
    try:
        child = _context().Process(
            target=_child_main,
            args=(job_id, limits, _parent_state(kind, scratch)),
            name=f"job-{job_id}",
            daemon=True,  # ended with the web process; the job is resumed when it starts again
        )
        child.start()
        # The child stops itself at its limit (SIGALRM); one that cannot (stuck in C code) is killed.
        child.join(limits.wall_seconds + STOP_GRACE_SECONDS)
        timed_out = child.exitcode is None
        _kill_group(child)
        child.join()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if timed_out:
        error = over_time_message()
    elif child.exitcode == 0:
        return
    elif child.exitcode == -signal.SIGXCPU:
        error = over_cpu_message()
    else:
        error = JOB_FAILED_UNEXPECTEDLY
    if job_fail_unfinished(job_id=job_id, error=error):
        logger.warning("job %s: its process ended (exit %s) without finishing it", job_id, child.exitcode)


def _kill_group(child: multiprocessing.process.BaseProcess) -> None:
    """SIGKILL the child's process group (whatever it started that still runs, and the child if it does)
    and wait until the group is gone."""
    assert child.pid is not None
    try:
        os.killpg(child.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        if child.exitcode is None:  # not yet in a group of its own
            child.kill()
        return
    deadline = time.monotonic() + GROUP_EXIT_SECONDS
    with contextlib.suppress(ProcessLookupError, PermissionError):
        while time.monotonic() < deadline:  # killed processes exit, and are reaped, a moment later
            os.killpg(child.pid, 0)
            time.sleep(0.01)


def _parent_state(kind: str, scratch: str) -> _ParentState:
    try:
        kind_module = job_kind_get(kind).task.__module__
    except UnknownJobKindError:
        kind_module = ""  # the runner fails the job in the child
    changed = {"SECRET_KEY": settings.SECRET_KEY, **_settings_changed_at_run_time()}
    return _ParentState(
        settings={name: value for name, value in changed.items() if _picklable(name, value)},
        databases={alias: str(connections[alias].settings_dict["NAME"]) for alias in connections},
        kind=kind,
        kind_module=kind_module,
        scratch=scratch,
    )


def _settings_changed_at_run_time() -> dict[str, Any]:
    """Settings overridden in this process (override_settings), outermost first, so the innermost wins."""
    layers: list[UserSettingsHolder] = []
    holder = settings._wrapped
    while isinstance(holder, UserSettingsHolder):
        layers.append(holder)
        holder = holder.default_settings
    changed: dict[str, Any] = {}
    for layer in reversed(layers):
        changed.update({name: value for name, value in vars(layer).items() if name.isupper()})
    return changed


def _picklable(name: str, value: Any) -> bool:
    try:
        pickle.dumps(value)
    except Exception:  # a setting no child can receive (a test's stand-in object): the child keeps its own
        logger.debug("setting %s not passed to job processes", name)
        return False
    return True


def memory_limit_apply(memory_mb: int) -> None:
    """Limit this process's address space (and every process it starts)."""
    limit = memory_mb * _MB
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _child_main(job_id: uuid.UUID, limits: JobLimits, parent: _ParentState) -> None:
    """In the child: a process group of its own, the limits, the parent's configuration; then the job."""
    if not apps.ready:  # the fork server's preload failed (it says why on stderr): start cold
        django.setup()
    from jobs.runner import JobLimitError, job_run, over_cpu_message, over_time_message

    os.setpgid(0, 0)

    def stop(message: Callable[[], str]) -> Callable[[int, FrameType | None], None]:
        def handler(signum: int, frame: FrameType | None) -> None:
            signal.signal(signum, signal.SIG_DFL)  # a second signal ends the process
            raise JobLimitError(message())

        return handler

    signal.signal(signal.SIGALRM, stop(over_time_message))
    signal.signal(signal.SIGXCPU, stop(over_cpu_message))
    signal.setitimer(signal.ITIMER_REAL, limits.wall_seconds)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + CPU_GRACE_SECONDS))
    os.environ["TMPDIR"] = tempfile.tempdir = parent.scratch
    _adopt(parent)
    memory_limit_apply(limits.memory_mb)  # last: what the child inherited counts, what it allocates next too
    job_run(job_id=job_id)


def _adopt(parent: _ParentState) -> None:
    from django.test.utils import override_settings

    from jobs.registry import job_kind_names

    for alias, name in parent.databases.items():
        connection = connections[alias]
        connection.connection = None  # the fork server's, if any: dropped, never closed (a shared socket)
        connection.settings_dict["NAME"] = settings.DATABASES[alias]["NAME"] = name
    override_settings(**parent.settings).enable()
    if parent.kind not in job_kind_names() and parent.kind_module:
        # A kind registered outside an app's ready() (a test's) is registered by importing its module.
        importlib.import_module(parent.kind_module)
