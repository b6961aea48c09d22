"""Migration 0004 turns every job's packed `target` into its kind's typed params, and back.

Jobs are written through the schema the previous migrations made (Django's MigrationExecutor), migrated
forwards, and read back with the params models the tasks validate them with."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from jobs.registry import job_kind_get
from songs.job_params import SongJobKind

BEFORE = [("jobs", "0002_edit_log")]
AFTER = [("jobs", "0005_remove_job_target")]
STATE_HASH = "0f" * 32
EXPORT_ID = str(uuid.uuid4())
UPLOAD_ID = str(uuid.uuid4())

# (kind, target before) -> (params after, dedup key after)
CASES: list[tuple[str, str, dict[str, Any], str]] = [
    ("generate", "", {"melody": None}, ""),
    (
        "generate",
        f"melody:{UPLOAD_ID}:tkld",
        {
            "melody": {
                "upload_id": UPLOAD_ID,
                "tempo_given": True,
                "key_given": True,
                "length_given": True,
                "starts_on_downbeat": True,
            }
        },
        "",
    ),
    (
        "generate",
        f"melody:{UPLOAD_ID}:",
        {
            "melody": {
                "upload_id": UPLOAD_ID,
                "tempo_given": False,
                "key_given": False,
                "length_given": False,
                "starts_on_downbeat": False,
            }
        },
        "",
    ),
    (
        "generate",
        f"melody:{UPLOAD_ID}:k",
        {
            "melody": {
                "upload_id": UPLOAD_ID,
                "tempo_given": False,
                "key_given": True,
                "length_given": False,
                "starts_on_downbeat": False,
            }
        },
        "",
    ),
    ("render", STATE_HASH, {"state_hash": STATE_HASH}, STATE_HASH),
    ("export", EXPORT_ID, {"export_id": EXPORT_ID}, ""),
]


@pytest.fixture
def executor(transactional_db: None) -> Iterator[MigrationExecutor]:
    executor = MigrationExecutor(connection)
    yield executor
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())  # the schema the other tests expect


def _migrate(executor: MigrationExecutor, targets: list[tuple[str, str]]) -> Any:
    """Migrate to `targets`; the manager of the historical Job model there."""
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps.get_model("jobs", "Job").objects


def test_targets_become_typed_params_and_back(executor: MigrationExecutor) -> None:
    jobs_before = _migrate(executor, BEFORE)
    ids = [jobs_before.create(kind=kind, target=target).pk for kind, target, _, _ in CASES]

    jobs_after = _migrate(executor, AFTER)

    jobs = [jobs_after.get(pk=pk) for pk in ids]
    assert [(job.params, job.dedup_key) for job in jobs] == [(params, key) for _, _, params, key in CASES]
    for job in jobs:  # what the runner hands the task
        job_kind_get(job.kind).params_validate(job.params)
    assert [job.kind for job in jobs] == ["generate"] * 4 + [SongJobKind.RENDER, SongJobKind.EXPORT]

    jobs_reverted = _migrate(executor, [("jobs", "0003_job_params")])

    assert [jobs_reverted.get(pk=pk).target for pk in ids] == [target for _, target, _, _ in CASES]


def test_many_jobs_are_converted_in_batches(executor: MigrationExecutor) -> None:
    jobs_before = _migrate(executor, BEFORE)
    jobs_before.bulk_create(jobs_before.model(kind="render", target=f"{n:064x}") for n in range(1203))

    jobs_after = _migrate(executor, AFTER)

    assert jobs_after.count() == 1203
    assert sorted(jobs_after.values_list("dedup_key", flat=True)) == [f"{n:064x}" for n in range(1203)]
    assert all(job.params == {"state_hash": job.dedup_key} for job in jobs_after.all())
