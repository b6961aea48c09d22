"""Scale-out tests: a real Celery worker, Redis and (in `make test-scale`) PostgreSQL, hurt on purpose.

They run only with JOBS_BACKEND=celery and the jobs.celery_pytest plugin (`make test-scale`); in the
default run they are skipped. `-m "not scale"` or `--ignore=backend/jobs/tests/scale` leaves them out."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from engine.files import TEMP_SUFFIX


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "scale: scale-out test (real Celery worker, Redis, PostgreSQL)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.scale)
            if os.environ.get("JOBS_BACKEND") != "celery" or not config.pluginmanager.has_plugin(
                "jobs.celery_pytest"
            ):
                item.add_marker(pytest.mark.skip(reason="scale-out test: run with `make test-scale`"))


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def media_problems(media_root: Path) -> list[str]:
    """Every content-addressed file must hash to its own name; no temporary file may be left behind."""
    problems = []
    for path in sorted(media_root.rglob("*")):
        if not path.is_file():
            continue
        if path.name.endswith(TEMP_SUFFIX):
            problems.append(f"left-over temporary file {path}")
        elif path.parent.parent.name == "renders" and sha256_of(path) != path.name.split(".")[0]:
            problems.append(f"{path} does not hash to its name: partial or corrupt")
    return problems
