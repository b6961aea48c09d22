"""Drums: genre grooves on the General MIDI drum map, crashes on section starts, fills at section ends."""

from __future__ import annotations

import random

from engine.compose.plan import STEPS_PER_BAR, NoteEvent, SongPlan

KICK, SIDE_STICK, SNARE, CLAP = 36, 37, 38, 39
CLOSED_HAT, PEDAL_HAT, OPEN_HAT = 42, 44, 46
LOW_FLOOR_TOM, HIGH_FLOOR_TOM, LOW_TOM, LOW_MID_TOM, HI_MID_TOM, HIGH_TOM = 41, 43, 45, 47, 48, 50
CRASH, RIDE, RIDE_BELL, TAMBOURINE, SHAKER = 49, 51, 53, 54, 70

# Velocity scale of each pattern character.
_HIT = {"X": 1.0, "x": 0.82, "o": 0.45}

Pattern = dict[int, str]

# groove -> (low-energy pattern, high-energy pattern); 16 characters per bar, one per 16th.
GROOVES: dict[str, tuple[Pattern, Pattern]] = {
    "backbeat": (
        {KICK: "x.......x.......", SNARE: "....x.......x...", CLOSED_HAT: "x.x.x.x.x.x.x.x."},
        {
            KICK: "x.....x.x.......",
            SNARE: "....X.......X...",
            CLOSED_HAT: "x.x.x.x.x.x.x...",
            OPEN_HAT: "..............x.",
        },
    ),
    "rock": (
        {KICK: "x.......x.......", SNARE: "....x.......x...", CLOSED_HAT: "x.x.x.x.x.x.x.x."},
        {KICK: "x.....x.x.x.....", SNARE: "....X.......X...", RIDE: "x.x.x.x.x.x.x.x."},
    ),
    "four_floor": (
        {KICK: "x...x...x...x...", CLOSED_HAT: "..x...x...x...x."},
        {
            KICK: "X...X...X...X...",
            CLAP: "....x.......x...",
            CLOSED_HAT: "o.x.o.x.o.x.o.x.",
            OPEN_HAT: "..x...x...x...x.",
        },
    ),
    "boom_bap": (
        {KICK: "x......x..x.....", SNARE: "....x.......x...", CLOSED_HAT: "x.x.x.x.x.x.x.x."},
        {KICK: "x......x.xx.....", SNARE: "....X.......X..o", CLOSED_HAT: "x.x.x.x.x.x.x.xo"},
    ),
    "trap": (
        {KICK: "x.........x.....", CLAP: "........x.......", CLOSED_HAT: "x.x.x.x.x.x.x.x."},
        {KICK: "x.....x...x..x..", CLAP: "........X.......", CLOSED_HAT: "xoxoxoxoxoxoxxxx"},
    ),
    "lofi": (
        {KICK: "x.....x...x.....", SNARE: "....o.......o...", CLOSED_HAT: "o.o.o.o.o.o.o.o."},
        {KICK: "x.....x...x..x..", SNARE: "....x.......x...", CLOSED_HAT: "x.o.x.o.x.o.x.o."},
    ),
    "jazz_swing": (
        {RIDE: "x...x.x.x...x.x.", PEDAL_HAT: "....x.......x...", KICK: "o..............."},
        {
            RIDE: "x...x.x.x...x.x.",
            PEDAL_HAT: "....x.......x...",
            KICK: "o.......o.......",
            SNARE: "......o.......o.",
        },
    ),
    "shuffle": (
        {CLOSED_HAT: "x.o.x.o.x.o.x.o.", KICK: "x.......x.......", SNARE: "....x.......x..."},
        {RIDE: "x.o.x.o.x.o.x.o.", KICK: "x.....o.x.....o.", SNARE: "....X.......X..."},
    ),
    "funk": (
        {KICK: "x..x......x.....", SNARE: "....x.......x...", CLOSED_HAT: "x.x.x.x.x.x.x.x."},
        {KICK: "x..x..x...x..x..", SNARE: "....X..o.o..X..o", CLOSED_HAT: "xoxoxoxoxoxoxoxo"},
    ),
    "folk": (
        {KICK: "x.......x.......", SIDE_STICK: "....x.......x...", TAMBOURINE: "..o...o...o...o."},
        {KICK: "x.......x.x.....", SNARE: "....x.......x...", TAMBOURINE: "x.o.x.o.x.o.x.o."},
    ),
    "ambient": (
        {KICK: "o...............", SHAKER: "........o......."},
        {KICK: "o.......o.......", SHAKER: "..o...o...o...o.", RIDE_BELL: "o..............."},
    ),
    "orchestral": (
        {LOW_FLOOR_TOM: "o..............."},
        {LOW_FLOOR_TOM: "x.......o.......", HIGH_FLOOR_TOM: "..............o."},
    ),
    # Cinematic percussion marks every beat (taikos on the quarters, 8th pickups): a 3+3+2 tom figure
    # made the pulse read as dotted quarters.
    "cinematic": (
        {LOW_FLOOR_TOM: "x...o...x...o...", KICK: "x.......x......."},
        {
            KICK: "X...x...X...x...",
            LOW_FLOOR_TOM: "x.o.x.o.x.o.x.oo",
            LOW_TOM: "......o.......x.",
            SNARE: "....x.......X...",
        },
    ),
}
_NO_CRASH = frozenset({"ambient"})
_SOFT_KITS = frozenset({"ambient", "orchestral", "lofi"})
_HIGH_ENERGY = 0.6


