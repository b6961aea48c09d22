"""Hum-to-song through HTTP: a hummed melody (synthesised here from known notes) becomes a song whose lead
plays those notes, on the grid, in the melody's key; bad requests change nothing."""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from scipy.io import wavfile

from conftest import wait_for_job
from core.exceptions import FIELDS_INVALID
from engine.compose.from_melody import NEEDS_LEAD
from engine.transcribe import NO_MELODY
from songs.melody.apis import MELODY_SOURCE_MISSING, MELODY_SOURCE_TWICE
from songs.melody.services import MELODY_TOO_LONG
from songs.models import Song
from tests.engine.hummed_melody import A_MINOR_TUNE, SAMPLE_RATE, hum
from uploads.models import Upload
from uploads.services import UPLOAD_UNSUPPORTED

pytestmark = pytest.mark.django_db(transaction=True)

BAND = [
    {"instrument": "clarinet", "role": "lead"},  # reaches the hummed A3 (57)
    {"instrument": "acoustic_grand_piano", "role": "chords"},
    {"instrument": "fingered_electric_bass", "role": "bass"},
]
# The first 4 bars of the tune: enough melody for the arrangement, short enough to render quickly.
PHRASE = tuple(note for note in A_MINOR_TUNE if note[0] < 16)


def wav_bytes(audio: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    wavfile.write(buffer, SAMPLE_RATE, (audio.T * 32767).astype(np.int16))
    return buffer.getvalue()


def browser_recording(audio: np.ndarray, tmp_path: Path) -> bytes:
    """The melody as Chrome's MediaRecorder sends it: Opus in WebM."""
    (tmp_path / "in.wav").write_bytes(wav_bytes(audio))
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-i", str(tmp_path / "in.wav"), "-c:a", "libopus", "-b:a", "64k",
         str(tmp_path / "take.webm")],
        check=True,
        timeout=60,
    )  # fmt: skip
    return (tmp_path / "take.webm").read_bytes()


def post_melody(client: Client, **fields: Any) -> Any:
    body = {"genre": "pop", "mood": "happy", "instruments": BAND, **fields}
    if "file" in body:
        body["instruments"] = json.dumps(body["instruments"])
        return client.post("/api/songs/from-melody", body)
    return client.post("/api/songs/from-melody", body, content_type="application/json")


def lead_of(client: Client, song_id: str) -> dict[str, Any]:
    state = client.get(f"/api/songs/{song_id}/editor").json()
    lead: dict[str, Any] = next(t for t in state["tracks"] if t["role"] == "lead")
    return lead


def test_a_recorded_melody_becomes_the_lead_of_a_new_song(owner_client: Client, tmp_path: Path) -> None:
    sung = hum(PHRASE, tempo=100, lead_in=0.0, seed=4)
    take = browser_recording(sung.audio, tmp_path)

    created = post_melody(
        owner_client,
        file=SimpleUploadedFile("take.webm", take),
        tempo=100,
        starts_on_downbeat="true",
        seed=3,
    )

    assert created.status_code == 202, created.content
    body = created.json()
    job = wait_for_job(owner_client, body["job"]["id"], timeout=180)
    assert job["status"] == "succeeded", job
    song = owner_client.get(f"/api/songs/{body['song']['id']}").json()
    assert song["status"] == "ready"
    assert (song["key"], song["mode"], song["tempo"]) == ("A", "minor", 100)
    # The 4-bar tune is played twice: the song is at least 8 bars long.
    assert song["bars"] == 8 and len(song["tracks"]) == 3
    assert Upload.objects.get(pk=body["upload"]).format == "WebM"

    lead = lead_of(owner_client, body["song"]["id"])
    written = [(round(beat * 4) + 64 * time, pitch) for time in (0, 1) for beat, _, pitch in PHRASE]
    played = [(round(start * 4), pitch) for start, _, pitch, _ in lead["notes"]]
    assert len(set(written) & set(played)) / len(written) >= 0.85, (written, played)
    assert [p for _, p in played] == [p for _, p in written]
    assert lead["instrument"] == "clarinet"

    # The lead is a track like any other: the editor can give it to another instrument.
    edit = owner_client.post(
        f"/api/songs/{body['song']['id']}/edits",
        {"type": "change_instrument", "track": lead["id"], "instrument": "violin"},
        content_type="application/json",
    )
    assert edit.status_code == 201, edit.content
    assert wait_for_job(owner_client, edit.json()["job"]["id"], timeout=180)["status"] == "succeeded"
    changed = lead_of(owner_client, body["song"]["id"])
    assert changed["instrument"] == "violin" and changed["notes"] == lead["notes"]


