"""The tempo grid under a transcribed melody: tempo and beat phase estimates, and 16th-note quantisation."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from engine.transcribe.notes import TranscribedNote

STEPS_PER_BEAT = 4  # the grid is 16th notes in 4/4
STEPS_PER_BAR = 16
TEMPO_RANGE = (60.0, 180.0)  # estimated tempi stay here (a user may give any tempo the spec accepts)
_TEMPO_STEP = 0.5
_PREFERRED_TEMPO = 105.0  # tempi near this win ties between half and double time
_TEMPO_SPREAD_OCTAVES = 0.6
_KERNEL_S = 0.03  # how far (seconds) an onset may sit from a grid line and still count as on it
_PHASE_RESOLUTION_S = 0.005
ALIGNED_SEARCH_S = 0.08  # a recording that starts on a downbeat: its grid may be this far off


@dataclass(frozen=True)
class Grid:
    tempo: float  # BPM
    origin: float  # seconds: where bar 0 begins in the recording (may be negative)

    @property
    def step_seconds(self) -> float:
        return 60.0 / self.tempo / STEPS_PER_BEAT


@dataclass(frozen=True)
class GridNote:
    """A note on the 16th grid: step 0 is the first 16th of bar 0."""

    step: int
    steps: int
    pitch: int
    strength: float


def _fit(onsets: np.ndarray, weights: np.ndarray, period: float, phase: float) -> float:
    """How well onsets sit on a grid (period, phase), 0 = no better than chance, 1 = all exactly on it."""
    offsets = (onsets - phase) / period
    distance = np.abs(offsets - np.round(offsets)) * period
    fit = float(np.sum(weights * np.exp(-0.5 * (distance / _KERNEL_S) ** 2)) / np.sum(weights))
    chance = min(1.0, _KERNEL_S * math.sqrt(2 * math.pi) / period)
    return (fit - chance) / (1.0 - chance) if chance < 1.0 else 0.0


def _best_phase(onsets: np.ndarray, weights: np.ndarray, period: float, around: float | None) -> float:
    if around is None:
        phases = np.arange(0.0, period, _PHASE_RESOLUTION_S)
    else:
        phases = np.arange(around - ALIGNED_SEARCH_S, around + ALIGNED_SEARCH_S + 1e-9, _PHASE_RESOLUTION_S)
    scores = [_fit(onsets, weights, period, float(p)) for p in phases]
    return float(phases[int(np.argmax(scores))])


def _weights(notes: Sequence[TranscribedNote]) -> np.ndarray:
    # Long notes say more about the beat than passing notes do.
    return np.array([min(1.0, 0.25 + n.duration) for n in notes])


def estimate_tempo(notes: Sequence[TranscribedNote]) -> float:
    """The tempo (BPM) whose 8th-note grid the onsets fit best, ties going to moderate tempi."""
    if len(notes) < 3:
        return _PREFERRED_TEMPO
    onsets = np.array([n.start for n in notes])
    weights = _weights(notes)
    best, best_score = _PREFERRED_TEMPO, -math.inf
    for tempo in np.arange(TEMPO_RANGE[0], TEMPO_RANGE[1] + 1e-9, _TEMPO_STEP):
        period = 30.0 / tempo  # an 8th note
        phase = _best_phase(onsets, weights, period, None)
        prior = -0.5 * (math.log2(tempo / _PREFERRED_TEMPO) / _TEMPO_SPREAD_OCTAVES) ** 2
        score = _fit(onsets, weights, period, phase) + 0.08 * prior
        if score > best_score:
            best, best_score = float(tempo), score
    return best


def find_grid(notes: Sequence[TranscribedNote], tempo: float, *, starts_on_downbeat: bool) -> Grid:
    """Place the 16th grid of a known tempo under the notes; bar 0 is the bar of the first note.

    A recording that starts on a downbeat (recorded after a count-in) keeps its bar lines near 0 s;
    otherwise the first note's beat is taken as the first downbeat.
    """
    step = 60.0 / tempo / STEPS_PER_BEAT
    if not notes:
        return Grid(tempo=tempo, origin=0.0)
    onsets = np.array([n.start for n in notes])
    weights = _weights(notes)
    beat = step * STEPS_PER_BEAT
    if starts_on_downbeat:
        phase = _best_phase(onsets, weights, step, 0.0)
        origin = phase
    else:
        phase = _best_phase(onsets, weights, step, None)
        # Of the four 16th positions, the beat is the one the strongest notes land on.
        positions = np.round((onsets - phase) / step).astype(int)
        lift = [float(np.sum(weights * _metric_weight((positions - k) % STEPS_PER_BEAT))) for k in range(4)]
        phase += int(np.argmax(lift)) * step
        first_beat = math.floor((onsets[0] - phase) / beat + 0.25)  # a note just early still counts as on it
        origin = phase + first_beat * beat
    return Grid(tempo=tempo, origin=float(origin))


def _metric_weight(position_in_beat: np.ndarray) -> np.ndarray:
    return np.select([position_in_beat == 0, position_in_beat == 2], [1.0, 0.4], 0.15)


def quantise(notes: Sequence[TranscribedNote], grid: Grid) -> list[GridNote]:
    """Snap onsets and ends to 16ths, one note per step, each ending by the next one's start; the first
    bar holding a note becomes bar 0."""
    step = grid.step_seconds
    placed: dict[int, GridNote] = {}
    for note in notes:
        start = round((note.start - grid.origin) / step)
        end = max(start + 1, round((note.end - grid.origin) / step))
        candidate = GridNote(step=start, steps=end - start, pitch=note.pitch, strength=note.strength)
        held = placed.get(start)
        if held is None or candidate.steps * candidate.strength > held.steps * held.strength:
            placed[start] = candidate
    line = [placed[s] for s in sorted(placed)]
    out: list[GridNote] = []
    for placed_note, following in zip(line, [*line[1:], None], strict=True):
        steps = placed_note.steps
        if following is not None:
            steps = min(steps, following.step - placed_note.step)
        out.append(GridNote(placed_note.step, steps, placed_note.pitch, placed_note.strength))
    if not out:
        return out
    shift = (out[0].step // STEPS_PER_BAR) * STEPS_PER_BAR
    return [GridNote(n.step - shift, n.steps, n.pitch, n.strength) for n in out]
