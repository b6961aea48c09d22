"""Media on S3-compatible object storage: a song generated into a bucket, served through the permission-
checked views and through short-lived signed URLs. The endpoint is moto's S3 server on loopback: a local
stand-in for an S3-compatible service, not AWS."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import httpx
import numpy as np
import pytest
from django.core.files.storage import default_storage
from django.test import Client

from conftest import SHORT_SPEC, decode_bytes
from engine.spec import SongSpec
from jobs.models import Job
from jobs.runner import job_run
from songs.job_params import SongJobKind
from songs.models import Song, SongExport


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@pytest.fixture
def s3_endpoint(tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    server = subprocess.Popen(
        [shutil.which("moto_server") or "moto_server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=(tmp_path / "moto.log").open("wb"),
        stderr=subprocess.STDOUT,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(endpoint, timeout=1)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "moto's S3 server did not start"
                time.sleep(0.2)
        yield endpoint
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_a_song_generated_into_a_bucket_is_served_by_views_and_short_lived_signed_urls(
    owner_client: Client, transactional_db: None, settings: Any, s3_endpoint: str
) -> None:
    credentials = {"aws_access_key_id": "test", "aws_secret_access_key": "test", "region_name": "us-east-1"}
    s3 = boto3.client("s3", endpoint_url=s3_endpoint, **credentials)
    s3.create_bucket(Bucket="media-test")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "media-test",
                "endpoint_url": s3_endpoint,
                "access_key": "test",
                "secret_key": "test",
                "region_name": "us-east-1",
                "addressing_style": "path",
                "location": "media",
                "querystring_expire": 120,
                "file_overwrite": True,
                "signature_version": "s3v4",
            },
        },
    }
    owner_client.get("/api/options")
    spec = SongSpec.model_validate({**SHORT_SPEC, "seed": 23})
    song = Song.objects.create(
        title="In a bucket",
        spec=spec.model_dump(mode="json"),
        genre=spec.genre,
        mood=spec.mood,
        tempo=spec.tempo,
        key=spec.key,
        mode=spec.mode,
        seed=spec.seed,
        session_key=owner_client.session.session_key,
    )
    job = Job.objects.create(kind=SongJobKind.GENERATE, song=song)

    job_run(job_id=job.id)  # in this process, where the storage setting points at the bucket

    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.error
    keys = {obj["Key"] for obj in s3.list_objects_v2(Bucket="media-test")["Contents"]}
    body = owner_client.get(f"/api/songs/{song.pk}").json()
    assert len(body["tracks"]) == 3
    for track in body["tracks"]:
        response = owner_client.get(track["stem_url"])
        assert response.status_code == 200
        audio = decode_bytes(b"".join(response.streaming_content), ".flac")
        assert float(np.sqrt(np.mean(audio**2))) > 1e-3
    mp3 = SongExport.objects.get(song=song, format="mp3_192").file  # the song's MP3 download
    assert f"media/{mp3}" in keys
    assert not (Path(settings.MEDIA_ROOT) / mp3).exists(), "nothing went to local files"

    signed = default_storage.url(mp3)
    assert "X-Amz-Signature=" in signed and "X-Amz-Expires=120" in signed
    fetched = httpx.get(signed, timeout=30)
    assert fetched.status_code == 200
    assert fetched.content == s3.get_object(Bucket="media-test", Key=f"media/{mp3}")["Body"].read()
    unsigned = signed.split("?")[0]
    assert httpx.get(unsigned, timeout=30).status_code == 403, "no signature, no file"
