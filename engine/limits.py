"""The song budget: how long a song may be, in seconds and in bars, and how many tracks and notes it holds.

One place for each rule. A spec is checked against it before anything is composed (`engine.spec`), and
every new edit is checked on the state it makes (`engine.edit.budget`), so no path — a length in bars
at a slow tempo, a slower tempo, a loop, an added part or recording — leads to a song over a limit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

TEMPO_MIN, TEMPO_MAX = 40, 240
BEATS_PER_BAR = 4
SONG_SECONDS_MAX = 600.0  # the musical length: the end of the last bar (renders add a short release tail)
# The most bars a song within the duration budget can hold: 600 s at the fastest tempo (1 s a bar).
SONG_BARS_MAX = math.floor(SONG_SECONDS_MAX * TEMPO_MAX / (60 * BEATS_PER_BAR))
SONG_TRACKS_MAX = 12
# The densest parts the composer writes are drum kits, up to ~18 notes a bar (funk): ~10,800 over the
# most bars. 16,384 leaves room for denser genres while keeping one stored part below ~350 KB of JSON.
PART_NOTES_MAX = 16_384


@dataclass(frozen=True)
class Excess:
    """A measure over its limit: which limit (`duration`, `bars`, `notes`, `recording`), the value, the
    limit, and a sentence that says both and by how much."""

    limit: str
    value: float
    maximum: float
    message: str

    @property
    def over(self) -> float:
        return self.value - self.maximum


def seconds_of(bars: int, tempo: float, beats_per_bar: int = BEATS_PER_BAR) -> float:
    """How long `bars` whole bars last at `tempo` BPM."""
    return bars * beats_per_bar * 60.0 / tempo


def bars_within(tempo: float, beats_per_bar: int = BEATS_PER_BAR) -> int:
    """The most whole bars that fit the duration (and bar) budget at `tempo` BPM."""
    fit = math.floor(SONG_SECONDS_MAX / seconds_of(1, tempo, beats_per_bar) + 1e-9)
    return min(SONG_BARS_MAX, fit)


def amount(value: float, unit: str) -> str:
    """A figure as the messages write it: '3,600 s', '602.5 s', '700 bars', '1 bar'."""
    text = f"{value:,.1f}".removesuffix(".0")
    if text == "1" and len(unit) > 1:
        unit = unit.removesuffix("s")
    return f"{text} {unit}"


def _excess(limit: str, value: float, maximum: float, unit: str, said: str, per: str = "") -> Excess | None:
    if value <= maximum + 1e-6:
        return None
    figure, most, over = amount(value, unit), amount(maximum, unit), amount(value - maximum, unit)
    return Excess(limit, value, maximum, f"{said.format(figure)}; the limit is {most}{per} (over by {over}).")


def duration_excess(seconds: float, subject: str) -> Excess | None:
    """`subject` ("This edit would make the song") lasting `seconds`, if that is over the budget."""
    return _excess("duration", seconds, SONG_SECONDS_MAX, "s", f"{subject} {{}} long")


def recording_excess(seconds: float, subject: str) -> Excess | None:
    """`subject` ("This edit would make the recording 'Vocals' play until") ending at `seconds` into the
    song, if that is past the duration budget."""
    return _excess("recording", seconds, SONG_SECONDS_MAX, "s", f"{subject} {{}}")


def bars_excess(bars: int, subject: str) -> Excess | None:
    """`subject` holding `bars` bars, if that is over the budget."""
    return _excess("bars", bars, SONG_BARS_MAX, "bars", f"{subject} {{}} long")


def notes_excess(notes: int, subject: str) -> Excess | None:
    """`subject` (a part) holding `notes` notes, if that is over the budget (a limit per track)."""
    return _excess("notes", notes, PART_NOTES_MAX, "notes", f"{subject} {{}}", per=" a track")
