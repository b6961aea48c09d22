"""Migration 0008 on a database made by the code before it: seed-only regenerate/add_instrument ops in
logs, versions, exports and share links get stored notes, songs fold to the same notes, renders stay found,
and migrating back gives the old rows back exactly."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

import engine.compose.composer as composer
from engine.edit.audio_track import AudioSource
from engine.edit.fold import fold
from engine.edit.materialise import materialise_ops
from engine.edit.ops import parse_op
from engine.mix.mixdown import TrackMix
from engine.score import Score, Section
from songs.models import Edit, NoteBlob, Song, SongExport, SongRender, Version
from songs.state import applied_ops, song_state, state_hash
from tests.engine.song_fixtures import band_score

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("songs", "0007_one_pipeline_drop")]
# 0008 and every migration after it: the current models read the rows.
AFTER = [("songs", "0008_note_blobs")]
UPLOAD = str(uuid.UUID(int=7))
LOG: list[dict[str, Any]] = [
    {"type": "set_tempo", "tempo": 100.0},
    {"type": "add_audio_track", "upload": UPLOAD, "offset_beats": 0.0, "name": "", "source_tempo": None},
    {"type": "regenerate", "track": None, "section_index": None, "seed": 9},
    {"type": "add_instrument", "instrument": "cello", "role": None, "seed": 4},
    {"type": "track_gain", "track": "a2", "gain_db": -4.0},
    {"type": "regenerate", "track": "t2", "section_index": 1, "seed": 2},
    {"type": "transpose", "semitones": 3},
    {"type": "regenerate", "track": "a2", "section_index": 0, "seed": 6},  # the redo tail: after the head
]
HEAD = 7


def _migrate_past_note_blobs() -> None:
    _migrate(AFTER)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def _migrate(target: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    others = [node for node in executor.loader.graph.leaf_nodes() if node[0] != "songs"]
    return executor.loader.project_state([*others, *target]).apps


@pytest.fixture
def old_apps() -> Iterator[Any]:
    apps = _migrate(BEFORE)
    yield apps
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())  # leave the schema as the other tests expect it


def _base() -> Score:
    sections = (
        Section(name="verse", start_bar=0, bars=2, energy=0.5),
        Section(name="chorus", start_bar=2, bars=2, energy=0.8),
    )
    return band_score(bars=4).model_copy(update={"sections": sections})


def _source() -> AudioSource:
    return AudioSource(
        upload=UPLOAD, sha256="a" * 64, path=Path("uploads/x.wav"), samples=44100 * 4, name="Hum"
    )


def _song_rows(apps: Any, base: Score, *, log: list[dict[str, Any]], head: int) -> Any:
    """A song as the code before 0008 stores it, with a version, an export, a share link and renders."""
    song = apps.get_model("songs", "Song").objects.create(
        title="Old", status="ready", spec={}, score=base.model_dump(mode="json"), genre="pop", mood="happy",
        tempo=120, key="C", mode="major", seed=1, head=head, session_key="s",
    )  # fmt: skip
    for index, track in enumerate(base.tracks):
        apps.get_model("songs", "Track").objects.create(
            song=song, index=index, name=track.name, instrument=track.instrument, role=track.role.value,
            program=track.program, bank=track.bank, gain_db=-float(index), pan=0.0,
        )  # fmt: skip
    for seq, op in enumerate(log, start=1):
        params = {k: v for k, v in op.items() if k != "type"}
        apps.get_model("songs", "Edit").objects.create(song=song, seq=seq, type=op["type"], params=params)
    apps.get_model("songs", "Version").objects.create(song=song, name="v", ops=log[:4])
    export = apps.get_model("songs", "SongExport").objects.create(
        song=song, ops=log[:3], state_hash=state_hash(log[:3]), format="wav16"
    )
    apps.get_model("sharing", "ShareLink").objects.create(
        song=song, token=f"t{song.pk}", ops=log[:6], export=export
    )
    for prefix in sorted({0, 1, 3, head} & set(range(len(log) + 1))):
        apps.get_model("songs", "SongRender").objects.create(
            song=song, state_hash=state_hash(log[:prefix]), master_key=f"m{prefix}", stem_keys={},
            loudness_lufs=-14.0, true_peak_dbtp=-1.0, duration_seconds=8.0,
        )  # fmt: skip
    return song


def _upload(apps: Any) -> None:
    apps.get_model("uploads", "Upload").objects.create(
        id=UPLOAD, session_key="s", filename="Hum.wav", sha256="a" * 64, original="uploads/o.wav",
        working="uploads/x.wav", size_bytes=1, format="WAV", codec="pcm", sample_rate=44100, channels=2,
        duration_seconds=4.0, samples=44100 * 4, loudness_lufs=-20.0, peak_dbfs=-3.0, tempo=100.0,
        tempo_confidence=0.1, key="C", mode="major", key_confidence=0.5,
    )  # fmt: skip


def _composed_now(base: Score, ops: list[dict[str, Any]]) -> tuple[Any, ...]:
    """The tracks the code before 0008 folded: the composer run for each seed-only op, as it is now."""
    mixes = [TrackMix(gain_db=-float(i), pan=0.0) for i in range(len(base.tracks))]
    materialised, composed = materialise_ops(
        base, [parse_op(op) for op in ops], mixes=mixes, audio_sources={UPLOAD: _source()}
    )
    state = fold(base, materialised, mixes=mixes, audio_sources={UPLOAD: _source()}, composed=composed)
    return state.track_ids, state.score.tracks


def _folded(song: Song, ops: list[dict[str, Any]]) -> tuple[Any, ...]:
    state = song_state(song, ops)
    return state.track_ids, state.score.tracks


def test_migration_stores_the_notes_songs_play_today_and_keeps_renders_found(old_apps, monkeypatch):
    base = _base()
    _upload(old_apps)
    old = _song_rows(old_apps, base, log=LOG, head=HEAD)
    plain = _song_rows(old_apps, base, log=[LOG[0], LOG[6]], head=2)  # nothing to materialise
    broken_log = [LOG[0], {"type": "regenerate", "track": "t9", "seed": 1}, LOG[3]]
    broken = _song_rows(old_apps, base, log=broken_log, head=3)  # did not fold before either
    lists = {"head": LOG[:HEAD], "log": LOG, "version": LOG[:4], "export": LOG[:3], "share": LOG[:6]}
    expected = {name: _composed_now(base, ops) for name, ops in lists.items()}
    assert expected["head"][1][1].notes != base.tracks[1].notes, "the regenerate rewrote the bass"

    _migrate_past_note_blobs()

    song = Song.objects.get(pk=old.pk)
    edits = list(Edit.objects.filter(song=song).order_by("seq"))
    composing = [e for e in edits if e.type in ("regenerate", "add_instrument")]
    assert len(composing) == 4 and all(
        NoteBlob.objects.filter(key=e.params["notes"]).exists() for e in composing
    )
    assert [{k: v for k, v in e.params.items() if k != "notes"} for e in edits] == [
        {k: v for k, v in op.items() if k != "type"} for op in LOG
    ], "only the stored notes' key is added"
    version = Version.objects.get(song=song)
    export = SongExport.objects.get(song=song)
    share = song.share_links.get()
    assert version.ops == [e.as_op_data() for e in edits[:4]] and export.ops == [
        e.as_op_data() for e in edits[:3]
    ]
    assert share.ops == [e.as_op_data() for e in edits[:6]]
    assert export.state_hash == state_hash(export.ops)  # found again as that state's file
    stored = {"head": applied_ops(song), "log": [e.as_op_data() for e in edits], "version": version.ops,
              "export": export.ops, "share": share.ops}  # fmt: skip
    for name, ops in stored.items():
        assert _folded(song, ops) == expected[name], name

    # Renders are found under the new state hashes; states without composed notes keep theirs.
    renders = {r.master_key: r.state_hash for r in SongRender.objects.filter(song=song)}
    assert renders == {
        "m0": state_hash([]),
        "m1": state_hash(LOG[:1]),
        "m3": state_hash(stored["log"][:3]),
        f"m{HEAD}": state_hash(applied_ops(song)),
    }
    assert renders["m3"] != state_hash(LOG[:3])
    plain_renders = {r.master_key: r.state_hash for r in SongRender.objects.filter(song_id=plain.pk)}
    assert plain_renders["m2"] == state_hash([LOG[0], LOG[6]])
    broken_now = [e.as_op_data() for e in Edit.objects.filter(song_id=broken.pk).order_by("seq")]
    assert broken_now == broken_log, "a log that did not fold is left as it was"

    # From now on a changed composer changes nothing: the stored notes are replayed.
    humanise = composer._humanise
    monkeypatch.setattr(
        composer,
        "_humanise",
        lambda *a, **k: tuple(n.model_copy(update={"velocity": 1}) for n in humanise(*a, **k)),
    )
    for name, ops in stored.items():
        assert _folded(song, ops) == expected[name], name
    monkeypatch.undo()

    # Back: the rows are as the old code made them; forward again: the same notes, the same keys.
    keys = sorted(NoteBlob.objects.values_list("key", flat=True))
    old_apps = _migrate(BEFORE)
    old_edit = old_apps.get_model("songs", "Edit")
    assert [
        {"type": e.type, **e.params} for e in old_edit.objects.filter(song_id=old.pk).order_by("seq")
    ] == LOG
    assert old_apps.get_model("songs", "Version").objects.get(song_id=old.pk).ops == LOG[:4]
    assert old_apps.get_model("sharing", "ShareLink").objects.get(song_id=old.pk).ops == LOG[:6]
    old_renders = old_apps.get_model("songs", "SongRender").objects.filter(song_id=old.pk)
    assert {r.master_key: r.state_hash for r in old_renders} == {
        f"m{n}": state_hash(LOG[:n]) for n in (0, 1, 3, HEAD)
    }
    _migrate_past_note_blobs()
    assert sorted(NoteBlob.objects.values_list("key", flat=True)) == keys
    assert _folded(Song.objects.get(pk=old.pk), applied_ops(Song.objects.get(pk=old.pk))) == expected["head"]
