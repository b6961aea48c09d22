"""Uploads through HTTP: every supported format is accepted and kept byte for byte; a hostile corpus, built
here, is refused with a 4xx and a human message, leaving no row, no file and no trace of other files."""

from __future__ import annotations

import io
import logging
import struct
import subprocess
import wave
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from scipy.io import wavfile

from conftest import ffprobe_bytes
from engine.audio_io.ingest import read_working_copy
from uploads.models import Upload
from uploads.services import (
    UPLOAD_CHANNELS,
    UPLOAD_CORRUPT,
    UPLOAD_EMPTY,
    UPLOAD_INCOMPLETE,
    UPLOAD_MISSING,
    UPLOAD_SAMPLE_RATE,
    UPLOAD_SILENT,
    UPLOAD_TOO_LARGE,
    UPLOAD_TOO_LONG,
    UPLOAD_UNSUPPORTED,
)

pytestmark = pytest.mark.django_db

SR = 44100
# What an "other user's file" on the server holds: it must never come back in any form.
SECRET_MARKER = b"OTHER-USERS-PRIVATE-AUDIO-3c9e51"


def ffmpeg_audio(tmp: Path, name: str, *args: str, source: str = "sine=f=440:d=3") -> bytes:
    """An audio file made by ffmpeg from a lavfi source, as bytes."""
    out = tmp / name
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", source, *args, str(out)], check=True, timeout=60
    )
    return out.read_bytes()


def post_file(client: Client, data: bytes, name: str) -> Any:
    return client.post("/api/uploads/", {"file": SimpleUploadedFile(name, data)})


def stored_files(settings: Any) -> list[Path]:
    return [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


def scratch_left(settings: Any) -> list[Path]:
    folder = Path(settings.VAR_DIR) / "tmp"
    return list(folder.iterdir()) if folder.exists() else []


def small_wav() -> bytes:
    t = np.arange(SR) / SR
    tone = (0.3 * np.sin(2 * np.pi * 330 * t)).astype(np.float32)
    buffer = io.BytesIO()
    wavfile.write(buffer, SR, np.stack([tone, tone], axis=1))
    return buffer.getvalue()


# --- the hostile corpus ----------------------------------------------------------------------------


def _secret_file(tmp: Path) -> Path:
    """A local WAV that stands for another user's recording, with a marker in its bytes."""
    path = tmp / "secret.wav"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SR)
        out.writeframes(SECRET_MARKER * 2000)
    return path


def empty(tmp: Path) -> tuple[str, bytes]:
    return "empty.wav", b""


def random_bytes(tmp: Path) -> tuple[str, bytes]:
    return "noise.wav", np.random.default_rng(7).bytes(64_000)


def text_named_mp3(tmp: Path) -> tuple[str, bytes]:
    return "song.mp3", b"This is a shopping list, not a song.\nmilk\neggs\n" * 50


def truncated_mp3(tmp: Path) -> tuple[str, bytes]:
    whole = ffmpeg_audio(tmp, "whole.mp3", "-ac", "2", "-b:a", "128k", source="sine=f=440:d=8")
    return "cut.mp3", whole[: len(whole) * 4 // 10]


def wav_claiming_hours(tmp: Path) -> tuple[str, bytes]:
    frames = struct.pack("<hh", 1000, 1000) * SR  # one second of audio...
    claimed = SR * 4 * 3600 * 3  # ...under a header that says three hours
    header = b"RIFF" + struct.pack("<I", 36 + claimed) + b"WAVE"
    header += b"fmt " + struct.pack("<IHHIIHH", 16, 1, 2, SR, SR * 4, 4, 16)
    header += b"data" + struct.pack("<I", claimed)
    return "long.wav", header + frames


def hls_playlist(tmp: Path) -> tuple[str, bytes]:
    secret = _secret_file(tmp)
    playlist = (
        "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:10\n#EXT-X-MEDIA-SEQUENCE:0\n"
        f"#EXTINF:10.0,\nfile://{secret}\n#EXTINF:10.0,\n{secret}\n#EXT-X-ENDLIST\n"
    )
    return "track.mp3", playlist.encode()


def concat_playlist(tmp: Path) -> tuple[str, bytes]:
    secret = _secret_file(tmp)
    return "take.wav", f"ffconcat version 1.0\nfile '{secret}'\nfile 'file:{secret}'\n".encode()


def polyglot_png_audio(tmp: Path) -> tuple[str, bytes]:
    image = tmp / "cover.png"
    subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            "color=c=red:s=16x16",
            "-frames:v",
            "1",
            str(image),
        ],
        check=True,
        timeout=60,
    )
    return "cover.mp3", image.read_bytes() + ffmpeg_audio(tmp, "tail.mp3", "-ac", "2")