def test_an_earlier_upload_without_a_tempo_gets_the_melody_s_tempo_and_key(
    owner_client: Client, other_client: Client
) -> None:
    sung = hum(PHRASE, tempo=112, seed=8)
    upload = owner_client.post(
        "/api/uploads/", {"file": SimpleUploadedFile("hum.wav", wav_bytes(sung.audio))}
    )
    assert upload.status_code == 201, upload.content
    upload_id = upload.json()["id"]

    # Another visitor cannot use it.
    stolen = post_melody(other_client, upload=upload_id)
    assert stolen.status_code == 404, stolen.content
    assert Song.objects.count() == 0

    flute_band = [{"instrument": "flute", "role": "lead"}, *BAND[1:]]
    created = post_melody(
        owner_client, upload=upload_id, genre="folk", instruments=flute_band, length_bars=10
    )
    assert created.status_code == 202, created.content
    job = wait_for_job(owner_client, created.json()["job"]["id"], timeout=180)
    assert job["status"] == "succeeded", job
    song = Song.objects.get(pk=created.json()["song"]["id"])
    assert song.tempo == pytest.approx(112, abs=2)
    assert (song.key, song.mode) == ("A", "minor")
    # At least the 10 bars asked for, in whole repeats of the 4-bar tune: 12 bars, the tune three times.
    assert song.spec["tempo"] == song.tempo and song.spec["length_bars"] == 12 and song.bars == 12
    lead = next(t for t in song.score["tracks"] if t["role"] == "lead")
    # The flute cannot play the hummed A3: the whole line moves up an octave, its contour kept.
    assert [n["pitch"] for n in lead["notes"]] == [p + 12 for _, _, p in PHRASE] * 3
    assert other_client.get(f"/api/songs/{song.pk}").status_code == 404


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({}, "file", MELODY_SOURCE_MISSING),
        (
            {"instruments": [{"instrument": "acoustic_grand_piano", "role": "chords"}]},
            "instruments",
            NEEDS_LEAD,
        ),
        ({"genre": "polka"}, "genre", "Unknown genre 'polka'"),
    ],
)
def test_bad_requests_are_refused_and_store_nothing(
    owner_client: Client, fields: dict[str, Any], field: str, message: str, settings: Any
) -> None:
    if field != "file":
        fields["file"] = SimpleUploadedFile("hum.wav", wav_bytes(hum(PHRASE, seed=1).audio))
    response = post_melody(owner_client, **fields)

    assert response.status_code == 400, response.content
    assert response.json()["message"] == FIELDS_INVALID
    assert any(message in text for text in response.json()["extra"]["fields"][field])
    assert Song.objects.count() == 0 and Upload.objects.count() == 0
    assert not [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


def test_a_file_and_an_upload_id_together_or_a_file_that_is_not_audio_are_refused(
    owner_client: Client,
) -> None:
    both = post_melody(
        owner_client, file=SimpleUploadedFile("a.wav", b"x"), upload="00000000-0000-0000-0000-000000000000"
    )
    assert both.status_code == 400 and MELODY_SOURCE_TWICE in both.json()["extra"]["fields"]["upload"]
    text = post_melody(owner_client, file=SimpleUploadedFile("hum.mp3", b"just some words, not audio\n" * 50))
    assert text.status_code == 415 and text.json()["message"] == UPLOAD_UNSUPPORTED
    assert Song.objects.count() == 0 and Upload.objects.count() == 0


def test_a_recording_too_long_for_a_song_is_refused_and_not_kept(
    owner_client: Client, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("songs.melody.services.MELODY_MAX_SECONDS", 2.0)
    sung = hum(PHRASE, tempo=120, seed=6)  # about 9 s
    response = post_melody(owner_client, file=SimpleUploadedFile("long.wav", wav_bytes(sung.audio)))

    assert response.status_code == 400
    assert response.json()["message"] == MELODY_TOO_LONG.format(seconds=2.0)
    assert Song.objects.count() == 0 and Upload.objects.count() == 0
    assert not [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


def test_a_recording_without_a_melody_fails_its_job_with_a_human_message(owner_client: Client) -> None:
    rng = np.random.default_rng(2)
    breath = (0.05 * rng.standard_normal((2, SAMPLE_RATE * 3))).astype(np.float32)
    created = post_melody(owner_client, file=SimpleUploadedFile("breath.wav", wav_bytes(breath)), tempo=90)

    assert created.status_code == 202, created.content
    job = wait_for_job(owner_client, created.json()["job"]["id"])
    assert job["status"] == "failed" and job["error"] == NO_MELODY
    assert Song.objects.get(pk=created.json()["song"]["id"]).status == Song.Status.FAILED
