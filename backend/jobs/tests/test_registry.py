"""Kinds of job are looked up in the registry apps fill at start-up; `jobs` itself imports no app."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from jobs.executors import queue_for
from jobs.registry import (
    JOBS_QUEUE,
    RENDERS_QUEUE,
    JobKind,
    UnknownJobKindError,
    job_kind_get,
    job_kind_names,
    job_kind_register,
)
from jobs.tests.conftest import ECHO, EchoParams
from songs.generation.tasks import song_generate_task
from songs.job_params import ExportParams, GenerateParams, RenderParams, SongJobKind
from songs.rendering.exports import song_export_task
from songs.rendering.tasks import song_render_task

JOBS_DIR = Path(__file__).resolve().parents[1]
BACKEND_DIR = JOBS_DIR.parent


def test_the_songs_app_registers_its_kinds_at_start_up() -> None:
    assert {"generate", "render", "export"} <= set(job_kind_names())
    kinds = [job_kind_get(kind) for kind in SongJobKind]
    assert [(kind.task, kind.params, kind.queue) for kind in kinds] == [
        (song_generate_task, GenerateParams, JOBS_QUEUE),
        (song_render_task, RenderParams, RENDERS_QUEUE),
        (song_export_task, ExportParams, RENDERS_QUEUE),
    ]
    assert [kind.dedup_key is not None for kind in kinds] == [False, True, False]
    assert [queue_for(kind) for kind in SongJobKind] == [JOBS_QUEUE, RENDERS_QUEUE, RENDERS_QUEUE]


def test_a_registered_kind_is_found_and_registering_it_again_is_harmless(
    echo_kind: JobKind[EchoParams],
) -> None:
    job_kind_register(echo_kind)

    assert job_kind_get(ECHO) is echo_kind
    assert ECHO in job_kind_names()


def test_a_second_task_under_a_taken_name_is_refused(echo_kind: JobKind[EchoParams]) -> None:
    with pytest.raises(ImproperlyConfigured, match="already registered"):
        job_kind_register(JobKind(name=ECHO, task=lambda job, params, report: None, params=EchoParams))


def test_an_unknown_kind_raises() -> None:
    with pytest.raises(UnknownJobKindError, match="'transcribe-backwards'"):
        job_kind_get("transcribe-backwards")
    with pytest.raises(UnknownJobKindError):
        queue_for("transcribe-backwards")


def test_a_kind_on_a_queue_no_worker_consumes_is_refused() -> None:
    with pytest.raises(ImproperlyConfigured, match="unknown queue 'gpu'"):
        JobKind(name="test-gpu", task=lambda job, params, report: None, params=EchoParams, queue="gpu")


def _imported_modules(path: Path) -> Iterator[str]:
    """Every module a file imports, at the top or inside a function (the lazy imports that dodge cycles)."""
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def test_jobs_imports_no_app() -> None:
    apps = {path.parent.name for path in BACKEND_DIR.glob("*/apps.py")} - {"jobs", "core"}
    assert {"songs", "uploads", "sharing", "accounts"} <= apps
    sources = [p for p in JOBS_DIR.rglob("*.py") if "tests" not in p.relative_to(JOBS_DIR).parts]
    assert JOBS_DIR / "runner.py" in sources

    offending: list[Any] = [
        (str(path.relative_to(BACKEND_DIR)), module)
        for path in sources
        for module in _imported_modules(path)
        if module.split(".")[0] in apps
    ]

    assert offending == []
