"""Score to Standard MIDI File (type 1): a conductor track, then one track per Score track."""

from __future__ import annotations

import io

import mido

from engine.score import Score, Track
from engine.theory import tonic_pitch_class

DRUM_CHANNEL = 9  # General MIDI channel 10
MELODIC_CHANNELS: tuple[int, ...] = tuple(c for c in range(16) if c != DRUM_CHANNEL)
GM2_RHYTHM_BANK_MSB = 120  # bank select for drum kits (GM2); GS devices ignore it on channel 10

# Semitones from a mode's tonic down to the tonic of the major key sharing its key signature.
_RELATIVE_MAJOR_OFFSET: dict[str, int] = {
    "major": 0,
    "minor": 9,
    "harmonic_minor": 9,
    "dorian": 2,
    "phrygian": 4,
    "lydian": 5,
    "mixolydian": 7,
}
_MINOR_MODES = frozenset({"minor", "harmonic_minor"})
# Key signatures by number of sharps (+) or flats (-), as mido names them.
_MAJOR_BY_FIFTHS = {
    -6: "Gb", -5: "Db", -4: "Ab", -3: "Eb", -2: "Bb", -1: "F", 0: "C",
    1: "G", 2: "D", 3: "A", 4: "E", 5: "B", 6: "F#",
}  # fmt: skip
_MINOR_BY_FIFTHS = {
    -6: "Ebm", -5: "Bbm", -4: "Fm", -3: "Cm", -2: "Gm", -1: "Dm", 0: "Am",
    1: "Em", 2: "Bm", 3: "F#m", 4: "C#m", 5: "G#m", 6: "D#m",
}  # fmt: skip


def key_signature(key: str, mode: str) -> str:
    """mido's key-signature name for a tonic and mode; church modes use their relative major's signature."""
    major_pc = (tonic_pitch_class(key) - _RELATIVE_MAJOR_OFFSET.get(mode, 0)) % 12
    fifths = (major_pc * 7) % 12  # position on the circle of fifths, 0..11 sharps
    if fifths > 6 or (fifths == 6 and "b" in key):
        fifths -= 12
    return _MINOR_BY_FIFTHS[fifths] if mode in _MINOR_MODES else _MAJOR_BY_FIFTHS[fifths]


def channel_plan(score: Score) -> list[int]:
    """The MIDI channel of each track: kits on channel 10 (index 9), melodic tracks on distinct others."""
    channels: list[int] = []
    melodic = 0
    for track in score.tracks:
        if track.is_drums:
            channels.append(DRUM_CHANNEL)
        else:
            channels.append(MELODIC_CHANNELS[melodic % len(MELODIC_CHANNELS)])
            melodic += 1
    return channels


def _conductor(score: Score) -> mido.MidiTrack:
    track = mido.MidiTrack()
    track.append(mido.MetaMessage("track_name", name=f"{score.genre} {score.mood}".replace("_", " "), time=0))
    track.append(mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(score.tempo), time=0))
    track.append(
        mido.MetaMessage("time_signature", numerator=score.beats_per_bar, denominator=score.beat_unit, time=0)
    )
    track.append(mido.MetaMessage("key_signature", key=key_signature(score.key, score.mode), time=0))
    track.append(mido.MetaMessage("end_of_track", time=score.total_ticks))
    return track


def _part(track: Track, channel: int) -> mido.MidiTrack:
    part = mido.MidiTrack()
    part.append(mido.MetaMessage("track_name", name=track.name, time=0))
    if track.is_drums:
        part.append(
            mido.Message("control_change", channel=channel, control=0, value=GM2_RHYTHM_BANK_MSB, time=0)
        )
        part.append(mido.Message("control_change", channel=channel, control=32, value=0, time=0))
    part.append(mido.Message("program_change", channel=channel, program=track.program, time=0))
    # (tick, 0 = off / 1 = on, pitch, velocity): offs first at equal ticks so repeated notes re-strike.
    events = sorted(
        [(note.start, 1, note.pitch, note.velocity) for note in track.notes]
        + [(note.end, 0, note.pitch, 0) for note in track.notes]
    )
    now = 0
    for tick, kind, pitch, velocity in events:
        kind_name = "note_on" if kind else "note_off"
        part.append(mido.Message(kind_name, channel=channel, note=pitch, velocity=velocity, time=tick - now))
        now = tick
    part.append(mido.MetaMessage("end_of_track", time=0))
    return part


def score_to_midi(score: Score) -> bytes:
    """A type-1 Standard MIDI File of the score, as bytes."""
    midi = mido.MidiFile(type=1, ticks_per_beat=score.ticks_per_beat)
    midi.tracks.append(_conductor(score))
    for track, channel in zip(score.tracks, channel_plan(score), strict=True):
        midi.tracks.append(_part(track, channel))
    buffer = io.BytesIO()
    midi.save(file=buffer)
    return buffer.getvalue()
