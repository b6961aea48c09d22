"""Migrations songs 0009 and uploads 0002 on a database made by the code before them: every stored file's
size is filled in from storage, no file changes a byte, and a missing file counts 0."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("songs", "0008_note_blobs"), ("uploads", "0001_initial")]
AFTER = [("songs", "0009_stored_sizes"), ("uploads", "0002_stored_sizes")]


def _migrate(target: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    names = {app for app, _ in target}
    others = [node for node in executor.loader.graph.leaf_nodes() if node[0] not in names]
    return executor.loader.project_state([*others, *target]).apps


@pytest.fixture
def old_apps() -> Iterator[Any]:
    apps = _migrate(BEFORE)
    yield apps
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def _store(name: str, size: int) -> str:
    return default_storage.save(name, ContentFile(bytes(range(256)) * (size // 256) + b"x" * (size % 256)))


def test_sizes_are_read_from_storage_and_no_file_changes(old_apps: Any) -> None:
    song = old_apps.get_model("songs", "Song").objects.create(
        session_key="s",
        title="Old",
        spec={},
        genre="pop",
        mood="happy",
        tempo=120,
        key="C",
        mode="major",
        seed=1,
    )
    stem = old_apps.get_model("songs", "RenderedStem").objects.create(
        song=song, key="k" * 64, file=_store("stems/a.flac", 70_001)
    )
    export = old_apps.get_model("songs", "SongExport").objects.create(
        song=song, state_hash="h" * 64, format="mp3_320", status="ready", file=_store("exports/b.mp3", 5_120)
    )
    gone = old_apps.get_model("songs", "SongExport").objects.create(
        song=song, state_hash="h" * 64, format="wav16", status="ready", file="exports/missing.wav"
    )
    upload = old_apps.get_model("uploads", "Upload").objects.create(
        session_key="s", filename="take.wav", sha256="a" * 64, original=_store("uploads/o", 900),
        working=_store("uploads/w.wav", 33_333), size_bytes=900, format="WAV", codec="pcm_s16le",
        sample_rate=44100, channels=2, duration_seconds=1.0, samples=44100, loudness_lufs=-20.0,
        peak_dbfs=-3.0, tempo=120.0, tempo_confidence=0.5, key="C", mode="major", key_confidence=0.5,
        peaks=[],
    )  # fmt: skip
    names = [stem.file, export.file, upload.original, upload.working]
    before = {name: hashlib.sha256(default_storage.open(name).read()).hexdigest() for name in names}

    apps = _migrate(AFTER)

    assert apps.get_model("songs", "RenderedStem").objects.get(pk=stem.pk).size_bytes == 70_001
    assert apps.get_model("songs", "SongExport").objects.get(pk=export.pk).size_bytes == 5_120
    assert apps.get_model("songs", "SongExport").objects.get(pk=gone.pk).size_bytes == 0
    assert apps.get_model("uploads", "Upload").objects.get(pk=upload.pk).working_bytes == 33_333
    after = {name: hashlib.sha256(default_storage.open(name).read()).hexdigest() for name in names}
    assert after == before
