"""Attacks on the song budget through HTTP: every way to a song longer than 600 s (or one part denser, or
one edit log longer, than the limits) is refused with a 4xx that says which limit and by how much, before
anything is stored or queued. Run with `pytest -s` to see the figures."""

from __future__ import annotations

import io
import math
import struct
import wave
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from conftest import SHORT_SPEC
from jobs.models import Job
from security.songs import ready_song
from songs.models import Edit, NoteBlob, Song


def _edit(client: Client, song: Song, op: dict[str, Any]) -> Any:
    return client.post(f"/api/songs/{song.pk}/edits", op, content_type="application/json")


def _stored(song: Song) -> tuple[int, int, int, int]:
    """What a refused edit must not change: the log, the head, the queued jobs, the stored notes."""
    head = Song.objects.get(pk=song.pk).head
    return Edit.objects.filter(song=song).count(), head, Job.objects.count(), NoteBlob.objects.count()


def _one_second_wav() -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"".join(struct.pack("<h", int(8000 * math.sin(n / 3))) for n in range(8000)))
    return buffer.getvalue()


@pytest.mark.django_db
def test_a_length_in_bars_past_600_seconds_is_refused(owner_client: Client) -> None:
    songs, jobs = Song.objects.count(), Job.objects.count()
    response = owner_client.post(
        "/api/songs/", {**SHORT_SPEC, "tempo": 40, "length_bars": 256}, content_type="application/json"
    )
    message = response.json()["extra"]["fields"]["length_bars"][0]
    print(f"\nlength bypass (256 bars at 40 BPM): status {response.status_code}, {message!r}")
    assert response.status_code == 400
    assert message == (
        "At 40 BPM, 256 bars make a song 1,536 s long; the limit is 600 s (over by 936 s). "
        "Ask for at most 100 bars at this tempo."
    )
    assert (Song.objects.count(), Job.objects.count()) == (songs, jobs)


@pytest.mark.django_db
def test_slowing_a_600_second_song_to_40_bpm_is_refused_and_nothing_is_stored(owner_client: Client) -> None:
    song = ready_song(owner_client, bars=600, tempo=240)  # 600 s
    before = _stored(song)
    response = _edit(owner_client, song, {"type": "set_tempo", "tempo": 40})
    body = response.json()
    print(f"\nset_tempo 240 -> 40 on a 600 s song: status {response.status_code}, {body['message']!r}")
    assert response.status_code == 409
    assert (
        body["message"] == "This edit would make the song 3,600 s long; the limit is 600 s (over by 3,000 s)."
    )
    assert body["extra"]["fields"] == {"tempo": [body["message"]]}
    assert body["extra"]["limit"] == {"name": "duration", "value": 3600.0, "maximum": 600.0, "over": 3000.0}
    assert _stored(song) == before, "no edit, no head move, no job, no notes"


@pytest.mark.django_db
def test_a_loop_that_makes_the_song_too_long_is_refused(owner_client: Client) -> None:
    song = ready_song(owner_client, bars=100, tempo=60)  # 400 s, 4 s a bar
    before = _stored(song)
    response = _edit(owner_client, song, {"type": "loop_section", "start_bar": 0, "end_bar": 20, "times": 3})
    body = response.json()
    print(f"\nloop 20 bars x3 on a 400 s song: status {response.status_code}, {body['message']!r}")
    assert response.status_code == 409
    assert body["message"] == "This edit would make the song 640 s long; the limit is 600 s (over by 40 s)."
    assert body["extra"]["fields"] == {"times": [body["message"]]}
    assert _stored(song) == before

    fast = ready_song(owner_client, bars=500, tempo=240)
    response = _edit(owner_client, fast, {"type": "loop_section", "start_bar": 0, "end_bar": 20, "times": 8})
    print(f"loop 20 bars x8 on a 500-bar song: status {response.status_code}, {response.json()['message']!r}")
    assert response.status_code == 409
    assert response.json()["message"].endswith("660 bars long; the limit is 600 bars (over by 60 bars).")


@pytest.mark.django_db
def test_an_uploaded_recording_placed_past_600_seconds_is_refused(owner_client: Client) -> None:
    uploaded = owner_client.post("/api/uploads/", {"file": SimpleUploadedFile("vox.wav", _one_second_wav())})
    assert uploaded.status_code == 201, uploaded.content
    song = ready_song(owner_client, bars=8, tempo=40)
    before = _stored(song)
    op = {"type": "add_audio_track", "upload": uploaded.json()["id"], "offset_beats": 400}  # 600 s in
    response = _edit(owner_client, song, op)
    body = response.json()
    print(f"\nrecording placed at 600 s: status {response.status_code}, {body['message']!r}")
    assert response.status_code == 409
    assert body["message"] == (
        "This edit would make the recording 'vox' play until 601 s; the limit is 600 s (over by 1 s)."
    )
    assert body["extra"]["limit"]["name"] == "recording"
    assert _stored(song) == before


@pytest.mark.django_db
def test_the_edit_log_is_capped(owner_client: Client, settings: Any) -> None:
    assert settings.EDIT_LOG_MAX == 500
    song = ready_song(owner_client, bars=4, tempo=120)
    Edit.objects.bulk_create(
        Edit(song=song, seq=seq, type="track_gain", params={"track": f"t{seq % 6 + 1}", "gain_db": -1.0})
        for seq in range(1, 501)
    )
    Song.objects.filter(pk=song.pk).update(head=500)
    before = _stored(song)
    response = _edit(owner_client, song, {"type": "transpose", "semitones": 2})
    body = response.json()
    print(f"\nedit 501 of a full log: status {response.status_code}, {body['message']!r}")
    assert response.status_code == 409
    assert body["message"] == (
        "This edit would give the song 501 edits; the limit is 500 edits (over by 1 edit). "
        "Undo an edit to make room."
    )
    assert _stored(song) == before
