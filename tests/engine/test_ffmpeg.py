from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from engine.audio_io.ffmpeg import decode, encode, measure_loudness, probe
from engine.errors import AudioToolError

SR = 44100
SECONDS = 2.0


@pytest.fixture(scope="module")
def tone() -> np.ndarray:
    t = np.arange(int(SR * SECONDS)) / SR
    return (0.5 * np.vstack([np.sin(2 * np.pi * 440 * t), np.sin(2 * np.pi * 660 * t)])).astype(np.float32)


def test_mp3_bitrate_and_duration(tmp_path: Path, tone):
    path = encode(tone, tmp_path / "mix.mp3", "mp3")
    info = probe(path)
    assert info.codec == "mp3" and info.sample_rate == SR and info.channels == 2
    assert info.bit_rate is not None and info.bit_rate >= 192_000
    # MP3 frames pad the end (up to one 1152-sample frame plus encoder delay): within 50 ms.
    assert info.duration_s == pytest.approx(SECONDS, abs=0.05)
    assert probe(encode(tone, tmp_path / "hi.mp3", "mp3", mp3_kbps=320)).bit_rate == 320_000


@pytest.mark.parametrize(("fmt", "codec", "bits"), [("wav16", "pcm_s16le", 16), ("wav24", "pcm_s24le", 24)])
def test_wav_bit_depth(tmp_path: Path, tone, fmt, codec, bits):
    info = probe(encode(tone, tmp_path / "mix.wav", fmt))
    assert (info.codec, info.bits_per_sample, info.sample_rate, info.channels) == (codec, bits, SR, 2)
    assert info.duration_s == pytest.approx(SECONDS, abs=1e-3)


@pytest.mark.parametrize("bits", [16, 24])
def test_flac_is_lossless_at_its_depth(tmp_path: Path, tone, bits):
    path = encode(tone, tmp_path / "stem.flac", "flac", flac_bits=bits)
    info = probe(path)
    assert (info.codec, info.bits_per_sample) == ("flac", bits)
    decoded = decode(path, max_seconds=10)
    assert decoded.shape == tone.shape
    np.testing.assert_allclose(decoded, tone, atol=2.0 ** -(bits - 2))


def test_ogg_vorbis(tmp_path: Path, tone):
    info = probe(encode(tone, tmp_path / "mix.ogg", "ogg"))
    assert info.codec == "vorbis"
    assert info.duration_s == pytest.approx(SECONDS, abs=0.05)


def test_encode_is_atomic_and_leaves_no_temp_files(tmp_path: Path, tone):
    encode(tone, tmp_path / "a.wav", "wav16")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.wav"]
    with pytest.raises(AudioToolError):
        encode(tone[:1], tmp_path / "b.wav", "wav16")
    with pytest.raises(AudioToolError):
        encode(tone, tmp_path / "c.mp3", "mp3", mp3_kbps=999)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.wav"]


def test_decode_caps_the_length(tmp_path: Path, tone):
    path = encode(tone, tmp_path / "x.wav", "wav24")
    assert decode(path, max_seconds=0.5).shape == (2, SR // 2)


def test_hls_playlist_disguised_as_mp3_is_refused(tmp_path: Path, tone):
    encode(tone, tmp_path / "someone-elses.wav", "wav16")
    hostile = tmp_path / "x.mp3"
    hostile.write_text("#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nsomeone-elses.wav\n#EXT-X-ENDLIST\n")
    with pytest.raises(AudioToolError, match="whitelist"):
        probe(hostile)
    with pytest.raises(AudioToolError, match="whitelist"):
        decode(hostile, max_seconds=5)


def test_garbage_and_missing_files_are_errors(tmp_path: Path):
    junk = tmp_path / "junk.wav"
    junk.write_bytes(b"not audio at all" * 100)
    with pytest.raises(AudioToolError):
        probe(junk)
    with pytest.raises(AudioToolError):
        decode(tmp_path / "missing.wav", max_seconds=1)


def test_the_loudness_meter_reads_a_known_tone(tmp_path: Path):
    # A 1 kHz sine of amplitude 0.1 (-20 dBFS) in both channels reads -20 LUFS (BS.1770's -0.691 offsets
    # the K-filter's gain at 1 kHz; two channels of mean square 0.005 sum to 0.01); its true peak is 0.1.
    t = np.arange(int(SR * 5.0)) / SR
    sine = (0.1 * np.sin(2 * np.pi * 1000 * t)).astype(np.float32)
    reading = measure_loudness(encode(np.vstack([sine, sine]), tmp_path / "tone.wav", "wav24"))
    assert reading.integrated_lufs == pytest.approx(-20.0, abs=0.15)
    assert reading.true_peak_dbtp == pytest.approx(-20.0, abs=0.15)
    assert reading.loudness_range_lu == pytest.approx(0.0, abs=0.1)


def test_the_loudness_meter_reads_silence_at_its_floor(tmp_path: Path):
    reading = measure_loudness(encode(np.zeros((2, SR), np.float32), tmp_path / "quiet.wav", "wav24"))
    assert reading.integrated_lufs == -70.0 and reading.true_peak_dbtp == -np.inf


def test_the_loudness_meter_refuses_what_it_cannot_read(tmp_path: Path):
    junk = tmp_path / "junk.mp3"
    junk.write_bytes(b"not audio at all" * 100)
    with pytest.raises(AudioToolError):
        measure_loudness(junk)
    with pytest.raises(AudioToolError, match="not a file"):
        measure_loudness(tmp_path / "missing.mp3")
