"""Storage an upload costs: a long low-rate recording must not balloon on disk (`pytest -s` prints it)."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from conftest import SHORT_SPEC
from uploads.models import Upload

SECONDS, RATE = 870, 8000


@pytest.mark.django_db
def test_a_long_8khz_mono_upload_costs_at_most_three_times_its_pcm(
    owner_client: Client, settings: Any, tmp_path: Path
) -> None:
    original = tmp_path / "field-recording.wav"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", f"anoisesrc=d={SECONDS}:r={RATE}:a=0.1:seed=3",
         "-af", "volume=0.5", "-ac", "1", "-c:a", "pcm_s16le", str(original)],
        check=True, timeout=60,
    )  # fmt: skip
    data = original.read_bytes()
    started = time.monotonic()
    answer = owner_client.post(
        "/api/uploads/", {"file": SimpleUploadedFile(original.name, data, content_type="audio/wav")}
    )
    seconds = time.monotonic() - started
    assert answer.status_code == 201, answer.content

    upload = Upload.objects.get()
    media = Path(settings.MEDIA_ROOT)
    pcm = SECONDS * RATE * 1 * 2  # the decoded original: 16-bit mono at its own rate
    working = (media / upload.working).stat().st_size
    stored = sum(path.stat().st_size for path in media.rglob("*") if path.is_file())
    print(
        f"\n{SECONDS} s of 8 kHz mono ({len(data) / 1e6:.1f} MB) uploaded in {seconds:.1f} s: working copy "
        f"{working / 1e6:.1f} MB = {working / pcm:.2f}x its PCM; everything stored {stored / 1e6:.1f} MB "
        f"= {stored / pcm:.2f}x"
    )
    assert working <= 3 * pcm
    assert answer.json()["duration_seconds"] == pytest.approx(SECONDS, abs=0.1)


@pytest.mark.django_db
def test_reading_without_a_cookie_stores_no_session(settings: Any) -> None:
    from django.contrib.sessions.models import Session

    paths = ["/api/options", "/api/songs/", "/api/uploads/", "/api/auth/account", "/", "/library"]
    answers = [Client().get(path).status_code for path in paths for _ in range(5)]
    rows = Session.objects.count()
    print(f"\n{len(answers)} cookieless GETs ({sorted(set(answers))}): {rows} session rows")
    assert max(answers) < 500
    assert rows == 0
    visitor = Client()
    assert visitor.post("/api/songs/", SHORT_SPEC, content_type="application/json").status_code == 202
    assert Session.objects.count() == 1  # making something is what gives a visitor a session
