"""Audio tracks: an uploaded recording placed in a song, following its tempo, key and form edits.

A clip remembers the tempo its recording plays at (`source_tempo`): at the song's tempo T it is
time-stretched by T / source_tempo. It counts the semitones the song has been transposed since it was
added and is pitch-shifted by as many. Both go through Rubber Band (pedalboard's `time_stretch`) in one
pass, so the stretch keeps the pitch and the shift keeps the length. Loops, trims and cuts rearrange the
song's bars; a clip records the same rearrangement (`segments`: per run of output bars, the source bars)
and its rendered audio is spliced the same way, with short fades at every splice.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
from pedalboard import time_stretch
from pydantic import BaseModel, ConfigDict, Field

from engine.audio_io.ingest import read_working_copy
from engine.instruments import Role
from engine.score import Track

SAMPLE_RATE = 44100
AUDIO_INSTRUMENT = "audio"  # the score track of an audio clip plays no notes on no instrument
SHIFT_LIMIT = 24  # accumulated transpositions beyond two octaves fold back by octaves
SPLICE_FADE_SECONDS = 0.005
AUDIO_RECIPE_VERSION = 1  # bump when the way a clip becomes audio changes
_CLIP = ConfigDict(frozen=True)

Audio = npt.NDArray[np.float32]
BarRuns = tuple[tuple[int, int], ...]


class AudioSource(BaseModel):
    """An upload the song may use: its id, the sha256 of its original, its working copy and length."""

    model_config = _CLIP
    upload: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    path: Path  # the working copy: float32 WAV, 44.1 kHz stereo
    samples: int = Field(gt=0)
    name: str
    tempo: float | None = None  # detected, when the analysis found a pulse


class AudioClip(BaseModel):
    """An audio track's source and where and how it plays in the song."""

    model_config = _CLIP
    source: AudioSource
    offset_beats: float = Field(ge=0)
    source_tempo: float = Field(gt=0)
    semitones: int = 0
    segments: BarRuns | None = None  # None: the bars as they were when the clip was added

    def content_key(self, *, tempo: float, beats_per_bar: int, total_samples: int) -> str:
        """SHA-256 of everything that shapes the clip's audio: the upload's content hash, never its path."""
        header = {
            "v": AUDIO_RECIPE_VERSION,
            "sha256": self.source.sha256,
            "offset": float(self.offset_beats).hex(),
            "source_tempo": float(self.source_tempo).hex(),
            "tempo": float(tempo).hex(),
            "semitones": self.semitones,
            "segments": self.segments,
            "beats_per_bar": beats_per_bar,
            "samples": total_samples,
        }
        return hashlib.sha256(json.dumps(header, sort_keys=True).encode()).hexdigest()


def clip_track(name: str) -> Track:
    """The clip's row in the score: no notes, so symbolic edits (transpose, loops, MIDI) pass over it."""
    return Track(name=name, instrument=AUDIO_INSTRUMENT, program=0, bank=0, role=Role.LEAD, notes=())


def shifted(clip: AudioClip, semitones: int) -> AudioClip:
    """The clip after the song moved by `semitones`."""
    total = clip.semitones + semitones
    while total > SHIFT_LIMIT:
        total -= 12
    while total < -SHIFT_LIMIT:
        total += 12
    return clip.model_copy(update={"semitones": total})


def rearranged(clip: AudioClip, segments: Sequence[tuple[int, int]], bars_before: int) -> AudioClip:
    """The clip after the song's bars were rearranged into `segments` (source bar runs, laid end to end)."""
    current = clip.segments if clip.segments is not None else ((0, bars_before),)
    source_of = [bar for start, end in current for bar in range(start, end)]  # output bar -> source bar
    mapped = [source_of[bar] for start, end in segments for bar in range(start, end) if bar < len(source_of)]
    runs: list[tuple[int, int]] = []
    for bar in mapped:
        if runs and runs[-1][1] == bar:
            runs[-1] = (runs[-1][0], bar + 1)
        else:
            runs.append((bar, bar + 1))
    return clip.model_copy(update={"segments": tuple(runs)})


def _fade(audio: Audio, at: int, length: int, *, rising: bool) -> None:
    end = min(at + length, audio.shape[1])
    if end <= at:
        return
    ramp = np.linspace(0.0, 1.0, end - at, dtype=np.float32)
    audio[:, at:end] *= ramp if rising else ramp[::-1]


def render_clip(clip: AudioClip, *, tempo: float, beats_per_bar: int, total_samples: int) -> Audio:
    """The clip's dry stem: (2, total_samples) float32 at 44.1 kHz, stretched, shifted, placed and spliced."""
    seconds_per_beat = 60.0 / tempo
    bar_samples = beats_per_bar * seconds_per_beat * SAMPLE_RATE
    offset = round(clip.offset_beats * seconds_per_beat * SAMPLE_RATE)
    runs = clip.segments
    timeline = round(max(end for _, end in runs) * bar_samples) if runs else total_samples
    ratio = tempo / clip.source_tempo

    audible = max(0, timeline - offset)  # output samples the placed clip can fill
    needed = min(clip.source.samples, int(np.ceil(audible * ratio)) + SAMPLE_RATE)
    recording = read_working_copy(clip.source.path, samples=needed)
    needed = min(needed, recording.shape[1])
    placed = np.zeros((2, max(timeline, total_samples)), dtype=np.float32)
    if needed > 0 and audible > 0:
        source = np.ascontiguousarray(recording[:, :needed], dtype=np.float32)
        if ratio != 1.0 or clip.semitones != 0:
            source = time_stretch(
                source,
                float(SAMPLE_RATE),
                stretch_factor=ratio,
                pitch_shift_in_semitones=float(clip.semitones),
            ).astype(np.float32, copy=False)
        length = min(source.shape[1], placed.shape[1] - offset)
        placed[:, offset : offset + length] = source[:, :length]

    if runs is None:
        return np.ascontiguousarray(placed[:, :total_samples])
    out = np.zeros((2, total_samples), dtype=np.float32)
    fade = round(SPLICE_FADE_SECONDS * SAMPLE_RATE)
    position = 0
    for index, (start, end) in enumerate(runs):
        low, high = round(start * bar_samples), round(end * bar_samples)
        if index == len(runs) - 1:
            high = len(placed[0])  # the last piece keeps its tail (the song's release tail too)
        piece = placed[:, low:high].copy()
        if index > 0:
            _fade(piece, 0, fade, rising=True)
        if index < len(runs) - 1:
            _fade(piece, piece.shape[1] - fade, fade, rising=False)
        take = min(piece.shape[1], total_samples - position)
        if take <= 0:
            break
        out[:, position : position + take] = piece[:, :take]
        position += take
    return out
