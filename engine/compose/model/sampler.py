"""Constrained sampling from the melody model, bar by bar.

The caller gives each bar's chords and the pitches allowed over each half bar (already filtered to the
key, the chord's scale and the instrument's range); the sampler keeps the token grammar valid, forces the
chord tokens, optionally forces a rhythm (then only pitches are sampled), biases note lengths toward a
rhythmic density and, with `variety`, steers pitches away from the pitch classes the melody has leaned on.
Everything random comes from the `numpy.random.Generator` it is given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from engine.compose.model import vocab
from engine.compose.model.transformer import Array, DecodingState, MelodyModel

BAR_STEPS = 16  # the composer writes 4/4
HALF = BAR_STEPS // 2
_DUR_LOG = np.log2(np.arange(1, vocab.MAX_DURATION + 1, dtype=np.float32))


@dataclass(frozen=True)
class Controls:
    temperature: float = 0.9
    top_p: float = 0.92
    density: float = 0.0  # > 0 favours short notes, < 0 long ones: a bias on the duration logits
    sixteenths: bool = True  # False keeps onsets and lengths on the 8th grid (swung 8ths)
    variety: float = 0.0  # > 0: a frequency penalty on pitch classes the melody has leaned on (`PitchUsage`)
    # (pitch class above the tonic, nats): a lift for the tones that colour the music (a mode's
    # characteristic tone, the blues' flat seventh) wherever the caller allows them.
    colour: tuple[tuple[int, float], ...] = ()


class PitchUsage:
    """The pitch classes (above the tonic) a melody's samplers have chosen so far.

    One melody is written by several samplers (a motif, then phrase by phrase); they share one of these,
    so the frequency penalty sees the whole melody. A pitch class's logit is lowered by `variety` times its
    share of the notes so far, scaled so that an even use of the seven scale degrees costs `variety` nats
    each. The share counts `PRIOR` notes' worth of nothing, so a melody's first notes go unpenalised.
    """

    PRIOR = 8.0
    MAX_RUN = 4  # a melody strikes one pitch at most this many times in a row

    def __init__(self) -> None:
        self.counts = np.zeros(12, dtype=np.float64)
        self.last: int | None = None
        self.run = 0

    def copy(self) -> PitchUsage:
        twin = PitchUsage()
        twin.take(self)
        return twin

    def take(self, other: PitchUsage) -> None:
        """Become `other` (a trial's usage, once its notes are kept)."""
        self.counts = other.counts.copy()
        self.last, self.run = other.last, other.run

    def add(self, pitch: int) -> None:
        self.counts[pitch % 12] += 1
        self.run = self.run + 1 if pitch == self.last else 1
        self.last = pitch

    def tired(self, pitches: Sequence[int]) -> list[int]:
        """`pitches` without the one just struck `MAX_RUN` times in a row, if any other is left."""
        if self.run < self.MAX_RUN:
            return list(pitches)
        return [p for p in pitches if p != self.last] or list(pitches)

    def penalty(self, pitches: Sequence[int], variety: float) -> npt.NDArray[np.float32]:
        share = self.counts / (self.counts.sum() + self.PRIOR)
        penalty: npt.NDArray[np.float32] = (-variety * 7.0 * share[np.asarray(pitches) % 12]).astype(
            np.float32
        )
        return penalty


@dataclass(frozen=True)
class ForcedNote:
    """A note whose place is fixed: its pitch is sampled from `pitches` (or taken from `pitch`)."""

    position: int  # 16ths from the bar line
    duration: int  # 16ths
    pitches: frozenset[int] = frozenset()  # allowed pitches above the tonic; empty: the bar's half set
    pitch: int | None = None  # fed as is, not sampled


@dataclass(frozen=True)
class BarRequest:
    """One bar: its chords and allowed pitches per half bar; a forced rhythm or free sampling."""

    chords: tuple[int, int]  # chord tokens of the two half bars
    pitches: tuple[frozenset[int], frozenset[int]]  # allowed pitches above the tonic per half bar
    rhythm: tuple[ForcedNote, ...] | None = None
    min_notes: int = 0  # free sampling: at least this many notes
    first_at_downbeat: bool = False  # free sampling: the first note starts on beat one
    first_pitches: frozenset[int] = frozenset()  # free sampling: the first note's pitches, if narrower


@dataclass(frozen=True)
class SampledNote:
    bar: int
    position: int
    duration: int
    pitch: int  # semitones above the tonic


class MelodySampler:
    """A decoding session: a prompt (earlier material), then bars sampled one after another."""

    def __init__(
        self,
        model: MelodyModel,
        mode: str,
        rng: np.random.Generator,
        controls: Controls,
        meter: str = "4/4",
        usage: PitchUsage | None = None,
    ) -> None:
        self.model = model
        self.rng = rng
        self.controls = controls
        self.usage = usage if usage is not None else PitchUsage()
        self.prefix = [vocab.mode_token(mode), vocab.meter_token(meter)]
        self.history: list[list[int]] = []  # tokens of each bar fed so far (prompt bars included)
        self.state: DecodingState = model.start()
        self.pending: list[int] = list(self.prefix)
        self.last_pitch: int | None = None

    def prompt(self, notes: Sequence[SampledNote], bars: Sequence[tuple[int, int]]) -> None:
        """Feed earlier material (notes with their bars' chords) as context, without sampling."""
        for index, chords in enumerate(bars):
            tokens = [vocab.BAR]
            current: int | None = None
            for note in (n for n in notes if n.bar == index):
                tokens.append(vocab.pos_token(note.position))
                chord = chords[note.position // HALF]
                if chord != current:
                    tokens.append(chord)
                    current = chord
                tokens += [vocab.pitch_token(note.pitch), vocab.dur_token(note.duration)]
            self._queue_bar(tokens)

    def bar(self, index: int, request: BarRequest) -> list[SampledNote]:
        """Sample (or partly force) one bar; `index` labels its notes."""
        self._make_room()
        tokens = [vocab.BAR]
        self._queue_bar(tokens)
        if request.rhythm is not None:
            return self._forced_bar(index, request, tokens)
        return self._free_bar(index, request, tokens)

    # --- the grammar ---------------------------------------------------------------------------

    def _free_bar(self, index: int, request: BarRequest, tokens: list[int]) -> list[SampledNote]:
        notes: list[SampledNote] = []
        cursor, current = 0, -1
        grid = 1 if self.controls.sixteenths else 2
        while cursor < BAR_STEPS:
            positions = list(range(cursor + (-cursor % grid), BAR_STEPS, grid))
            if request.first_at_downbeat and not notes:
                positions = [0]
            # Leave room for the notes still owed.
            owed = max(0, request.min_notes - len(notes))
            if owed:
                positions = [p for p in positions if p + grid * (owed - 1) < BAR_STEPS]
            choices = [vocab.pos_token(p) for p in positions]
            if not owed:
                choices.append(vocab.BAR)
            if not positions:
                break
            token = self._sample(choices)
            if token == vocab.BAR:
                break
            position = token - vocab.POS0
            self._emit(tokens, token)
            chord = request.chords[position // HALF]
            if chord != current:
                self._emit(tokens, chord)
                current = chord
            allowed = request.pitches[position // HALF]
            if not notes and request.first_pitches:
                allowed = request.first_pitches
            pitch = self._sample_pitch(allowed)
            self._emit(tokens, vocab.pitch_token(pitch))
            room = BAR_STEPS - position - grid * max(0, request.min_notes - len(notes) - 1)
            lengths = [d for d in range(grid, min(room, vocab.MAX_DURATION) + 1, grid)] or [room]
            duration = self._sample_duration(lengths)
            self._emit(tokens, vocab.dur_token(duration))
            notes.append(SampledNote(index, position, duration, pitch))
            cursor = position + duration
        return notes

    def _forced_bar(self, index: int, request: BarRequest, tokens: list[int]) -> list[SampledNote]:
        notes: list[SampledNote] = []
        current = -1
        assert request.rhythm is not None
        for forced in request.rhythm:
            self._emit(tokens, vocab.pos_token(forced.position))
            chord = request.chords[forced.position // HALF]
            if chord != current:
                self._emit(tokens, chord)
                current = chord
            if forced.pitch is not None:
                pitch = forced.pitch
                self.last_pitch = pitch
                self.usage.add(pitch)
            else:
                pitch = self._sample_pitch(forced.pitches or request.pitches[forced.position // HALF])
            self._emit(tokens, vocab.pitch_token(pitch))
            self._emit(tokens, vocab.dur_token(forced.duration))
            notes.append(SampledNote(index, forced.position, forced.duration, pitch))
        return notes

    # --- tokens in, tokens out -----------------------------------------------------------------

    def _emit(self, bar_tokens: list[int], token: int) -> None:
        bar_tokens.append(token)
        self.pending.append(token)

    def _queue_bar(self, tokens: list[int]) -> None:
        self._make_room(len(tokens))
        self.history.append(tokens)
        self.pending.extend(tokens)

    def _make_room(self, needed: int = 4 * BAR_STEPS + 2) -> None:
        """Keep the context from overflowing: restart from the prefix and the latest bars."""
        if self.state.length + len(self.pending) + needed <= self.model.context:
            return
        kept: list[list[int]] = []
        budget = self.model.context // 2
        for tokens in reversed(self.history):
            if sum(len(t) for t in kept) + len(tokens) > budget:
                break
            kept.insert(0, tokens)
        # Called only between bars, so every token fed or pending is in `history`: rebuild from it.
        self.state = self.model.start()
        self.pending = [*self.prefix, *(t for bar in kept for t in bar)]

    def _logits(self) -> Array:
        tokens, self.pending = self.pending, []
        if len(tokens) == 1:
            return self.state.step(tokens[0])
        logits: Array = self.state.feed(np.asarray(tokens, dtype=np.int64))[-1]
        return logits

    def _sample(self, choices: Sequence[int], bias: npt.NDArray[np.float32] | None = None) -> int:
        logits = self._logits()
        chosen = np.asarray(choices, dtype=np.int64)
        values = logits[chosen].astype(np.float64) / max(1e-3, self.controls.temperature)
        if bias is not None:
            values = values + bias
        probs = np.exp(values - values.max())
        probs /= probs.sum()
        order = np.argsort(-probs, kind="stable")
        cumulative = np.cumsum(probs[order])
        keep = order[: int(np.searchsorted(cumulative, self.controls.top_p)) + 1]
        kept = probs[keep] / probs[keep].sum()
        pick = int(np.searchsorted(np.cumsum(kept), self.rng.random() * (1 - 1e-12)))
        return int(chosen[keep[min(pick, len(keep) - 1)]])

    def _sample_pitch(self, allowed: frozenset[int]) -> int:
        pitches = self.usage.tired(sorted(p for p in allowed if vocab.PITCH_LOW <= p <= vocab.PITCH_HIGH))
        if not pitches:
            raise ValueError("No pitch is allowed here.")
        bias = self.usage.penalty(pitches, self.controls.variety) if self.controls.variety > 0 else None
        if self.controls.colour:
            lift = dict(self.controls.colour)
            colour = np.asarray([lift.get(p % 12, 0.0) for p in pitches], dtype=np.float32)
            bias = colour if bias is None else bias + colour
        pitch = self._sample([vocab.pitch_token(p) for p in pitches], bias) - vocab.PITCH0 + vocab.PITCH_LOW
        self.last_pitch = pitch
        self.usage.add(pitch)
        return pitch

    def _sample_duration(self, lengths: Sequence[int]) -> int:
        bias = -self.controls.density * _DUR_LOG[np.asarray(lengths) - 1]
        return self._sample([vocab.dur_token(d) for d in lengths], bias.astype(np.float32)) - vocab.DUR1 + 1
