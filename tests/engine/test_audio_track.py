"""Audio tracks, measured: a recording follows the song's tempo (length scales, pitch stays), transpose and
key changes (pitch moves by the interval), loops (its bars repeat), and the cache keys its content hash."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import mido
import numpy as np
import pytest

from engine.audio_io.analysis import analyse
from engine.audio_io.ingest import ingest
from engine.edit.audio_track import AudioSource, render_clip
from engine.edit.fold import fold
from engine.edit.materialise import materialise_ops
from engine.edit.ops import (
    AddAudioTrack,
    ChangeInstrument,
    EditError,
    LoopSection,
    Regenerate,
    SetKey,
    SetTempo,
    TrackGain,
    Transpose,
)
from engine.edit.render import render_state
from engine.export.midi import export_midi
from engine.render.cache import MemoryStageCache
from engine.score import Note
from tests.engine.song_fixtures import make_score, make_track

SR = 44100
UPLOAD = "0b8e4c52-4a53-4b8c-9a0e-2f1d7c3b5a61"


def _sine_file(folder: Path, *, hz: float, seconds: float, name: str = "sine.wav") -> Path:
    path = folder / name
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", f"sine=f={hz}:d={seconds}:r={SR}", "-ac", "2",
         str(path)],
        check=True,
        timeout=30,
    )  # fmt: skip
    return path


def _source(folder: Path, original: Path, upload: str = UPLOAD) -> AudioSource:
    working = folder / f"{original.stem}-working.wav"
    ingested = ingest(original, working, max_seconds=60)
    sha = hashlib.sha256(original.read_bytes()).hexdigest()
    return AudioSource(upload=upload, sha256=sha, path=working, samples=ingested.samples, name="Sine")


def _song(bars: int = 4, tempo: float = 120.0):
    return make_score([make_track("acoustic_grand_piano", [])], bars=bars, tempo=tempo)


def _clip_audio(state):
    recipe = state.stem_recipes()["a1"]
    assert recipe.audio is not None
    return render_clip(
        recipe.audio,
        tempo=recipe.tempo,
        beats_per_bar=recipe.beats_per_bar,
        total_samples=recipe.total_samples,
    )


def _sounding(audio, threshold: float = 0.1) -> tuple[int, int]:
    """First and last sample where the envelope reaches `threshold` of its maximum."""
    envelope = np.abs(audio).max(axis=0)
    loud = np.flatnonzero(envelope >= threshold * envelope.max())
    return int(loud[0]), int(loud[-1])


def _f0(audio, start: int, end: int) -> float:
    segment = audio[0, start:end].astype(np.float64) * np.hanning(end - start)
    size = 8 * (end - start)
    spectrum = np.abs(np.fft.rfft(segment, n=size))
    peak = int(np.argmax(spectrum))
    left, centre, right = np.log(spectrum[peak - 1 : peak + 2] + 1e-12)
    shift = 0.5 * (left - right) / (left - 2 * centre + right)
    return (peak + shift) * SR / size


@pytest.fixture(scope="module")
def sine_source(tmp_path_factory) -> AudioSource:
    folder = tmp_path_factory.mktemp("audio-track")
    return _source(folder, _sine_file(folder, hz=440.0, seconds=2.0))


def test_added_clip_plays_at_its_own_speed_and_pitch(sine_source):
    state = fold(_song(), [AddAudioTrack(upload=UPLOAD, name="Vocal")], audio_sources={UPLOAD: sine_source})
    assert state.track_ids == ("t1", "a1")
    assert state.score.tracks[1].name == "Vocal"
    audio = _clip_audio(state)
    start, end = _sounding(audio)
    assert start < 0.01 * SR
    np.testing.assert_allclose((end - start) / SR, 2.0, atol=0.02)
    np.testing.assert_allclose(_f0(audio, start + 4410, end - 4410), 440.0, rtol=0.003)


@pytest.mark.parametrize("tempo", [150.0, 90.0])
def test_set_tempo_scales_the_clip_length_and_keeps_its_pitch(sine_source, tempo):
    ops = [AddAudioTrack(upload=UPLOAD), SetTempo(tempo=tempo)]
    audio = _clip_audio(fold(_song(), ops, audio_sources={UPLOAD: sine_source}))
    start, end = _sounding(audio)
    np.testing.assert_allclose((end - start) / SR, 2.0 * 120.0 / tempo, rtol=0.02)
    np.testing.assert_allclose(_f0(audio, start + 4410, end - 4410), 440.0, rtol=0.005)


def test_offset_is_in_beats_and_follows_the_tempo(sine_source):
    ops = [AddAudioTrack(upload=UPLOAD, offset_beats=2), SetTempo(tempo=60)]
    start, _ = _sounding(_clip_audio(fold(_song(), ops, audio_sources={UPLOAD: sine_source})))
    np.testing.assert_allclose(start / SR, 2.0, atol=0.02)  # 2 beats at 60 BPM


def test_source_tempo_fits_the_recording_to_the_song(sine_source):
    # A recording played at 100 BPM in a 120 BPM song is sped up by 1.2.
    ops = [AddAudioTrack(upload=UPLOAD, source_tempo=100)]
    start, end = _sounding(_clip_audio(fold(_song(), ops, audio_sources={UPLOAD: sine_source})))
    np.testing.assert_allclose((end - start) / SR, 2.0 * 100 / 120, rtol=0.02)


@pytest.mark.parametrize(
    ("op", "semitones"),
    [(Transpose(semitones=3), 3), (Transpose(semitones=-5), -5), (SetKey(key="D", mode="minor"), 2)],
)
def test_transpose_and_key_change_move_the_pitch_by_the_interval(sine_source, op, semitones):
    audio = _clip_audio(
        fold(_song(), [AddAudioTrack(upload=UPLOAD), op], audio_sources={UPLOAD: sine_source})
    )
    start, end = _sounding(audio)
    np.testing.assert_allclose((end - start) / SR, 2.0, atol=0.03)
    np.testing.assert_allclose(
        _f0(audio, start + 4410, end - 4410), 440.0 * 2 ** (semitones / 12), rtol=0.005
    )


def test_a_looped_bar_repeats_the_recording(sine_source):
    # At 120 BPM one bar is 2 s: the clip fills bar 0; looping bar 0 once plays it again in bar 1.
    ops = [AddAudioTrack(upload=UPLOAD), LoopSection(start_bar=0, end_bar=1, times=1)]
    audio = _clip_audio(fold(_song(), ops, audio_sources={UPLOAD: sine_source}))
    bar = 2 * SR
    rms = [float(np.sqrt(np.mean(audio[:, i * bar + 2205 : (i + 1) * bar - 2205] ** 2))) for i in range(3)]
    assert rms[0] > 0.05  # ffmpeg's sine is at 1/8 full scale
    np.testing.assert_allclose(rms[1], rms[0], rtol=0.02)
    assert rms[2] < 1e-4


def test_audio_tracks_refuse_note_edits_and_unknown_uploads(sine_source):
    sources = {UPLOAD: sine_source}
    with pytest.raises(EditError) as error:
        fold(_song(), [AddAudioTrack(upload=UPLOAD), ChangeInstrument(track="a1", instrument="violin")],
             audio_sources=sources)  # fmt: skip
    assert error.value.field == "track"
    with pytest.raises(EditError) as error:
        fold(_song(), [AddAudioTrack(upload=UPLOAD), Regenerate(track="a1", seed=3)], audio_sources=sources)
    assert error.value.field == "track"
    with pytest.raises(EditError) as error:
        fold(_song(), [AddAudioTrack(upload="11111111-2222-3333-4444-555555555555")], audio_sources=sources)
    assert error.value.field == "upload"
    # Regenerating every track leaves the recording alone.
    ops, composed = materialise_ops(
        _song(), [AddAudioTrack(upload=UPLOAD), Regenerate(seed=3)], audio_sources=sources
    )
    state = fold(_song(), ops, audio_sources=sources, composed=composed)
    assert state.tracks[1].audio is not None


def test_stem_cache_key_is_the_uploads_content_hash_and_mixer_ops_apply(sine_source, tmp_path):
    other = sine_source.model_copy(update={"sha256": "f" * 64})
    cache = MemoryStageCache()
    first = render_state(
        fold(_song(), [AddAudioTrack(upload=UPLOAD)], audio_sources={UPLOAD: sine_source}), cache
    )
    second = render_state(fold(_song(), [AddAudioTrack(upload=UPLOAD)], audio_sources={UPLOAD: other}), cache)
    assert first.keys.dry["a1"] != second.keys.dry["a1"]
    assert first.keys.dry["t1"] == second.keys.dry["t1"]
    louder = fold(
        _song(),
        [AddAudioTrack(upload=UPLOAD), TrackGain(track="a1", gain_db=-12)],
        audio_sources={UPLOAD: sine_source},
    )
    rendered = render_state(louder, cache)
    assert rendered.counts["render"].misses == 0  # a fader move renders nothing again
    assert rendered.keys.dry == first.keys.dry


def test_analysis_finds_the_tempo_of_a_click_track_and_the_key_of_a_melody():
    seconds, bpm = 20.0, 100.0
    n = int(seconds * SR)
    clicks = np.zeros(n)
    burst = np.sin(2 * np.pi * 1500 * np.arange(441) / SR) * np.hanning(441)
    for beat in np.arange(0, seconds, 60.0 / bpm):
        at = int(beat * SR)
        clicks[at : at + 441] += burst[: n - at]
    tempo = analyse(np.vstack([clicks, clicks]).astype(np.float32))
    np.testing.assert_allclose(tempo.tempo_bpm, bpm, atol=1.5)
    assert tempo.tempo_confidence > 0.5
    # A held tone has no beat: whatever lag wins, the confidence says it is no tempo.
    held = 0.4 * np.sin(2 * np.pi * 440 * np.arange(3 * SR) / SR)
    assert analyse(np.vstack([held, held]).astype(np.float32)).tempo_confidence == 0.0

    # D major: tonic-heavy arpeggios and a scale, each note 0.25 s.
    notes = [62, 66, 69, 74, 62, 64, 66, 67, 69, 71, 73, 74, 69, 66, 62, 62]
    t = np.arange(int(0.25 * SR)) / SR
    melody = np.concatenate(
        [np.sin(2 * np.pi * 440 * 2 ** ((p - 69) / 12) * t) * np.hanning(t.size) for p in notes * 3]
    )
    key = analyse(np.vstack([melody, melody]).astype(np.float32))
    assert (key.key, key.mode) == ("D", "major")


def test_midi_export_leaves_audio_tracks_out(sine_source, tmp_path):
    piano = make_score(
        [make_track("acoustic_grand_piano", [Note(start=0, duration=480, pitch=60, velocity=90)])], bars=4
    )
    state = fold(piano, [AddAudioTrack(upload=UPLOAD, name="Vocal")], audio_sources={UPLOAD: sine_source})
    midi = mido.MidiFile(export_midi(state, tmp_path / "song.mid"))
    names = [message.name for track in midi.tracks for message in track if message.type == "track_name"]
    assert "Vocal" not in names
    assert len(midi.tracks) == 1 + len(state.tracks) - 1  # conductor + every instrument track, no audio
    assert sum(message.type == "note_on" and message.velocity > 0 for t in midi.tracks for message in t) == 1
