"""pytest plugin for the scale-out run (`make test-scale`): the suite against a real Celery worker.

Loaded with `-p jobs.celery_pytest` when JOBS_BACKEND=celery. After pytest-django has made the test
database it starts `celery worker` on both queues, pointed at that database, and stops it before the
database is dropped. Web (the test client) and worker share storage, as web and worker processes do in
production: the worker's MEDIA_ROOT is a link that each test points at its own media folder."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings

from jobs.registry import QUEUES

BACKEND_DIR = Path(__file__).resolve().parent.parent


def _database_url(db: dict[str, Any]) -> str:
    engine = db["ENGINE"].rsplit(".", 1)[-1]
    if engine == "sqlite3":
        return f"sqlite:///{db['NAME']}"
    if engine != "postgresql":
        raise RuntimeError(f"the scale-out run supports PostgreSQL and SQLite, not {engine}")
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


class CeleryWorker:
    """A `celery worker` process (prefork pool) and what a fault test needs to hurt it."""

    def __init__(self, env: dict[str, str], log_path: Path, queues: str = "") -> None:
        self.env = env
        self.log_path = log_path
        self.queues = queues
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        queues = self.queues or ",".join(QUEUES)
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", "config.celery", "worker",
                "-Q", queues, "--concurrency", "2", "--pool", "prefork",
                "--loglevel", "INFO", "--without-gossip", "--without-mingle", "--without-heartbeat",
                "-n", f"test-{os.getpid()}@%h",
            ],
            cwd=BACKEND_DIR,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, as a host of its own would be
        )  # fmt: skip
        log.close()
        self.wait_ready()

    def wait_ready(self, timeout: float = 120.0) -> None:
        """Until every pool process has preloaded the SoundFont and the model."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process is not None and self.process.poll() is None, self.log_tail()
            if self.log_path.read_text(errors="replace").count("worker process ready") >= 2 and (
                len(self.children()) >= 2
            ):
                return
            time.sleep(0.2)
        raise AssertionError(f"the Celery worker did not get ready:\n{self.log_tail()}")

    def children(self) -> list[int]:
        """The pool processes (the ones that run jobs)."""
        assert self.process is not None
        found = subprocess.run(
            ["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True, check=False
        )
        return [int(pid) for pid in found.stdout.split()]

    def kill_host(self) -> None:
        """SIGKILL the whole process group at once (the worker and its pool), as when its host dies: nothing
        runs a shutdown, nothing acknowledges or requeues a message."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def log_tail(self, chars: int = 4000) -> str:
        return self.log_path.read_text(errors="replace")[-chars:] if self.log_path.exists() else ""

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGQUIT)  # cold shutdown: stop now, unacked jobs go back
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


@pytest.fixture(scope="session")
def shared_media_dirs() -> Iterator[tuple[Path, Path]]:
    """The worker's MEDIA_ROOT (a symbolic link each test points at its own folder) and VAR_DIR."""
    root = Path(tempfile.mkdtemp(prefix="music-ai-scale-"))
    (root / "media-first").mkdir()
    (root / "media").symlink_to(root / "media-first")
    (root / "var").mkdir()
    yield root / "media", root / "var"
    shutil.rmtree(root, ignore_errors=True)


def _point_media_at(link: Path, target: Path) -> None:
    """Atomically re-point the worker's media link at this test's folder."""
    target.mkdir(parents=True, exist_ok=True)
    fresh = link.with_name(f"{link.name}.{os.getpid()}.new")
    fresh.unlink(missing_ok=True)
    fresh.symlink_to(target)
    os.replace(fresh, link)


@pytest.fixture(scope="session")
def celery_worker(
    django_db_setup: None, django_db_blocker: Any, shared_media_dirs: tuple[Path, Path]
) -> Iterator[CeleryWorker]:
    if django_settings.JOBS_BACKEND != "celery":
        pytest.skip("needs JOBS_BACKEND=celery")
    media, var = shared_media_dirs
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(django_settings.DATABASES["default"]),
        "MEDIA_ROOT": str(media),
        "VAR_DIR": str(var),
        "JOBS_BACKEND": "celery",
        "PYTHONPATH": os.pathsep.join([str(BACKEND_DIR), str(BACKEND_DIR.parent)]),
    }
    worker = CeleryWorker(env, var / "celery-worker.log")
    try:
        worker.start()
        yield worker
    finally:
        worker.stop()


@pytest.fixture(autouse=True)
def _shared_media(
    request: pytest.FixtureRequest, settings: Any, shared_media_dirs: tuple[Path, Path]
) -> Iterator[None]:
    """In the scale-out run, the web side and the worker share this test's media folder and one var folder."""
    if django_settings.JOBS_BACKEND != "celery":
        yield
        return
    request.getfixturevalue("celery_worker")
    link, var = shared_media_dirs
    try:
        request.getfixturevalue("_private_media")  # backend/conftest.py's: a media folder per test
    except pytest.FixtureLookupError:
        settings.MEDIA_ROOT = link.parent / f"media-{uuid.uuid4().hex}"
    # Each test keeps its own media folder, and the worker writes into it through the link.
    _point_media_at(link, Path(settings.MEDIA_ROOT))
    settings.VAR_DIR = var
    yield


# Tests that change a setting in the test process to make a job fail: a separate worker process cannot
# see that change, so they only mean something with the in-process thread executor.
IN_PROCESS_ONLY = {
    "test_failing_job_surfaces_a_human_error": "sets SOUNDFONT in the test process only",
}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("JOBS_BACKEND") != "celery":
        return
    for item in items:
        reason = IN_PROCESS_ONLY.get(item.name.split("[")[0])
        if reason:
            item.add_marker(pytest.mark.skip(reason=f"thread executor only: {reason}"))
