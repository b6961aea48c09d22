"""The editor through HTTP: edit log, undo/redo, versions, renders and exports, with real audio."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.test import Client

from conftest import SHORT_SPEC, decode_bytes, ffprobe_bytes, meter_bytes, wait_for_job
from songs.models import Edit, Song


def _bytes(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def _edit(client: Client, song_id: str, op: dict[str, Any]) -> Any:
    return client.post(f"/api/songs/{song_id}/edits", op, content_type="application/json")


def _settle(client: Client, body: dict[str, Any]) -> dict[str, Any]:
    """Wait for the render an edit started, then return the fresh editor state."""
    if body.get("job"):
        assert wait_for_job(client, body["job"]["id"])["status"] == "succeeded"
    state: dict[str, Any] = client.get(f"/api/songs/{body['song_id']}/editor").json()
    return state


def _export(client: Client, song_id: str, **params: Any) -> tuple[bytes, str]:
    created = client.post(f"/api/songs/{song_id}/exports", params, content_type="application/json")
    assert created.status_code == 202, created.content
    job = wait_for_job(client, created.json()["job"]["id"])
    assert job["status"] == "succeeded", job
    export = client.get(f"/api/songs/{song_id}/exports/{created.json()['export']['id']}").json()
    response = client.get(export["download_url"])
    assert response.status_code == 200
    return _bytes(response), response["Content-Disposition"]


@pytest.fixture
def song_id(owner_client: Client, transactional_db: None) -> str:
    owner_client.get("/api/options")
    created = owner_client.post("/api/songs/", SHORT_SPEC, content_type="application/json").json()
    assert wait_for_job(owner_client, created["job"]["id"])["status"] == "succeeded"
    return str(created["song"]["id"])


def test_a_fresh_song_opens_in_the_editor_with_its_tracks_and_stems(
    owner_client: Client, song_id: str
) -> None:
    state = owner_client.get(f"/api/songs/{song_id}/editor").json()

    assert state["head"] == 0 and not state["can_undo"] and not state["can_redo"]
    assert [t["id"] for t in state["tracks"]] == ["t1", "t2", "t3"]
    assert state["tempo"] == 120 and state["key"] == "C" and state["bars"] == 4
    for track in state["tracks"]:
        assert owner_client.get(track["stem_url"]).status_code == 200
        assert track["notes"], "the piano roll needs the notes"
    assert state["tracks"][0]["is_drums"] is True


def test_gain_edit_renders_a_new_mix_and_coalesces_a_dragged_fader(
    owner_client: Client, song_id: str
) -> None:
    first = _edit(owner_client, song_id, {"type": "track_gain", "track": "t2", "gain_db": -3})
    second = _edit(owner_client, song_id, {"type": "track_gain", "track": "t2", "gain_db": -9.5})
    assert first.status_code == 201 and second.status_code == 201

    state = _settle(owner_client, second.json())

    assert state["head"] == 1, "consecutive moves of one fader are one edit"
    assert [e["summary"] for e in state["edits"]] == ["Set Fingered Electric Bass (bass) volume to −9.5 dB"]
    assert state["tracks"][1]["gain_db"] == -9.5
    assert state["render"]["status"] == "ready"
    assert state["render"]["loudness_lufs"] == pytest.approx(-14.0, abs=1.0)
    stem = owner_client.get(state["tracks"][1]["stem_url"])
    assert stem.status_code == 200 and stem["Content-Type"] == "audio/flac"


@pytest.mark.parametrize(
    ("op", "field", "fragment", "status"),
    [
        ({"type": "explode"}, "type", "Unknown edit type", 400),
        ({"type": "set_tempo", "tempo": 500}, "tempo", "less than or equal to 240", 400),
        # A valid op that does not fit this song is a conflict with its state (409).
        ({"type": "track_gain", "track": "t9", "gain_db": -3}, "track", "no track 't9'", 409),
        (
            {"type": "loop_section", "start_bar": 3, "end_bar": 2, "times": 1},
            "end_bar",
            "greater than start_bar",
            400,
        ),
        (
            {"type": "change_instrument", "track": "t2", "instrument": "kazoo"},
            "instrument",
            "Unknown instrument",
            409,
        ),
    ],
)
def test_invalid_edits_are_rejected_naming_the_field_and_change_nothing(
    owner_client: Client, song_id: str, op: dict[str, Any], field: str, fragment: str, status: int
) -> None:
    response = _edit(owner_client, song_id, op)

    assert response.status_code == status
    messages = response.json()["extra"]["fields"][field]
    assert any(fragment in m for m in messages), messages
    assert Edit.objects.count() == 0
    assert Song.objects.get(pk=song_id).head == 0


def test_undo_redo_and_a_new_edit_after_undo_drops_the_redo_tail(owner_client: Client, song_id: str) -> None:
    _edit(owner_client, song_id, {"type": "set_tempo", "tempo": 100})
    _edit(owner_client, song_id, {"type": "transpose", "semitones": 2})

    undone = owner_client.post(f"/api/songs/{song_id}/undo").json()
    assert (undone["head"], undone["can_redo"], undone["key"]) == (1, True, "C")
    redone = owner_client.post(f"/api/songs/{song_id}/redo").json()
    assert (redone["head"], redone["key"]) == (2, "D")
    owner_client.post(f"/api/songs/{song_id}/undo")
    owner_client.post(f"/api/songs/{song_id}/undo")
    nothing = owner_client.post(f"/api/songs/{song_id}/undo")
    assert nothing.status_code == 409 and nothing.json()["message"] == "There is nothing to undo."

    after = _edit(owner_client, song_id, {"type": "track_mute", "track": "t1", "mute": True}).json()
    assert after["head"] == 1 and not after["can_redo"]
    assert [e["type"] for e in after["edits"]] == ["track_mute"]
    assert owner_client.post(f"/api/songs/{song_id}/redo").status_code == 409


def test_tempo_edit_changes_the_length_and_undo_gives_a_bit_identical_mix(
    owner_client: Client, song_id: str
) -> None:
    base_score = Song.objects.get(pk=song_id).score
    original, _ = _export(owner_client, song_id, format="wav24")

    _settle(owner_client, _edit(owner_client, song_id, {"type": "set_tempo", "tempo": 96}).json())
    slower, name = _export(owner_client, song_id, format="wav24")
    owner_client.post(f"/api/songs/{song_id}/undo")
    undone, _ = _export(owner_client, song_id, format="wav24")

    tail = 2.0  # the rendered release tail after the last bar
    original_s = decode_bytes(original, ".wav").shape[1] / 44100 - tail
    slower_s = decode_bytes(slower, ".wav").shape[1] / 44100 - tail
    assert slower_s / original_s == pytest.approx(120 / 96, rel=0.01)
    assert "96bpm" in name
    assert undone == original, "undoing every edit gives back the original mix, bit for bit"
    assert Song.objects.get(pk=song_id).score == base_score, "the base is never rewritten"


def test_versions_save_restore_and_diff(owner_client: Client, song_id: str) -> None:
    _edit(owner_client, song_id, {"type": "transpose", "semitones": -3})
    saved = owner_client.post(
        f"/api/songs/{song_id}/versions", {"name": "Darker"}, content_type="application/json"
    )
    assert saved.status_code == 201
    duplicate = owner_client.post(
        f"/api/songs/{song_id}/versions", {"name": "Darker"}, content_type="application/json"
    )
    assert duplicate.status_code == 409 and "already have a version" in duplicate.json()["message"]
    version_id = saved.json()["versions"][0]["id"]

    owner_client.post(f"/api/songs/{song_id}/undo")
    _edit(owner_client, song_id, {"type": "set_tempo", "tempo": 140})  # drops the transpose from the log
    diff = owner_client.get(f"/api/songs/{song_id}/versions/{version_id}/diff").json()
    assert diff == {
        "common": 0,
        "only_current": ["Tempo 120 → 140 BPM"],
        "only_version": ["Transposed down 3 semitones"],
    }

    restored = owner_client.post(f"/api/songs/{song_id}/versions/{version_id}/restore").json()
    assert (restored["key"], restored["tempo"]) == ("A", 120)
    names = [v["name"] for v in restored["versions"]]
    assert names == ["Darker", "Before restoring Darker"], "the state left behind is kept"


def test_exports_in_every_format(owner_client: Client, song_id: str) -> None:
    mp3, disposition = _export(owner_client, song_id, format="mp3_320")
    probe = ffprobe_bytes(mp3, ".mp3")
    assert probe["streams"][0]["codec_name"] == "mp3" and int(probe["format"]["bit_rate"]) >= 300_000
    assert disposition.endswith('120bpm-c-major-320kbps.mp3"')
    lossy = {"mp3_320": meter_bytes(mp3, ".mp3")}
    for fmt, codec in (("flac", "flac"), ("ogg", "vorbis"), ("wav16", "pcm_s16le")):
        data, _ = _export(owner_client, song_id, format=fmt)
        assert ffprobe_bytes(data, f".{fmt[:4]}")["streams"][0]["codec_name"] == codec
        if fmt == "ogg":
            lossy[fmt] = meter_bytes(data, ".ogg")
    for fmt, reading in lossy.items():  # the delivery spec, read from the decoded file
        assert reading.true_peak_dbtp <= -1.0 and abs(reading.integrated_lufs - (-14.0)) <= 0.5, fmt

    archive, _ = _export(owner_client, song_id, format="stems")
    with zipfile.ZipFile(io.BytesIO(archive)) as stems:
        names = stems.namelist()
        assert sum(n.endswith(".wav") for n in names) == 3 and "README.txt" in names
        assert "120" in stems.read("README.txt").decode()

    loop, _ = _export(owner_client, song_id, format="wav24", start_bar=1, end_bar=3)
    assert decode_bytes(loop, ".wav").shape[1] == pytest.approx(2 * 2.0 * 44100, abs=2)  # 2 bars of 2 s

    bad = owner_client.post(
        f"/api/songs/{song_id}/exports",
        {"format": "wav24", "start_bar": 2, "end_bar": 9},
        content_type="application/json",
    )
    assert bad.status_code == 409 and "inside the song" in bad.json()["message"]


def test_another_visitor_gets_404_everywhere_in_the_editor(
    other_client: Client, owner_client: Client, song_id: str
) -> None:
    state = _settle(
        owner_client, _edit(owner_client, song_id, {"type": "track_pan", "track": "t3", "pan": 0.5}).json()
    )
    stem_url = state["tracks"][0]["stem_url"]

    gets = [f"/api/songs/{song_id}/editor", stem_url]
    posts = [
        (f"/api/songs/{song_id}/edits", {"type": "transpose", "semitones": 1}),
        (f"/api/songs/{song_id}/undo", {}),
        (f"/api/songs/{song_id}/redo", {}),
        (f"/api/songs/{song_id}/versions", {"name": "mine"}),
        (f"/api/songs/{song_id}/exports", {"format": "mp3_192"}),
    ]
    for url in gets:
        assert other_client.get(url).status_code == 404, url
    for url, body in posts:
        assert other_client.post(url, body, content_type="application/json").status_code == 404, url
    assert Song.objects.get(pk=song_id).head == 1
