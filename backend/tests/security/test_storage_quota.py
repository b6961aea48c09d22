"""Storage quotas: once a requester's storage is full, new work and files are refused with 413 before
anything is written (`pytest -s` prints the figures)."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from conftest import SHORT_SPEC, wait_for_job
from core.ownership import storage_used
from core.visibility import Requester
from jobs.models import Job
from songs.models import Song
from uploads.models import Upload


def _stored(settings: Any) -> set[Path]:
    return {path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()}


def _wav(tmp_path: Path, seconds: int) -> bytes:
    path = tmp_path / "take.wav"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", f"sine=f=220:d={seconds}:r=44100", "-ac", "2",
         "-c:a", "pcm_s16le", str(path)],
        check=True, timeout=60,
    )  # fmt: skip
    return path.read_bytes()


@pytest.mark.django_db(transaction=True)
def test_a_full_library_refuses_new_songs_edits_and_uploads_and_writes_nothing(
    owner_client: Client, settings: Any, tmp_path: Path
) -> None:
    created = owner_client.post(
        "/api/songs/", {**SHORT_SPEC, "length_bars": 16}, content_type="application/json"
    )
    song_id = created.json()["song"]["id"]
    assert wait_for_job(owner_client, created.json()["job"]["id"])["status"] == "succeeded"
    song = Song.objects.get(pk=song_id)
    used = storage_used(requester=Requester(user=None, session_key=song.session_key))
    assert used > 1_000_000, used
    settings.STORAGE_QUOTA_ANONYMOUS_MB = 1
    files, jobs, songs = _stored(settings), Job.objects.count(), Song.objects.count()

    again = owner_client.post("/api/songs/", SHORT_SPEC, content_type="application/json")
    edit = owner_client.post(
        f"/api/songs/{song_id}/edits", {"type": "set_tempo", "tempo": 90}, content_type="application/json"
    )
    upload = owner_client.post(
        "/api/uploads/", {"file": SimpleUploadedFile("take.wav", _wav(tmp_path, 2), content_type="audio/wav")}
    )
    print(
        f"\nstorage used {used / 1e6:.2f} MB of a 1 MB quota: generate {again.status_code}, edit "
        f"{edit.status_code}, upload {upload.status_code}: {again.json()['message']}"
    )
    for answer in (again, edit, upload):
        assert answer.status_code == 413, answer.content
        assert answer.json()["extra"]["used_bytes"] == used
    assert "1 MB" in again.json()["message"]
    assert (_stored(settings), Job.objects.count(), Song.objects.count()) == (files, jobs, songs)
    assert Upload.objects.count() == 0


@pytest.mark.django_db
def test_an_upload_larger_than_the_room_left_is_refused_before_it_is_stored(
    owner_client: Client, settings: Any, tmp_path: Path
) -> None:
    settings.STORAGE_QUOTA_ANONYMOUS_MB = 1
    data = _wav(tmp_path, 8)  # 1.4 MB

    answer = owner_client.post(
        "/api/uploads/", {"file": SimpleUploadedFile("take.wav", data, content_type="audio/wav")}
    )

    assert answer.status_code == 413, answer.content
    assert answer.json()["extra"]["incoming_bytes"] >= len(data)
    assert _stored(settings) == set() and Upload.objects.count() == 0
