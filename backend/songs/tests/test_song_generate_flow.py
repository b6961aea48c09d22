"""The whole generate flow through HTTP with the real thread executor, FluidSynth and ffmpeg."""

import io
import uuid
from typing import Any

import mido
import numpy as np
import pytest
from django.test import Client

from conftest import SHORT_SPEC, decode_bytes, ffprobe_bytes, meter_bytes, wait_for_job
from engine.mix.loudness import integrated_loudness
from engine.mix.true_peak import true_peak_dbtp


@pytest.fixture
def generated(owner_client: Client, transactional_db: None) -> dict[str, Any]:
    owner_client.get("/api/options")
    created = owner_client.post("/api/songs/", SHORT_SPEC, content_type="application/json")
    assert created.status_code == 202, created.content
    job = wait_for_job(owner_client, created.json()["job"]["id"])
    assert job["status"] == "succeeded", job
    song: dict[str, Any] = owner_client.get(f"/api/songs/{created.json()['song']['id']}").json()
    song["_job_id"] = job["id"]
    return song


def test_generated_song_has_one_non_silent_stem_per_instrument(
    owner_client: Client, generated: dict[str, Any]
) -> None:
    song = generated
    assert song["status"] == "ready"
    assert [t["instrument"] for t in song["tracks"]] == [p["instrument"] for p in SHORT_SPEC["instruments"]]
    assert song["tracks"][0]["is_drums"] is True

    lengths = set()
    for track in song["tracks"]:
        response = owner_client.get(track["stem_url"])
        assert response.status_code == 200
        assert response["Content-Type"] == "audio/flac"
        audio = decode_bytes(b"".join(response.streaming_content), ".flac")
        lengths.add(audio.shape[1])
        rms = float(np.sqrt(np.mean(audio**2)))
        assert rms > 1e-3, f"{track['name']} is silent"
        assert len(track["peaks"]) > 100 and max(track["peaks"]) > 0.01
    assert len(lengths) == 1, "every stem is exactly as long as the song"
    np.testing.assert_allclose(lengths.pop() / 44100, song["duration_seconds"], atol=0.01)
    # 4 bars of 4/4 at 120 BPM = 8 s of music, plus the release tail.
    assert 8.0 <= song["duration_seconds"] <= 11.0


def test_mix_downloads_are_mastered_and_named(owner_client: Client, generated: dict[str, Any]) -> None:
    song = generated

    mp3 = owner_client.get(song["downloads"]["mp3"])
    assert mp3.status_code == 200
    assert "attachment" in mp3["Content-Disposition"]
    assert "-120bpm-c-major-192kbps.mp3" in mp3["Content-Disposition"]
    mp3_bytes = b"".join(mp3.streaming_content)
    probe = ffprobe_bytes(mp3_bytes, ".mp3")
    assert probe["streams"][0]["codec_name"] == "mp3"
    assert int(probe["format"]["bit_rate"]) >= 190_000
    assert abs(float(probe["format"]["duration"]) - song["duration_seconds"]) < 0.1
    delivered = meter_bytes(mp3_bytes, ".mp3")  # the delivery spec, read from the decoded file
    assert delivered.true_peak_dbtp <= -1.0 and abs(delivered.integrated_lufs - (-14.0)) <= 0.5

    for url, bits in ((song["downloads"]["wav"], 16), (song["downloads"]["wav24"], 24)):
        wav = owner_client.get(url)
        data = b"".join(wav.streaming_content)
        stream = ffprobe_bytes(data, ".wav")["streams"][0]
        assert stream["bits_per_sample"] == bits
        assert stream["sample_rate"] == "44100" and stream["channels"] == 2
        if bits == 24:
            audio = decode_bytes(data, ".wav")
            assert abs(integrated_loudness(audio) - (-14.0)) <= 1.0
            assert true_peak_dbtp(audio) <= -1.0 + 0.05
    assert song["loudness_lufs"] == pytest.approx(-14.0, abs=1.0)
    assert song["true_peak_dbtp"] <= -1.0


def test_every_download_of_the_song_has_its_own_file_name(
    owner_client: Client, generated: dict[str, Any]
) -> None:
    names = {
        variant: owner_client.get(url)["Content-Disposition"].split("filename=")[1].strip('"')
        for variant, url in generated["downloads"].items()
    }

    assert names == {
        "mp3": "happy-pop-in-c-major-120bpm-c-major-192kbps.mp3",
        "wav": "happy-pop-in-c-major-120bpm-c-major-16bit.wav",
        "wav24": "happy-pop-in-c-major-120bpm-c-major-24bit.wav",
        "midi": "happy-pop-in-c-major-120bpm-c-major.mid",
    }


def test_midi_download_has_one_named_track_per_instrument(
    owner_client: Client, generated: dict[str, Any]
) -> None:
    response = owner_client.get(generated["downloads"]["midi"])

    assert response.status_code == 200
    midi = mido.MidiFile(file=io.BytesIO(b"".join(response.streaming_content)))
    names = [t.name for t in midi.tracks if any(m.type == "note_on" for m in t)]
    assert names == [t["name"] for t in generated["tracks"]]


def test_another_visitor_gets_404_for_everything_of_the_owner(
    other_client: Client, owner_client: Client, generated: dict[str, Any]
) -> None:
    song = generated
    urls = [
        f"/api/songs/{song['id']}",
        song["downloads"]["mp3"],
        song["downloads"]["midi"],
        song["tracks"][0]["stem_url"],
        f"/api/jobs/{song['_job_id']}",
    ]
    assert [s["id"] for s in owner_client.get("/api/songs/").json()["songs"]] == [song["id"]]
    assert owner_client.get(f"/api/jobs/{song['_job_id']}").status_code == 200

    for url in urls:
        assert other_client.get(url).status_code == 404, url
    assert other_client.get("/api/songs/").json()["songs"] == []


@pytest.mark.django_db
def test_unknown_ids_give_404_with_a_message(owner_client: Client) -> None:
    for url in (
        f"/api/songs/{uuid.uuid4()}",
        f"/api/jobs/{uuid.uuid4()}",
        f"/api/songs/{uuid.uuid4()}/download?format=mp3",
    ):
        response = owner_client.get(url)
        assert response.status_code == 404
        assert response.json()["message"] == "Not found."


def test_bad_download_format_is_a_400(owner_client: Client, generated: dict[str, Any]) -> None:
    response = owner_client.get(f"/api/songs/{generated['id']}/download?format=exe")

    assert response.status_code == 400
    assert "format" in response.json()["extra"]["fields"]


def test_failing_job_surfaces_a_human_error(
    owner_client: Client, transactional_db: None, settings: Any
) -> None:
    settings.SOUNDFONT = "/nonexistent/missing.sf2"
    owner_client.get("/api/options")
    created = owner_client.post("/api/songs/", SHORT_SPEC, content_type="application/json").json()

    job = wait_for_job(owner_client, created["job"]["id"])
    song = owner_client.get(f"/api/songs/{created['song']['id']}").json()

    assert job["status"] == "failed"
    assert "SoundFont" in job["error"]
    assert song["status"] == "failed"
    assert song["downloads"]["mp3"] is None
