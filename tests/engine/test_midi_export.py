from __future__ import annotations

import io

import mido
import pytest

from engine.midi.export import DRUM_CHANNEL, key_signature, score_to_midi
from tests.engine.song_fixtures import band_score


def test_round_trip():
    score = band_score(bars=2, tempo=96)
    midi = mido.MidiFile(file=io.BytesIO(score_to_midi(score)))
    assert midi.type == 1 and midi.ticks_per_beat == score.ticks_per_beat
    assert len(midi.tracks) == 1 + len(score.tracks)

    conductor = midi.tracks[0]
    tempo = next(m for m in conductor if m.type == "set_tempo")
    assert mido.tempo2bpm(tempo.tempo) == pytest.approx(96, abs=1e-3)
    signature = next(m for m in conductor if m.type == "time_signature")
    assert (signature.numerator, signature.denominator) == (4, 4)
    assert next(m for m in conductor if m.type == "key_signature").key == "C"

    channels = []
    for track, part in zip(score.tracks, midi.tracks[1:], strict=True):
        assert part.name == track.name
        program = next(m for m in part if m.type == "program_change")
        assert program.program == track.program
        ons = [m for m in part if m.type == "note_on" and m.velocity > 0]
        offs = [m for m in part if m.type == "note_off"]
        assert len(ons) == len(offs) == len(track.notes)
        assert sorted(m.note for m in ons) == sorted(n.pitch for n in track.notes)
        channels.append(program.channel)
        if track.is_drums:
            assert program.channel == DRUM_CHANNEL
            assert any(m.type == "control_change" and m.control == 0 for m in part)
    melodic = [c for c, t in zip(channels, score.tracks, strict=True) if not t.is_drums]
    assert len(set(melodic)) == len(melodic) and DRUM_CHANNEL not in melodic
    # Note timing survives: the last note-off lands on the last note's end.
    last_end = max(n.end for n in score.tracks[1].notes)
    assert sum(m.time for m in midi.tracks[2]) == last_end


@pytest.mark.parametrize(
    ("key", "mode", "expected"),
    [
        ("C", "major", "C"),
        ("A", "minor", "Am"),
        ("D", "dorian", "C"),
        ("Eb", "major", "Eb"),
        ("F#", "minor", "F#m"),
        ("Eb", "minor", "Ebm"),
        ("G", "mixolydian", "C"),
        ("C#", "harmonic_minor", "C#m"),
    ],
)
def test_key_signature(key, mode, expected):
    assert key_signature(key, mode) == expected
