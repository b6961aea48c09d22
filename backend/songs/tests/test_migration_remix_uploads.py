"""Migration 0011 on songs copied before remixes got their own upload rows: the copy's owner gets a row for
the upload (the same files), its edits, versions, exports and links name it, and its renders, exports and
cache records are found under the new state hashes. Songs using their owner's own uploads are untouched."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from songs.state import state_hash

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("songs", "0010_render_cache_keys")]
AFTER = [("songs", "0011_remixes_own_their_uploads")]
SHA = "f" * 64


def _migrate(target: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    others = [node for node in executor.loader.graph.leaf_nodes() if node[0] != "songs"]
    return executor.loader.project_state([*others, *target]).apps


def _song(apps: Any, owner: Any, title: str) -> Any:
    return apps.get_model("songs", "Song").objects.create(
        owner=owner,
        title=title,
        status="ready",
        spec={},
        genre="pop",
        mood="happy",
        tempo=120,
        key="C",
        mode="major",
        seed=1,
    )


def _upload(apps: Any, owner: Any) -> Any:
    return apps.get_model("uploads", "Upload").objects.create(
        owner=owner,
        filename="take.wav",
        sha256=SHA,
        original=f"uploads/originals/ff/{SHA}",
        working=f"uploads/working/ff/{SHA}.wav",
        size_bytes=10,
        format="WAV",
        codec="pcm_s16le",
        sample_rate=44100,
        channels=2,
        duration_seconds=1.0,
        samples=44100,
        loudness_lufs=-20.0,
        peak_dbfs=-3.0,
        tempo=120.0,
        tempo_confidence=0.9,
        key="A",
        mode="minor",
        key_confidence=0.8,
    )


def test_a_copy_naming_another_owners_upload_gets_its_own_row_and_keeps_its_renders() -> None:
    old = _migrate(BEFORE)
    users = old.get_model("auth", "User").objects
    owner, listener = users.create(username="owner"), users.create(username="listener")
    upload = _upload(old, owner)
    op = {
        "type": "add_audio_track",
        "upload": str(upload.pk),
        "offset_beats": 0.0,
        "name": "",
        "source_tempo": None,
    }
    gain = {"type": "track_gain", "track": "a1", "gain_db": -3.0}
    original, copy = _song(old, owner, "Original"), _song(old, listener, "Original (remix)")
    for song in (original, copy):
        for seq, data in enumerate((op, gain), start=1):
            old.get_model("songs", "Edit").objects.create(
                song=song, seq=seq, type=data["type"], params={k: v for k, v in data.items() if k != "type"}
            )
    old_head = state_hash([op, gain])
    old.get_model("songs", "Version").objects.create(song=copy, name="v1", ops=[op])
    old.get_model("songs", "SongRender").objects.create(
        song=copy,
        state_hash=old_head,
        master_key="a" * 64,
        stem_keys={},
        loudness_lufs=-14,
        true_peak_dbtp=-1,
        duration_seconds=8,
    )
    old.get_model("songs", "SongExport").objects.create(
        song=copy, ops=[op, gain], state_hash=old_head, format="wav16"
    )
    old.get_model("songs", "RenderCacheKey").objects.create(song=copy, state_hash=old_head, key="b" * 64)
    old.get_model("sharing", "ShareLink").objects.create(song=copy, token="tok", ops=[op])

    new = _migrate(AFTER)
    try:
        Upload = new.get_model("uploads", "Upload")
        theirs = Upload.objects.get(owner_id=listener.pk)
        moved = {**op, "upload": str(theirs.pk)}
        new_head = state_hash([moved, gain])
        edits = new.get_model("songs", "Edit").objects
        assert (theirs.sha256, theirs.working, theirs.filename) == (SHA, upload.working, "take.wav")
        assert uuid.UUID(str(theirs.pk)) != upload.pk and Upload.objects.count() == 2
        assert edits.get(song_id=copy.pk, seq=1).params["upload"] == str(theirs.pk)
        assert edits.get(song_id=original.pk, seq=1).params["upload"] == str(upload.pk), (
            "the owner's song is theirs"
        )
        assert new.get_model("songs", "Version").objects.get(song_id=copy.pk).ops == [moved]
        assert new.get_model("sharing", "ShareLink").objects.get(song_id=copy.pk).ops == [moved]
        assert new.get_model("songs", "SongRender").objects.get(song_id=copy.pk).state_hash == new_head
        export = new.get_model("songs", "SongExport").objects.get(song_id=copy.pk)
        assert (export.ops, export.state_hash) == ([moved, gain], new_head)
        assert new.get_model("songs", "RenderCacheKey").objects.get(song_id=copy.pk).state_hash == new_head
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
