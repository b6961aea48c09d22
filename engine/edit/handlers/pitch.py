"""Ops on pitch: transpose by semitones, or move to another key and mode keeping each note's degree.

Symbolic tracks move note by note (drums stay); audio tracks can only be pitch-shifted as a whole.
"""

from __future__ import annotations

from collections.abc import Callable

from engine.compose.harmony import CHORD_QUALITIES
from engine.edit.audio_track import shifted
from engine.edit.ops import SetKey, Transpose
from engine.edit.state import SongState, with_score
from engine.score import Chord, Track
from engine.theory import MODES, TONICS, tonic_pitch_class


def _in_midi_range(pitch: int) -> int:
    while pitch > 127:
        pitch -= 12
    while pitch < 0:
        pitch += 12
    return pitch


def _map_pitches(state: SongState, pitch_map: Callable[[int], int]) -> tuple[Track, ...]:
    return tuple(
        track
        if track.is_drums
        else track.model_copy(
            update={
                "notes": tuple(
                    note.model_copy(update={"pitch": _in_midi_range(pitch_map(note.pitch))})
                    for note in track.notes
                )
            }
        )
        for track in state.score.tracks
    )


def _shift_audio(state: SongState, semitones: int) -> SongState:
    if semitones == 0 or not any(t.audio for t in state.tracks):
        return state
    tracks = tuple(
        t.model_copy(update={"audio": shifted(t.audio, semitones)}) if t.audio else t for t in state.tracks
    )
    return state.model_copy(update={"tracks": tracks})


def _chord_suffix(chord: Chord) -> str:
    name = TONICS[chord.root]
    return chord.symbol[len(name) :] if chord.symbol.startswith(name) else ""


def transpose(state: SongState, op: Transpose) -> SongState:
    """Move every pitched note, chord and the key by `semitones`."""
    shift = op.semitones
    if shift == 0:
        return state
    chords = tuple(
        chord.model_copy(
            update={
                "root": (chord.root + shift) % 12,
                "pitch_classes": tuple((pc + shift) % 12 for pc in chord.pitch_classes),
                "symbol": TONICS[(chord.root + shift) % 12] + _chord_suffix(chord),
            }
        )
        for chord in state.score.chords
    )
    key = TONICS[(tonic_pitch_class(state.score.key) + shift) % 12]
    tracks = _map_pitches(state, lambda pitch: pitch + shift)
    return with_score(_shift_audio(state, shift), key=key, chords=chords, tracks=tracks)


def degree_map(old_key: str, old_mode: str, new_key: str, new_mode: str) -> Callable[[int], int]:
    """Pitch -> pitch keeping each note's scale degree (and chromatic offset) in the new key and mode.

    The tonic moves by the smallest interval (-6..+5 semitones), so parts stay in their register.
    """
    old_pc, new_pc = tonic_pitch_class(old_key), tonic_pitch_class(new_key)
    old_steps, new_steps = MODES[old_mode], MODES[new_mode]
    delta = (new_pc - old_pc + 6) % 12 - 6
    moves: list[int] = []
    for rel in range(12):
        degree = max(i for i, step in enumerate(old_steps) if step <= rel)
        moves.append(delta + new_steps[degree] + rel - old_steps[degree] - rel)

    def mapped(pitch: int) -> int:
        return pitch + moves[(pitch - old_pc) % 12]

    return mapped


def set_key(state: SongState, op: SetKey) -> SongState:
    """Move to another key and mode, each note keeping its scale degree."""
    score = state.score
    if (op.key, op.mode) == (score.key, score.mode):
        return state
    pitch_map = degree_map(score.key, score.mode, op.key, op.mode)
    chords: list[Chord] = []
    for chord in score.chords:
        root = pitch_map(chord.root + 12) % 12
        pcs = tuple(pitch_map(pc + 12) % 12 for pc in chord.pitch_classes)
        shape = tuple((pc - root) % 12 for pc in pcs)
        quality, suffix = CHORD_QUALITIES.get(shape, (chord.quality, _chord_suffix(chord)))
        chords.append(
            chord.model_copy(
                update={
                    "root": root,
                    "pitch_classes": pcs,
                    "quality": quality,
                    "symbol": TONICS[root] + suffix,
                }
            )
        )
    tracks = _map_pitches(state, pitch_map)
    # Audio can only move as a whole: by the tonic's move (a mode change alone leaves it as it is).
    shift = (tonic_pitch_class(op.key) - tonic_pitch_class(score.key) + 6) % 12 - 6
    return with_score(
        _shift_audio(state, shift), key=op.key, mode=op.mode, chords=tuple(chords), tracks=tracks
    )
