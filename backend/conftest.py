"""Shared fixtures: a private media/var folder per test session and the fixed cast of requesters."""

from __future__ import annotations

import json
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from engine.audio_io.ffmpeg import LoudnessReading, decode, measure_loudness


@pytest.fixture(autouse=True)
def _private_media(settings: Any, tmp_path: Path) -> Iterator[None]:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VAR_DIR = tmp_path / "var"
    yield


@pytest.fixture(autouse=True)
def _fresh_rate_counters() -> None:
    """Each test starts with no requests counted by the throttles (the cache holds their counters)."""
    cache.clear()


@pytest.fixture
def owner_client() -> Client:
    """A visitor's browser: songs it makes belong to its session."""
    return Client()


def verified_client(email: str) -> Client:
    """A browser signed in to an account whose e-mail address is verified, as sharing by link needs."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(email.split("@")[0], email, "a long tune 4 you")
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def other_client() -> Client:
    """Another visitor's browser, who must never see the owner's things."""
    return Client()


SHORT_SPEC: dict[str, Any] = {
    "genre": "pop",
    "mood": "happy",
    "tempo": 120,
    "key": "C",
    "mode": "major",
    "instruments": [
        {"instrument": "standard_drum_kit", "role": "drums"},
        {"instrument": "fingered_electric_bass", "role": "bass"},
        {"instrument": "acoustic_grand_piano", "role": "chords"},
    ],
    "length_bars": 4,
    "seed": 7,
}


def wait_for_job(client: Client, job_id: str, timeout: float = 90.0) -> dict[str, Any]:
    """Poll the job endpoint like the browser does, until the job finishes."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body: dict[str, Any] = client.get(f"/api/jobs/{job_id}").json()
        if body["status"] in {"succeeded", "failed"}:
            return body
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} did not finish within {timeout} s")


def ffprobe_bytes(data: bytes, suffix: str) -> dict[str, Any]:
    """ffprobe's streams and format of an encoded file given as bytes."""
    with tempfile.NamedTemporaryFile(suffix=suffix) as handle:
        handle.write(data)
        handle.flush()
        out = subprocess.run(
            ["ffprobe", "-v", "error", "-show_streams", "-show_format", "-of", "json", handle.name],
            check=True,
            capture_output=True,
            timeout=30,
        )
    probed: dict[str, Any] = json.loads(out.stdout)
    return probed


def meter_bytes(data: bytes, suffix: str) -> LoudnessReading:
    """What ffmpeg's EBU R128 meter reads of an encoded file given as bytes."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"audio{suffix}"
        path.write_bytes(data)
        return measure_loudness(path)


def decode_bytes(data: bytes, suffix: str) -> Any:
    """Decoded (2, n) float32 audio of an encoded file given as bytes."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"audio{suffix}"
        path.write_bytes(data)
        return decode(path, max_seconds=120)
