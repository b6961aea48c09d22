"""Upgrading a database made by the two-pipeline code: every file a user had is still served byte for byte."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from conftest import SHORT_SPEC, wait_for_job
from engine.audio_io.ffmpeg import encode
from engine.midi.export import score_to_midi
from tests.engine.song_fixtures import band_score

BEFORE = [("songs", "0004_library"), ("sharing", "0002_share_duration")]
pytestmark = pytest.mark.usefixtures("transactional_db")


def _migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _latest() -> list[tuple[str, str]]:
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def _stored(name: str, data: bytes) -> str:
    return default_storage.save(name, ContentFile(data))


def _audio_file(tmp: Path, fmt: str, seconds: float, pitch: float) -> bytes:
    t = np.arange(int(44100 * seconds)) / 44100
    tone = (0.3 * np.sin(2 * np.pi * pitch * t)).astype(np.float32)
    return encode(np.stack([tone, tone]), tmp / f"x-{fmt}-{pitch}.{fmt[:4]}", fmt).read_bytes()  # type: ignore[arg-type]


@pytest.fixture
def old_database(tmp_path: Path, owner_client: Client) -> dict[str, Any]:
    """Two songs as the old code left them: mixes and MIDI on the song, stems on the tracks, one song
    edited with a version, an export and share links."""
    owner_client.get("/api/options")
    session_key = owner_client.session.session_key
    apps = _migrate(BEFORE)
    song_model, track_model = apps.get_model("songs", "Song"), apps.get_model("songs", "Track")
    score = band_score(bars=2, tempo=120)
    files: dict[str, Any] = {}
    songs = {}
    for name, head in (("plain", 0), ("edited", 1)):
        blobs = {
            "mix_mp3": _audio_file(tmp_path, "mp3", 4.0, 440),
            "mix_wav16": _audio_file(tmp_path, "wav16", 4.0, 440),
            "mix_wav24": _audio_file(tmp_path, "wav24", 4.0, 440),
            "midi": score_to_midi(score) + name.encode(),
        }
        stored = {
            field: _stored(f"renders/{name}-{field}.{ext}", data)
            for (field, data), ext in zip(blobs.items(), ("mp3", "wav", "wav", "mid"), strict=True)
        }
        song = song_model.objects.create(
            session_key=session_key,
            title="Happy Pop in C major",
            status="ready",
            spec={**SHORT_SPEC, "length_bars": 2},
            score=score.model_dump(mode="json"),
            genre="pop",
            mood="happy",
            tempo=120.0,
            key="C",
            mode="major",
            seed=7,
            bars=2,
            duration_seconds=4.0,
            loudness_lufs=-14.0,
            true_peak_dbtp=-1.2,
            head=head,
            **stored,
        )
        stems = []
        for index, track in enumerate(score.tracks):
            data = _audio_file(tmp_path, "flac", 4.0, 220 * (index + 1) + len(name))
            stem = _stored(f"renders/{name}-stem-{index}.flac", data)
            stems.append(data)
            track_model.objects.create(
                song=song,
                index=index,
                name=track.name,
                instrument=track.instrument,
                role=track.role.value,
                program=track.program,
                bank=track.bank,
                stem=stem,
                peaks=[0.5] * 10,
            )
        songs[name] = song
        files[name] = {"mixes": blobs, "stems": stems}

    edited = songs["edited"]
    op = {"type": "set_tempo", "tempo": 90.0}
    apps.get_model("songs", "Edit").objects.create(
        song=edited, seq=1, type="set_tempo", params={"tempo": 90.0}
    )
    version = apps.get_model("songs", "Version").objects.create(song=edited, name="Slow", ops=[op])
    export_bytes = _audio_file(tmp_path, "flac", 6.0, 330)
    export = apps.get_model("songs", "SongExport").objects.create(
        song=edited,
        ops=[op],
        format="mp3_192",
        status="ready",
        file=_stored("renders/edited-export.mp3", export_bytes),
        filename="happy-pop-in-c-major-90bpm-c-major.mp3",
    )
    link = apps.get_model("sharing", "ShareLink")
    plain_link = link.objects.create(song=songs["plain"], token="plain-token", ops=[], allow_download=True)
    edited_link = link.objects.create(
        song=edited, version=version, token="edited-token", ops=[op], export=export, allow_download=True
    )
    files["export"] = export_bytes
    _migrate(_latest())
    return {
        "plain": str(songs["plain"].pk),
        "edited": str(edited.pk),
        "export": str(export.pk),
        "links": (plain_link.token, edited_link.token),
        "files": files,
    }


def _bytes(response: Any) -> bytes:
    assert response.status_code == 200, getattr(response, "content", b"")[:300]
    return b"".join(response.streaming_content)


def _downloads(client: Client, song_id: str) -> dict[str, bytes]:
    song = client.get(f"/api/songs/{song_id}").json()
    urls = {"mix_mp3": "mp3", "mix_wav16": "wav", "mix_wav24": "wav24", "midi": "midi"}
    return {field: _bytes(client.get(song["downloads"][key])) for field, key in urls.items()}


def test_an_unedited_song_serves_its_generated_files_byte_for_byte(
    owner_client: Client, old_database: dict[str, Any]
) -> None:
    song_id, files = old_database["plain"], old_database["files"]["plain"]
    assert _downloads(owner_client, song_id) == files["mixes"]
    song = owner_client.get(f"/api/songs/{song_id}").json()
    assert [_bytes(owner_client.get(t["stem_url"])) for t in song["tracks"]] == files["stems"]
    editor = owner_client.get(f"/api/songs/{song_id}/editor").json()
    assert editor["render"]["status"] == "ready" and editor["job"] is None
    assert [t["stem_url"] for t in editor["tracks"]] == [t["stem_url"] for t in song["tracks"]]
    # Its share link plays the generated MP3; the library card keeps its tracks and an auto title.
    assert _bytes(Client().get(f"/s/{old_database['links'][0]}/audio.mp3")) == files["mixes"]["mix_mp3"]
    entry = owner_client.get("/api/songs/").json()["songs"]
    card = next(s for s in entry if s["id"] == song_id)
    assert (
        card["instruments"] == [t["name"] for t in song["tracks"]] and card["title"] == "Happy Pop in C major"
    )


def test_an_edited_song_keeps_its_export_version_and_share_and_undo_finds_the_generated_files(
    owner_client: Client, old_database: dict[str, Any]
) -> None:
    song_id, files = old_database["edited"], old_database["files"]["edited"]
    song = owner_client.get(f"/api/songs/{song_id}").json()
    assert song["tempo"] == 90.0  # the summary is the head's
    export = owner_client.get(f"/api/songs/{song_id}/exports/{old_database['export']}/file")
    assert _bytes(export) == old_database["files"]["export"]
    editor = owner_client.get(f"/api/songs/{song_id}/editor").json()
    assert [v["name"] for v in editor["versions"]] == ["Slow"]
    # Its head (tempo 90) was never rendered: reading the editor queued that render.
    assert editor["render"]["status"] == "rendering"
    assert wait_for_job(owner_client, editor["job"]["id"])["status"] == "succeeded"
    assert _bytes(Client().get(f"/s/{old_database['links'][1]}/audio.mp3")) == old_database["files"]["export"]

    assert owner_client.post(f"/api/songs/{song_id}/undo").status_code == 200
    assert owner_client.get(f"/api/songs/{song_id}").json()["tempo"] == 120.0
    assert _downloads(owner_client, song_id) == files["mixes"]
