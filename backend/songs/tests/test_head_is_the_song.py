"""One song, one pipeline, as a client meets it: generation is the first render of the empty edit log,
and the song's own downloads, library card, cover, title and share page follow the head."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from django.test import Client

from conftest import SHORT_SPEC, decode_bytes, verified_client, wait_for_job
from engine.audio_io.analysis import estimate_key
from songs.models import SongRender

pytestmark = pytest.mark.usefixtures("transactional_db")


def _bytes(response: Any) -> bytes:
    assert response.status_code == 200, getattr(response, "content", b"")[:300]
    return b"".join(response.streaming_content)


def _edit(client: Client, song_id: str, op: dict[str, Any]) -> dict[str, Any]:
    response = client.post(f"/api/songs/{song_id}/edits", op, content_type="application/json")
    assert response.status_code == 201, response.content
    body: dict[str, Any] = response.json()
    if body["job"] is not None:
        assert wait_for_job(client, body["job"]["id"])["status"] == "succeeded"
    return body


def _library_entry(client: Client, song_id: str) -> dict[str, Any]:
    songs = client.get("/api/songs/").json()["songs"]
    entry: dict[str, Any] = next(s for s in songs if s["id"] == song_id)
    return entry


def _key_of(wav: bytes) -> tuple[str, str]:
    audio = decode_bytes(wav, ".wav")
    key, mode, _ = estimate_key(np.mean(audio, axis=0))
    return key, mode


@pytest.fixture
def owner_client(transactional_db: None) -> Client:
    """A musician with an account: sharing by link takes a verified e-mail address."""
    return verified_client("owner@example.com")


@pytest.fixture
def song_id(owner_client: Client) -> str:
    created = owner_client.post("/api/songs/", SHORT_SPEC, content_type="application/json")
    assert created.status_code == 202, created.content
    assert wait_for_job(owner_client, created.json()["job"]["id"])["status"] == "succeeded"
    return str(created.json()["song"]["id"])


def test_generation_is_the_first_render_and_the_editor_is_ready_at_once(
    owner_client: Client, song_id: str
) -> None:
    assert SongRender.objects.filter(song_id=song_id).count() == 1  # the empty log's, made by generation
    editor = owner_client.get(f"/api/songs/{song_id}/editor").json()
    assert editor["render"] == {
        "status": "ready",
        "job_id": None,
        "error": "",
        "loudness_lufs": pytest.approx(-14.0, abs=0.5),
        "true_peak_dbtp": editor["render"]["true_peak_dbtp"],
    }
    assert editor["job"] is None  # nothing to render: no job was queued by reading it
    song = owner_client.get(f"/api/songs/{song_id}").json()
    # The player plays the very stems the editor plays.
    assert [t["stem_url"] for t in song["tracks"]] == [t["stem_url"] for t in editor["tracks"]]
    assert all(t["stem_url"] for t in song["tracks"])


def test_downloads_library_title_and_share_follow_the_head_and_undo_gives_the_same_bytes(
    owner_client: Client, song_id: str
) -> None:
    song = owner_client.get(f"/api/songs/{song_id}").json()
    first_mp3 = _bytes(owner_client.get(song["downloads"]["mp3"]))
    first_wav = _bytes(owner_client.get(song["downloads"]["wav"]))
    first_seconds = decode_bytes(first_wav, ".wav").shape[1] / 44100
    assert song["title"] == "Happy Pop in C major"
    assert _key_of(first_wav) == ("C", "major")
    cover_before = _library_entry(owner_client, song_id)["cover_url"]

    _edit(owner_client, song_id, {"type": "set_tempo", "tempo": 96})
    _edit(owner_client, song_id, {"type": "transpose", "semitones": 5})
    _edit(owner_client, song_id, {"type": "loop_section", "start_bar": 0, "end_bar": 2, "times": 1})
    chain = {"effects": [{"type": "reverb", "room_size": 0.7, "wet_level": 0.3}]}
    _edit(owner_client, song_id, {"type": "track_effects", "track": "t3", "chain": chain})

    song = owner_client.get(f"/api/songs/{song_id}").json()
    assert (song["tempo"], song["key"], song["mode"], song["bars"]) == (96.0, "F", "major", 6)
    assert song["title"] == "Happy Pop in F major"  # an auto title follows the key
    wav = owner_client.get(song["downloads"]["wav"])
    assert "happy-pop-in-f-major-96bpm-f-major-16bit.wav" in wav["Content-Disposition"]
    edited = decode_bytes(_bytes(wav), ".wav")
    # 6 bars at 96 BPM = 15 s of music (4 bars at 120 BPM were 8 s), the same release tail after both.
    assert edited.shape[1] / 44100 == pytest.approx(first_seconds + 7.0, abs=0.3)
    assert song["duration_seconds"] == pytest.approx(edited.shape[1] / 44100, abs=0.01)
    assert estimate_key(np.mean(edited, axis=0))[:2] == ("F", "major")
    midi = _bytes(owner_client.get(song["downloads"]["midi"]))
    assert midi.startswith(b"MThd")

    entry = _library_entry(owner_client, song_id)
    assert {k: entry[k] for k in ("title", "tempo", "key", "bars")} == {
        "title": "Happy Pop in F major",
        "tempo": 96.0,
        "key": "F",
        "bars": 6,
    }
    assert entry["cover_url"] != cover_before
    share = owner_client.post(f"/api/songs/{song_id}/shares", {}, content_type="application/json").json()
    assert wait_for_job(owner_client, share["job"]["id"])["status"] == "succeeded"
    page = Client().get(f"/s/{share['share']['token']}").content.decode()
    assert "Happy Pop in F major" in page and "D major" not in page and "C major" not in page

    for _ in range(4):
        assert owner_client.post(f"/api/songs/{song_id}/undo").status_code == 200
    song = owner_client.get(f"/api/songs/{song_id}").json()
    assert (song["title"], song["tempo"], song["key"]) == ("Happy Pop in C major", 120.0, "C")
    assert _bytes(owner_client.get(song["downloads"]["mp3"])) == first_mp3
    assert _bytes(owner_client.get(song["downloads"]["wav"])) == first_wav


def test_a_title_the_user_gave_never_changes(owner_client: Client, song_id: str) -> None:
    renamed = owner_client.patch(
        f"/api/songs/{song_id}", {"title": "Sunday"}, content_type="application/json"
    )
    assert renamed.status_code == 200
    _edit(owner_client, song_id, {"type": "transpose", "semitones": 2})
    song = owner_client.get(f"/api/songs/{song_id}").json()
    assert (song["title"], song["key"]) == ("Sunday", "D")


def test_downloads_wait_for_the_heads_render_and_reading_the_editor_queues_a_missing_one(
    owner_client: Client, song_id: str
) -> None:
    _edit(owner_client, song_id, {"type": "set_tempo", "tempo": 90})
    SongRender.objects.filter(song_id=song_id).order_by("-created_at").first().delete()  # as if not yet made

    song = owner_client.get(f"/api/songs/{song_id}").json()
    assert song["downloads"]["wav"] is None and song["downloads"]["mp3"] is None
    assert song["downloads"]["midi"] is not None  # the notes need no render
    response = owner_client.get(f"/api/songs/{song_id}/download?format=wav")
    assert response.status_code == 409 and "still being rendered" in response.json()["message"]

    editor = owner_client.get(f"/api/songs/{song_id}/editor").json()
    assert editor["job"] is not None  # reading the editor queued the missing render
    # A worker may finish it before the state is read: then the head reads as ready, never as rendering
    # without the job that renders it.
    if editor["render"]["status"] == "rendering":
        assert editor["render"]["job_id"] == editor["job"]["id"]
    else:
        assert editor["render"]["status"] == "ready", editor["render"]
    assert wait_for_job(owner_client, editor["job"]["id"])["status"] == "succeeded"
    assert owner_client.get(f"/api/songs/{song_id}/editor").json()["render"]["status"] == "ready"
    assert owner_client.get(f"/api/songs/{song_id}/download?format=wav").status_code == 200