def huge_sample_rate(tmp: Path) -> tuple[str, bytes]:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(2_000_000)
        out.writeframes(struct.pack("<h", 3000) * 200_000)
    return "fast.wav", buffer.getvalue()


def eight_channels(tmp: Path) -> tuple[str, bytes]:
    return "surround.wav", ffmpeg_audio(tmp, "eight.wav", "-ac", "8", source="sine=f=440:d=2")


def silence(tmp: Path) -> tuple[str, bytes]:
    return "quiet.flac", ffmpeg_audio(tmp, "quiet.flac", source="anullsrc=r=44100:cl=stereo:d=3")


HOSTILE: list[tuple[Callable[[Path], tuple[str, bytes]], int, str]] = [
    (empty, 400, UPLOAD_EMPTY),
    (random_bytes, 415, UPLOAD_UNSUPPORTED),
    (text_named_mp3, 415, UPLOAD_UNSUPPORTED),
    (truncated_mp3, 400, UPLOAD_INCOMPLETE),
    (wav_claiming_hours, 400, UPLOAD_INCOMPLETE),
    (hls_playlist, 415, UPLOAD_UNSUPPORTED),
    (concat_playlist, 415, UPLOAD_UNSUPPORTED),
    (polyglot_png_audio, 415, UPLOAD_UNSUPPORTED),
    (huge_sample_rate, 400, UPLOAD_SAMPLE_RATE),
    (eight_channels, 400, UPLOAD_CHANNELS),
    (silence, 400, UPLOAD_SILENT),
]


@pytest.mark.parametrize(("build", "status", "message"), HOSTILE, ids=[h[0].__name__ for h in HOSTILE])
def test_hostile_files_are_refused_cleanly(
    owner_client: Client,
    settings: Any,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
    build: Callable[[Path], tuple[str, bytes]],
    status: int,
    message: str,
) -> None:
    caplog.set_level(logging.DEBUG)
    name, data = build(tmp_path)

    response = post_file(owner_client, data, name)

    assert response.status_code == status, response.content
    body = response.json()
    assert body["message"] == message
    assert body["extra"]["fields"]["file"] == [message]
    assert Upload.objects.count() == 0
    assert stored_files(settings) == [], "a refused upload leaves no file behind"
    assert scratch_left(settings) == [], "nor any scratch folder"
    out, err = capfd.readouterr()
    for text in (response.content, caplog.text.encode(), out.encode(), err.encode()):
        assert SECRET_MARKER not in text
    # The server answers normally afterwards, and still takes a good file.
    assert owner_client.get("/api/uploads/").json() == []
    assert post_file(owner_client, small_wav(), "fine.wav").status_code == 201


def test_an_upload_over_the_size_limit_is_refused_before_it_is_decoded(
    owner_client: Client, settings: Any
) -> None:
    settings.UPLOAD_MAX_BYTES = 100_000
    data = small_wav() + small_wav()[44:]  # a valid WAV header followed by ~350 KB
    assert len(data) > settings.UPLOAD_MAX_BYTES

    response = post_file(owner_client, data, "big.wav")

    assert response.status_code == 413
    assert response.json()["message"] == UPLOAD_TOO_LARGE.format(limit="0.1 MB")
    assert Upload.objects.count() == 0 and stored_files(settings) == [] and scratch_left(settings) == []


def test_a_recording_longer_than_the_limit_is_refused_by_its_decoded_length(
    owner_client: Client, settings: Any, tmp_path: Path
) -> None:
    settings.UPLOAD_MAX_SECONDS = 5
    data = ffmpeg_audio(tmp_path, "seven.flac", "-ac", "2", source="sine=f=440:d=7")

    response = post_file(owner_client, data, "seven.flac")

    assert response.status_code == 400
    assert response.json()["message"] == UPLOAD_TOO_LONG.format(limit="5 seconds")
    assert Upload.objects.count() == 0 and stored_files(settings) == []


def test_a_request_without_a_file_says_so(owner_client: Client) -> None:
    response = owner_client.post("/api/uploads/", {})
    assert response.status_code == 400
    assert response.json()["message"] == UPLOAD_MISSING


def test_a_corrupt_body_behind_a_valid_signature_is_refused(owner_client: Client, settings: Any) -> None:
    data = b"fLaC" + np.random.default_rng(3).bytes(20_000)
    response = post_file(owner_client, data, "broken.flac")
    assert response.status_code == 400
    assert response.json()["message"] == UPLOAD_CORRUPT
    assert Upload.objects.count() == 0 and stored_files(settings) == []


# --- accepted files ---------------------------------------------------------------------------------

