"""Melody transcription: a hummed, sung or played recording -> notes on a tempo grid, with its key."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from engine.errors import AudioToolError
from engine.transcribe.grid import STEPS_PER_BAR, Grid, GridNote, estimate_tempo, find_grid, quantise
from engine.transcribe.key import detect_key
from engine.transcribe.model import activations, to_model_rate
from engine.transcribe.notes import TranscribedNote, drop_quiet, melody_notes
from engine.transcribe.tuning import RETUNE_CENTS, retuned, tuning_offset_cents

NO_MELODY = "No melody could be heard in this recording. Hum or play louder, closer to the microphone."

__all__ = [
    "NO_MELODY",
    "Grid",
    "GridNote",
    "Melody",
    "TranscribedNote",
    "detect_key",
    "estimate_tempo",
    "find_grid",
    "melody_from_audio",
    "quantise",
    "transcribe",
]


@dataclass(frozen=True)
class Melody:
    """A transcribed melody ready to arrange: 16th-grid notes from bar 0, tempo, key and the raw notes."""

    notes: tuple[GridNote, ...]
    tempo: float
    key: str
    mode: str
    grid: Grid
    heard: tuple[TranscribedNote, ...]

    @property
    def bars(self) -> int:
        last = max(n.step + n.steps for n in self.notes)
        return max(1, math.ceil(last / STEPS_PER_BAR))


def transcribe(audio: npt.NDArray[np.float32], sample_rate: int) -> list[TranscribedNote]:
    """The notes of the melodic line in `audio` ((channels, n) or (n,) float), times in seconds."""
    if not np.all(np.isfinite(audio)):
        raise AudioToolError("Audio to transcribe holds non-finite samples.")
    mono = to_model_rate(audio, sample_rate)
    heard = activations(mono)
    offset = tuning_offset_cents(heard)
    if abs(offset) < RETUNE_CENTS:
        return drop_quiet(melody_notes(heard), mono)
    # An out-of-tune take is read again retuned to concert pitch; its times are mapped back.
    mono, ratio = retuned(mono, offset)
    notes = drop_quiet(melody_notes(activations(mono)), mono)
    return [replace(n, start=n.start / ratio, end=n.end / ratio) for n in notes]


def melody_from_audio(
    audio: npt.NDArray[np.float32],
    sample_rate: int,
    *,
    tempo: float | None = None,
    starts_on_downbeat: bool = False,
) -> Melody:
    """Transcribe, find the grid (the given tempo, or an estimate), quantise to 16ths and detect the key."""
    heard = transcribe(audio, sample_rate)
    if not heard:
        raise AudioToolError(NO_MELODY)
    grid = find_grid(heard, tempo or estimate_tempo(heard), starts_on_downbeat=starts_on_downbeat)
    notes = quantise(heard, grid)
    key, mode = detect_key([n.pitch for n in notes], [float(n.steps) for n in notes])
    return Melody(notes=tuple(notes), tempo=grid.tempo, key=key, mode=mode, grid=grid, heard=tuple(heard))
