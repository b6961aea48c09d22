"""Model activations -> the notes of one melodic line (a hummed, sung or played melody)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from engine.transcribe.model import FRAMES_PER_SECOND, LOWEST_MIDI, MODEL_SAMPLE_RATE, Activations

FRAME_THRESHOLD = 0.5  # a pitch sounds where its frame activation reaches this
ONSET_THRESHOLD = 0.5  # an onset peak this strong near a note's start fixes the start time
REPEAT_THRESHOLD = 0.8  # an onset peak this strong inside a note starts a repeated note
MIN_NOTE_FRAMES = 6  # about 70 ms: shorter pitch runs are slides between notes
MERGE_GAP_FRAMES = 3  # same-pitch runs closer than this are one note (a slide was dropped between)
QUIET_RATIO = 0.1  # a note 20 dB below the take's typical note is room noise the model read as a pitch
_ONSET_SEARCH = (3, 4)  # frames before / after a run's start searched for its onset peak


@dataclass(frozen=True)
class TranscribedNote:
    """A note heard in the audio: times in seconds from the start of the recording."""

    start: float
    end: float
    pitch: int  # MIDI
    strength: float  # mean frame activation, 0..1

    @property
    def duration(self) -> float:
        return self.end - self.start


def melody_notes(activations: Activations) -> list[TranscribedNote]:
    """The strongest pitch per frame, cut into notes at pitch changes and at strong repeated onsets."""
    frames, onsets = activations.frames, activations.onsets
    if activations.frame_count == 0:
        return []
    strongest = frames.argmax(axis=1)
    level = frames[np.arange(frames.shape[0]), strongest]
    pitch_track = np.where(level >= FRAME_THRESHOLD, strongest, -1)
    runs = [r for r in _runs(pitch_track) if r[2] >= 0 and r[1] - r[0] >= MIN_NOTE_FRAMES]
    runs = _merge_close(runs)
    notes: list[TranscribedNote] = []
    for start, end, bin_index in runs:
        for piece_start, piece_end in _split_repeats(onsets[:, bin_index], start, end):
            onset = _onset_frame(onsets[:, bin_index], piece_start)
            notes.append(
                TranscribedNote(
                    start=onset / FRAMES_PER_SECOND,
                    end=piece_end / FRAMES_PER_SECOND,
                    pitch=int(bin_index) + LOWEST_MIDI,
                    strength=float(frames[piece_start:piece_end, bin_index].mean()),
                )
            )
    return notes


def _runs(track: np.ndarray) -> list[tuple[int, int, int]]:
    """(start, end, value) of each run of equal values."""
    changes = np.flatnonzero(np.diff(track)) + 1
    bounds = [0, *changes.tolist(), int(track.size)]
    return [(a, b, int(track[a])) for a, b in itertools.pairwise(bounds)]


def _merge_close(runs: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    merged: list[tuple[int, int, int]] = []
    for run in runs:
        if merged and merged[-1][2] == run[2] and run[0] - merged[-1][1] <= MERGE_GAP_FRAMES:
            merged[-1] = (merged[-1][0], run[1], run[2])
        else:
            merged.append(run)
    return merged


def _split_repeats(onset: np.ndarray, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a same-pitch run where a strong onset peak says the note was struck again."""
    cuts = [start]
    for t in range(start + MIN_NOTE_FRAMES, end - MIN_NOTE_FRAMES):
        peak = onset[t] >= REPEAT_THRESHOLD and onset[t] >= onset[t - 1] and onset[t] > onset[t + 1]
        if peak and t - cuts[-1] >= MIN_NOTE_FRAMES:
            # The new note starts where its onset begins to rise, not at the peak.
            rise = t
            while rise > cuts[-1] + 1 and ONSET_THRESHOLD <= onset[rise - 1] < onset[rise]:
                rise -= 1
            cuts.append(rise)
    cuts.append(end)
    return list(itertools.pairwise(cuts))


def _onset_frame(onset: np.ndarray, start: int) -> int:
    """The onset peak near a note's first sounding frame, when there is a clear one."""
    low = max(0, start - _ONSET_SEARCH[0])
    window = onset[low : start + _ONSET_SEARCH[1] + 1]
    if window.size and window.max() >= ONSET_THRESHOLD:
        return low + int(window.argmax())
    return start


def drop_quiet(notes: list[TranscribedNote], mono: np.ndarray) -> list[TranscribedNote]:
    """Leave out notes far quieter than the melody's typical note (hiss or hum of the room between and
    after phrases); `mono` is the audio the model heard, at its sample rate."""
    if not notes:
        return notes
    levels = []
    for note in notes:
        first = int(note.start * MODEL_SAMPLE_RATE)
        span = mono[first : max(first + 1, int(note.end * MODEL_SAMPLE_RATE))]
        levels.append(float(np.sqrt(np.mean(np.square(span, dtype=np.float64)))) if span.size else 0.0)
    floor = QUIET_RATIO * float(np.median(levels))
    return [note for note, level in zip(notes, levels, strict=True) if level >= floor]
