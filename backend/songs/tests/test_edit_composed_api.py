"""Edits that run the composer (regenerate, add_instrument) through HTTP: the notes are written once, when
the edit is made, and a changed composer never changes the saved song, its notes or its audio."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

import engine.compose.composer as composer
from conftest import SHORT_SPEC, wait_for_job
from engine.edit import materialise as materialise_module
from engine.edit.composed import TOO_MANY_NOTES, ComposedNotes
from engine.edit.materialise import materialise
from engine.edit.ops import parse_op
from jobs.models import Job
from songs.generation import tasks
from songs.job_params import GenerateParams, MelodySource, SongJobKind
from songs.models import Edit, NoteBlob, Song, SongRender
from songs.rendering import cache as render_cache
from songs.state import applied_ops, song_state, state_hash

REGENERATE = {"type": "regenerate", "track": "t2", "section_index": 0, "seed": 5}
ADD_CELLO = {"type": "add_instrument", "instrument": "cello", "seed": 3}


def _edit(client: Client, song_id: str, op: dict[str, Any]) -> Any:
    return client.post(f"/api/songs/{song_id}/edits", op, content_type="application/json")


def _settle(client: Client, song_id: str, body: dict[str, Any]) -> dict[str, Any]:
    if body.get("job"):
        assert wait_for_job(client, body["job"]["id"])["status"] == "succeeded"
    state: dict[str, Any] = client.get(f"/api/songs/{song_id}/editor").json()
    return state


def _post(client: Client, url: str) -> dict[str, Any]:
    """Undo or redo, waiting for the render it queues (none outlives the test)."""
    body: dict[str, Any] = client.post(url).json()
    if body.get("job"):
        wait_for_job(client, body["job"]["id"])
    return body


def _notes(state: dict[str, Any]) -> dict[str, list[list[float]]]:
    return {track["id"]: track["notes"] for track in state["tracks"]}


def _wav(client: Client, song_id: str) -> bytes:
    created = client.post(
        f"/api/songs/{song_id}/exports", {"format": "wav16"}, content_type="application/json"
    )
    assert created.status_code == 202, created.content
    assert wait_for_job(client, created.json()["job"]["id"])["status"] == "succeeded"
    export = client.get(f"/api/songs/{song_id}/exports/{created.json()['export']['id']}").json()
    response = client.get(export["download_url"])
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def _forget_renders(song_id: str) -> None:
    """Drop every cached stage and render, so the next render runs the engine from the notes again."""
    SongRender.objects.filter(song_id=song_id).delete()
    render_cache._cache_at.cache_clear()
    shutil.rmtree(Path(settings.VAR_DIR) / "render-cache", ignore_errors=True)


def _retrain(monkeypatch: pytest.MonkeyPatch) -> None:
    """A changed composer: every part it writes from now on is a semitone higher and louder."""
    humanise = composer._humanise

    def changed(*args: Any, **kwargs: Any) -> Any:
        return tuple(
            n.model_copy(update={"pitch": min(127, n.pitch + 1), "velocity": min(127, n.velocity + 9)})
            for n in humanise(*args, **kwargs)
        )

    monkeypatch.setattr(composer, "_humanise", changed)


@pytest.fixture
def song_id(owner_client: Client, transactional_db: None) -> str:
    owner_client.get("/api/options")
    created = owner_client.post("/api/songs/", SHORT_SPEC, content_type="application/json").json()
    assert wait_for_job(owner_client, created["job"]["id"])["status"] == "succeeded"
    return str(created["song"]["id"])


def test_regenerate_and_add_instrument_store_their_notes_and_undo_redo_replay_them(
    owner_client: Client, song_id: str
) -> None:
    before = owner_client.get(f"/api/songs/{song_id}/editor").json()
    assert _edit(owner_client, song_id, REGENERATE).status_code == 201
    state = _settle(owner_client, song_id, _edit(owner_client, song_id, ADD_CELLO).json())

    edits = list(Edit.objects.filter(song_id=song_id).order_by("seq"))
    keys = [edit.params["notes"] for edit in edits]
    assert [e.params | {"notes": ""} for e in edits] == [
        {"track": "t2", "section_index": 0, "seed": 5, "notes": ""},
        {"instrument": "cello", "role": None, "seed": 3, "notes": ""},
    ], "what the client sent is kept, and the op names its stored notes"
    blobs = {blob.key: ComposedNotes.from_json(blob.notes) for blob in NoteBlob.objects.all()}
    assert set(blobs) == set(keys) and all(blob.key == key for key, blob in blobs.items())
    assert [t["id"] for t in state["tracks"]] == ["t1", "t2", "t3", "a1"]
    beat = 480
    cello = [
        [round(n.start / beat, 4), round(n.duration / beat, 4), n.pitch, n.velocity]
        for n in blobs[keys[1]].parts["a1"]
    ]
    assert _notes(state)["a1"] == cello
    assert _notes(state)["t2"] != _notes(before)["t2"] and _notes(state)["t1"] == _notes(before)["t1"]
    summaries = [
        "Regenerated Fingered Electric Bass (bass) in the chorus (section 1)",
        "Added Cello (counter melody)",
    ]
    assert [e["summary"] for e in state["edits"]] == summaries
    assert state["render"]["status"] == "ready"

    undone = _post(owner_client, f"/api/songs/{song_id}/undo")
    assert [t["id"] for t in undone["tracks"]] == ["t1", "t2", "t3"] and undone["can_redo"]
    redone = _post(owner_client, f"/api/songs/{song_id}/redo")
    assert _notes(redone) == _notes(state), "redo replays the stored notes"
    saved = owner_client.post(
        f"/api/songs/{song_id}/versions", {"name": "With cello"}, content_type="application/json"
    )
    assert saved.status_code == 201
    _post(owner_client, f"/api/songs/{song_id}/undo")
    _post(owner_client, f"/api/songs/{song_id}/undo")
    diff = owner_client.get(f"/api/songs/{song_id}/versions/{saved.json()['versions'][0]['id']}/diff").json()
    assert diff["only_version"] == summaries
    # The same edit on the same state writes the same notes: one stored copy.
    again = _edit(owner_client, song_id, REGENERATE)
    _settle(owner_client, song_id, again.json())
    assert again.status_code == 201 and Edit.objects.get(song_id=song_id, seq=1).params["notes"] == keys[0]
    assert NoteBlob.objects.count() == 2


def test_the_history_names_tracks_as_they_were_when_each_edit_was_made(
    owner_client: Client, song_id: str
) -> None:
    for op in (
        ADD_CELLO,
        {"type": "change_instrument", "track": "a1", "instrument": "viola"},
        {"type": "track_pan", "track": "a1", "pan": -0.05},
        {"type": "remove_track", "track": "a1"},
    ):
        body = _edit(owner_client, song_id, op)
        assert body.status_code == 201, body.content
    _post(owner_client, f"/api/songs/{song_id}/undo")

    state = _settle(owner_client, song_id, body.json())

    assert [(e["summary"], e["applied"]) for e in state["edits"]] == [
        ("Added Cello (counter melody)", True),
        ("Swapped Cello → Viola", True),
        ("Panned Viola (counter melody) 5 % left", True),
        ("Removed Viola (counter melody)", False),
    ], "a removed or swapped track keeps the name it had, the redo tail included"


def test_a_changed_composer_leaves_the_saved_song_notes_and_audio_bit_identical(
    owner_client: Client, song_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _edit(owner_client, song_id, REGENERATE)
    _edit(owner_client, song_id, ADD_CELLO)
    state = _settle(
        owner_client,
        song_id,
        _edit(owner_client, song_id, {"type": "regenerate", "track": "a1", "seed": 9}).json(),
    )
    render = SongRender.objects.get(
        song_id=song_id, state_hash=state_hash(applied_ops(Song.objects.get(pk=song_id)))
    )
    wav = _wav(owner_client, song_id)

    _retrain(monkeypatch)
    song = Song.objects.get(pk=song_id)
    ops = applied_ops(song)
    for position in (0, 1, 2):  # the change is real: the same edits composed now write other notes
        seed_only = {k: v for k, v in ops[position].items() if k != "notes"}
        op, _ = materialise(song_state(song, ops[:position]), parse_op(seed_only))
        assert op.notes != ops[position]["notes"]  # type: ignore[union-attr]
    _forget_renders(song_id)
    _post(owner_client, f"/api/songs/{song_id}/undo")
    after = _settle(owner_client, song_id, _post(owner_client, f"/api/songs/{song_id}/redo"))

    assert _notes(after) == _notes(state)
    rerendered = SongRender.objects.get(song_id=song_id, state_hash=render.state_hash)
    assert (rerendered.master_key, rerendered.stem_keys) == (render.master_key, render.stem_keys)
    assert rerendered.loudness_lufs == render.loudness_lufs
    assert _wav(owner_client, song_id) == wav, "the exported mix is the same, bit for bit"


def test_a_client_cannot_name_stored_notes_and_too_many_notes_are_refused(
    owner_client: Client, song_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(materialise_module, "MAX_PART_NOTES", 4)
    refused = _edit(owner_client, song_id, ADD_CELLO)
    assert refused.status_code == 409, "a valid op whose notes do not fit this song is a conflict"
    (message,) = refused.json()["extra"]["fields"]["seed"]
    count = int(message.split()[3])
    assert count > 4 and message == TOO_MANY_NOTES.format(count=count, limit=4)
    assert not Edit.objects.filter(song_id=song_id).exists() and not NoteBlob.objects.exists()
    monkeypatch.undo()

    foreign = {**REGENERATE, "notes": "ab" * 32}
    response = _edit(owner_client, song_id, foreign)
    assert response.status_code == 201
    _settle(owner_client, song_id, response.json())
    stored = Edit.objects.get(song_id=song_id, seq=1).params["notes"]
    assert stored != "ab" * 32 and NoteBlob.objects.filter(key=stored).exists()


def test_a_retried_generate_job_never_composes_again(song_id: str, monkeypatch: pytest.MonkeyPatch) -> None:
    song = Song.objects.get(pk=song_id)
    score, tracks = song.score, [(t.name, t.gain_db, t.pan) for t in song.tracks.order_by("index")]
    first = SongRender.objects.get(song=song, state_hash=state_hash([]))
    job = Job.objects.get(song=song, kind=SongJobKind.GENERATE)
    _retrain(monkeypatch)

    def no_melody(**_: Any) -> Any:
        raise AssertionError("the melody was transcribed and arranged again")

    monkeypatch.setattr(tasks, "melody_song_compose", no_melody)
    # A plain retry would compose differently now; a hum-to-song one would transcribe and arrange again.
    melody = MelodySource(
        upload_id=str(uuid.uuid4()), tempo_given=True, key_given=False, starts_on_downbeat=False
    )
    for params in (GenerateParams(), GenerateParams(melody=melody)):
        tasks.song_generate_task(job, params, lambda *_: None)

        again = Song.objects.get(pk=song_id)
        assert again.score == score and again.status == Song.Status.READY, params
        assert [(t.name, t.gain_db, t.pan) for t in again.tracks.order_by("index")] == tracks
        assert SongRender.objects.get(song=song, state_hash=state_hash([])).stem_keys == first.stem_keys
