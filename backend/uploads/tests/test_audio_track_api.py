"""An upload as a track of a song, through HTTP: it plays in time, follows a tempo change (length scales,
pitch stays) and a transpose (pitch moves), measured on the stems the editor plays."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from scipy.io import wavfile

from conftest import SHORT_SPEC, decode_bytes, wait_for_job
from core.visibility import Requester
from songs.library.services import song_duplicate
from songs.models import Song

SR = 44100


def _sine_wav(hz: float, seconds: float) -> bytes:
    t = np.arange(int(seconds * SR)) / SR
    tone = (0.3 * np.sin(2 * np.pi * hz * t)).astype(np.float32)
    buffer = io.BytesIO()
    wavfile.write(buffer, SR, np.stack([tone, tone], axis=1))
    return buffer.getvalue()


def _upload(client: Client, data: bytes, name: str) -> dict[str, Any]:
    response = client.post("/api/uploads/", {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 201, response.content
    body: dict[str, Any] = response.json()
    return body


def _edit(client: Client, song_id: str, op: dict[str, Any]) -> dict[str, Any]:
    response = client.post(f"/api/songs/{song_id}/edits", op, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    if body.get("job"):
        assert wait_for_job(client, body["job"]["id"])["status"] == "succeeded"
    state: dict[str, Any] = client.get(f"/api/songs/{song_id}/editor").json()
    return state


def _stem(client: Client, track: dict[str, Any]) -> Any:
    response = client.get(track["stem_url"])
    assert response.status_code == 200
    return decode_bytes(b"".join(response.streaming_content), ".flac")


def _sounding_seconds(audio: Any) -> tuple[float, float]:
    envelope = np.abs(audio).max(axis=0)
    loud = np.flatnonzero(envelope >= 0.1 * envelope.max())
    return loud[0] / SR, loud[-1] / SR


def _f0(audio: Any, start_s: float, end_s: float) -> float:
    start, end = int(start_s * SR) + 4410, int(end_s * SR) - 4410
    segment = audio[0, start:end].astype(np.float64) * np.hanning(end - start)
    size = 8 * (end - start)
    spectrum = np.abs(np.fft.rfft(segment, n=size))
    peak = int(np.argmax(spectrum))
    left, centre, right = np.log(spectrum[peak - 1 : peak + 2] + 1e-12)
    return float((peak + 0.5 * (left - right) / (left - 2 * centre + right)) * SR / size)


@pytest.fixture
def song_id(owner_client: Client, transactional_db: None) -> str:
    owner_client.get("/api/options")
    created = owner_client.post("/api/songs/", SHORT_SPEC, content_type="application/json").json()
    assert wait_for_job(owner_client, created["job"]["id"])["status"] == "succeeded"
    return str(created["song"]["id"])


def test_an_upload_becomes_a_track_that_follows_tempo_and_transpose(
    owner_client: Client, song_id: str
) -> None:
    upload = _upload(owner_client, _sine_wav(440.0, 2.0), "sine take.wav")

    state = _edit(
        owner_client, song_id, {"type": "add_audio_track", "upload": upload["id"], "offset_beats": 2}
    )

    track = state["tracks"][-1]
    assert (track["id"], track["name"], track["upload_id"]) == ("a1", "sine take", upload["id"])
    assert track["instrument_name"] == "sine take" and track["notes"] == []
    assert state["edits"][-1]["summary"] == "Added the recording sine take"
    start, end = _sounding_seconds(_stem(owner_client, track))
    assert start == pytest.approx(1.0, abs=0.02)  # 2 beats at 120 BPM
    assert end - start == pytest.approx(2.0, abs=0.03)

    state = _edit(owner_client, song_id, {"type": "set_tempo", "tempo": 150})
    audio = _stem(owner_client, state["tracks"][-1])
    start, end = _sounding_seconds(audio)
    assert start == pytest.approx(0.8, abs=0.02)  # 2 beats at 150 BPM
    assert end - start == pytest.approx(2.0 * 120 / 150, rel=0.02)
    assert _f0(audio, start, end) == pytest.approx(440.0, rel=0.005)

    state = _edit(owner_client, song_id, {"type": "transpose", "semitones": 3})
    audio = _stem(owner_client, state["tracks"][-1])
    start, end = _sounding_seconds(audio)
    assert end - start == pytest.approx(1.6, rel=0.02)
    assert _f0(audio, start, end) == pytest.approx(440.0 * 2 ** (3 / 12), rel=0.005)

    # The mixer works on it like on any track.
    state = _edit(owner_client, song_id, {"type": "track_gain", "track": "a1", "gain_db": -6})
    assert state["tracks"][-1]["gain_db"] == -6
    assert state["render"]["status"] == "ready"


def test_another_visitors_upload_cannot_be_added(
    owner_client: Client, other_client: Client, song_id: str
) -> None:
    theirs = _upload(other_client, _sine_wav(330.0, 1.0), "theirs.wav")

    response = owner_client.post(
        f"/api/songs/{song_id}/edits",
        {"type": "add_audio_track", "upload": theirs["id"]},
        content_type="application/json",
    )

    assert response.status_code == 409  # a valid op that does not fit: no such upload among the owner's
    assert response.json()["extra"]["fields"] == {"upload": ["There is no such upload among yours."]}
    state = owner_client.get(f"/api/songs/{song_id}/editor").json()
    assert state["head"] == 0 and [t["id"] for t in state["tracks"]] == ["t1", "t2", "t3"]


def test_a_copy_of_the_song_for_another_visitor_keeps_its_audio_track(
    owner_client: Client, other_client: Client, song_id: str
) -> None:
    upload = _upload(owner_client, _sine_wav(440.0, 1.0), "hook.wav")
    _edit(owner_client, song_id, {"type": "add_audio_track", "upload": upload["id"]})
    other_client.get("/api/options")
    visitor = Requester(user=None, session_key=str(other_client.session.session_key))

    # As a remix of a shared link does: the other visitor's copy of the song, with its edits.
    copy = song_duplicate(song=Song.objects.get(pk=song_id), requester=visitor)

    state = other_client.get(f"/api/songs/{copy.pk}/editor").json()
    assert [t["id"] for t in state["tracks"]] == ["t1", "t2", "t3", "a1"]
    # The copy plays the visitor's own row for the recording (the same bytes), never the owner's.
    theirs = other_client.get("/api/uploads/").json()
    assert [u["sha256"] for u in theirs] == [upload["sha256"]] and theirs[0]["id"] != upload["id"]
    assert state["tracks"][-1]["upload_id"] == theirs[0]["id"]
    # The copy can be edited further: the mixer works on the copied audio track.
    state = _edit(other_client, str(copy.pk), {"type": "track_gain", "track": "a1", "gain_db": -3})
    assert state["head"] == 2 and state["tracks"][-1]["gain_db"] == -3
    assert state["render"]["status"] == "ready"


class PathlessStorage:
    """The media storage as object storage (S3) shows it: files can be opened, but have no local path."""

    def path(self, name: str) -> str:
        raise NotImplementedError("This backend doesn't support absolute paths.")

    def open(self, name: str, mode: str = "rb") -> Any:
        return default_storage.open(name, mode)


def test_audio_tracks_render_from_object_storage_through_a_local_copy(
    owner_client: Client, song_id: str, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    upload = _upload(owner_client, _sine_wav(440.0, 1.0), "remote.wav")
    monkeypatch.setattr("uploads.selectors.default_storage", PathlessStorage())

    state = _edit(owner_client, song_id, {"type": "add_audio_track", "upload": upload["id"]})

    assert state["render"]["status"] == "ready"
    start, end = _sounding_seconds(_stem(owner_client, state["tracks"][-1]))
    assert end - start == pytest.approx(1.0, abs=0.03)
    cached = Path(settings.VAR_DIR) / "upload-cache" / f"{upload['sha256']}.wav"
    assert cached.is_file()