def write_drums(plan: SongPlan, rng: random.Random) -> list[NoteEvent]:
    """The groove bar by bar; energy picks the pattern, sections get crashes and fills."""
    groove = plan.profile.mood_grooves.get(plan.mood.name, plan.profile.groove)
    low, high = GROOVES[groove]
    events: list[NoteEvent] = []
    last_bar = plan.bars - 1
    for bar in range(plan.bars):
        section = plan.section_at_bar(bar)
        energy = section.energy
        loudness = 0.75 if groove in _SOFT_KITS else 1.0
        if bar == last_bar and plan.bars > 1:
            events.extend(_ending(plan, bar, energy, groove))
            continue
        pattern = dict(high if energy >= _HIGH_ENERGY else low)
        section_end = bar == section.start_bar + section.bars - 1
        fill_steps = 4 if energy < _HIGH_ENERGY else 8
        if section_end and section.bars >= 2 and groove != "ambient":
            pattern = {note: hits[: STEPS_PER_BAR - fill_steps] for note, hits in pattern.items()}
            pattern.update(_fill(groove, fill_steps, energy, rng))
        for note, hits in pattern.items():
            for step, char in enumerate(hits):
                if char in _HIT:
                    accent = _HIT[char] * loudness * (1.0 + rng.uniform(-0.05, 0.05))
                    start, length = plan.span(bar * STEPS_PER_BAR + step, 1)
                    events.append(NoteEvent(start, length, note, plan.velocity(energy, accent, 60, 45)))
        if bar == section.start_bar and bar > 0 and _crashes(groove, section.name):
            start, length = plan.span(bar * STEPS_PER_BAR, 8)
            events.append(NoteEvent(start, length, CRASH, plan.velocity(energy, 0.95 * loudness)))
    return events


def _crashes(groove: str, section_name: str) -> bool:
    """Crash on section starts; orchestral percussion saves its cymbal for the chorus."""
    if groove in _NO_CRASH:
        return False
    return groove not in ("orchestral", "cinematic") or section_name == "chorus"


def _fill(groove: str, steps: int, energy: float, rng: random.Random) -> dict[int, str]:
    """A fill over the bar's last `steps` 16ths: snare crescendo, or descending toms when energy is high."""
    pad = "." * (STEPS_PER_BAR - steps)
    if groove in ("orchestral", "cinematic"):
        return {LOW_FLOOR_TOM: pad + "o.x." * (steps // 4)}
    if groove == "jazz_swing":
        return {SNARE: pad + ("o.x." * (steps // 4))[:-1] + "X", RIDE: pad + "x..." * (steps // 4)}
    if energy < _HIGH_ENERGY or rng.random() < 0.4:
        return {SNARE: pad + "oxxX" * (steps // 4), KICK: pad + "x..." * (steps // 4)}
    toms = (HIGH_TOM, HI_MID_TOM, LOW_TOM, HIGH_FLOOR_TOM)
    quarter = steps // 4
    fill: dict[int, str] = {}
    for i, tom in enumerate(toms):
        hits = ["."] * steps
        for j in range(quarter):
            hits[i * quarter + j] = "x"
        fill[tom] = pad + "".join(hits)
    return fill


def _ending(plan: SongPlan, bar: int, energy: float, groove: str) -> list[NoteEvent]:
    """The last bar: one hit on the downbeat left to ring."""
    start, length = plan.span(bar * STEPS_PER_BAR, 16)
    notes = [LOW_FLOOR_TOM] if groove == "orchestral" else [KICK]
    if groove not in _NO_CRASH:
        notes.append(CRASH)
    return [NoteEvent(start, length, note, plan.velocity(energy, 0.9)) for note in notes]
