"""SongPlan: everything the part writers share — form, chords, key, grid and genre/mood profiles."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from engine.compose.genres import GenreProfile
from engine.compose.moods import MoodProfile
from engine.score import TICKS_PER_BEAT, Chord, Section

if TYPE_CHECKING:  # arrangement.py reads this module's grid
    from engine.compose.arrangement import Arrangement

STEPS_PER_BAR = 16
TICKS_PER_BAR = 4 * TICKS_PER_BEAT


class NoteEvent(NamedTuple):
    """A note before humanisation: start and duration in ticks."""

    start: int
    duration: int
    pitch: int
    velocity: int


@dataclass(frozen=True)
class SongPlan:
    key_pc: int
    mode: str
    tempo: int
    bars: int
    profile: GenreProfile
    mood: MoodProfile
    sections: tuple[Section, ...]
    chords: tuple[Chord, ...]
    scale: tuple[int, ...]  # pitch classes of the key, tonic first
    exceptions: dict[int, int]  # chromatic pc -> scale pc it replaces (harmony.chromatic_exceptions)
    arrangement: Arrangement  # who plays where (intro, breakdowns, the lead's pickup)
    _chord_starts: list[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_chord_starts", [c.start for c in self.chords])

    @property
    def total_ticks(self) -> int:
        return self.bars * TICKS_PER_BAR

    def tick(self, step: int) -> int:
        """Tick of a 16th step counted from the song's start, swing applied."""
        beat, sub = divmod(step, 4)
        return beat * TICKS_PER_BEAT + self.profile.step_offsets()[sub]

    def span(self, step: int, length: int) -> tuple[int, int]:
        """(start tick, duration) of `length` 16th steps from `step`."""
        start = self.tick(step)
        return start, max(1, self.tick(step + length) - start)

    def chord_index_at(self, tick: int) -> int:
        return max(0, bisect.bisect_right(self._chord_starts, tick) - 1)

    def chord_at(self, tick: int) -> Chord:
        return self.chords[self.chord_index_at(tick)]

    def chords_between(self, start: int, end: int) -> list[Chord]:
        return [c for c in self.chords if c.start < end and c.start + c.duration > start]

    def section_at_bar(self, bar: int) -> Section:
        for section in self.sections:
            if section.start_bar <= bar < section.start_bar + section.bars:
                return section
        return self.sections[-1]

    def melody_pitch_classes(self, chord: Chord) -> frozenset[int]:
        """The scale over a chord: chromatic chord tones replace the scale tones they alter; in the
        blues the blue notes replace their naturals wherever the chord does not hold the natural."""
        pcs = set(self.scale)
        for pc, replaced in self.exceptions.items():
            is_blue_note = (pc - self.key_pc) % 12 in (3, 10)
            blue = self.profile.blue_notes and is_blue_note and replaced not in chord.pitch_classes
            if pc in chord.pitch_classes or blue:
                pcs.add(pc)
                if replaced not in chord.pitch_classes:
                    pcs.discard(replaced)
        return frozenset(pcs)

    def velocity(self, energy: float, accent: float = 1.0, base: int = 56, span: int = 50) -> int:
        value = (base + span * energy + self.mood.velocity) * accent
        return max(1, min(127, round(value)))