FORMATS = [
    ("tone.wav", ["-ac", "2"], "WAV", "pcm_s16le"),
    ("tone.mp3", ["-ac", "2", "-b:a", "192k"], "MP3", "mp3"),
    ("tone.flac", ["-ac", "2"], "FLAC", "flac"),
    ("tone.ogg", ["-ac", "2", "-c:a", "libvorbis"], "Ogg", "vorbis"),
    ("tone.opus", ["-ac", "2", "-c:a", "libopus"], "Ogg", "opus"),
    ("tone.m4a", ["-ac", "2", "-c:a", "aac"], "M4A", "aac"),
    ("tone.aiff", ["-ac", "1"], "AIFF", "pcm_s16be"),
    ("tone.webm", ["-ac", "1", "-c:a", "libopus"], "WebM", "opus"),
]


@pytest.mark.parametrize(("name", "args", "fmt", "codec"), FORMATS, ids=[f[0] for f in FORMATS])
def test_every_supported_format_is_accepted_analysed_and_kept_byte_for_byte(
    owner_client: Client, settings: Any, tmp_path: Path, name: str, args: list[str], fmt: str, codec: str
) -> None:
    data = ffmpeg_audio(tmp_path, name, *args)

    response = post_file(owner_client, data, name)

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["format"], body["codec"], body["filename"]) == (fmt, codec, name)
    assert body["duration_seconds"] == pytest.approx(3.0, abs=0.08)
    assert body["size_bytes"] == len(data)
    assert -30 < body["loudness_lufs"] < -10  # ffmpeg's sine is at 1/8 of full scale: about -21 LUFS
    assert 60 <= body["tempo"] <= 200 and body["key"] and body["mode"] in ("major", "minor")
    assert len(body["peaks"]) == 800
    original = owner_client.get(body["original_url"])
    assert original.status_code == 200
    assert original["Content-Disposition"].startswith("attachment")
    assert original["X-Content-Type-Options"] == "nosniff"
    assert b"".join(original.streaming_content) == data, "the original is kept byte for byte"

    upload = Upload.objects.get()
    # The working copy keeps the original's rate and channels (as float32); the engine reads it at 44.1 kHz.
    rate, working = wavfile.read(Path(settings.MEDIA_ROOT) / upload.working)
    probed = ffprobe_bytes(data, Path(name).suffix)["streams"][0]
    assert rate == int(probed["sample_rate"]) and working.dtype == np.float32
    assert (working.shape[1] if working.ndim == 2 else 1) == probed["channels"]
    assert read_working_copy(Path(settings.MEDIA_ROOT) / upload.working).shape == (2, upload.samples)
    # The same bytes again give the same upload; nothing new is stored.
    files = stored_files(settings)
    again = post_file(owner_client, data, "again-" + name)
    assert again.status_code == 200 and again.json()["id"] == body["id"]
    assert Upload.objects.count() == 1 and stored_files(settings) == files


def test_detected_tempo_and_key_prefill_a_song(owner_client: Client) -> None:
    # Clicks at 100 BPM under a D major melody, 0.3 s per note.
    seconds, bpm = 19.2, 100.0
    n = int(seconds * SR)
    audio = np.zeros(n)
    burst = np.sin(2 * np.pi * 1500 * np.arange(441) / SR) * np.hanning(441)
    for beat in np.arange(0, seconds - 0.02, 60.0 / bpm):
        at = int(beat * SR)
        audio[at : at + 441] += burst
    notes = [62, 66, 69, 74, 62, 64, 66, 67, 69, 71, 73, 74, 69, 66, 62, 62]
    t = np.arange(int(0.3 * SR)) / SR
    melody = np.concatenate(
        [np.sin(2 * np.pi * 440 * 2 ** ((p - 69) / 12) * t) * np.hanning(t.size) for p in notes * 4]
    )
    audio[: melody.size] += 0.5 * melody
    buffer = io.BytesIO()
    wavfile.write(buffer, SR, (0.4 * audio).astype(np.float32))

    body = post_file(owner_client, buffer.getvalue(), "idea.wav").json()

    assert body["tempo"] == pytest.approx(100.0, abs=1.5)
    assert (body["key"], body["mode"]) == ("D", "major")


def test_uploads_are_private_to_their_owner(owner_client: Client, other_client: Client) -> None:
    body = post_file(owner_client, small_wav(), "mine.wav").json()

    assert other_client.get(f"/api/uploads/{body['id']}").status_code == 404
    assert other_client.get(f"/api/uploads/{body['id']}/original").status_code == 404
    assert other_client.get("/api/uploads/").json() == []
    assert [u["id"] for u in owner_client.get("/api/uploads/").json()] == [body["id"]]
    # The other visitor uploading the same bytes gets an upload of their own (sharing the stored file).
    theirs = post_file(other_client, small_wav(), "theirs.wav")
    assert theirs.status_code == 201 and theirs.json()["id"] != body["id"]
    assert Upload.objects.count() == 2
