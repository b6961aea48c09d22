"""Drums: genre grooves on the General MIDI drum map, varied per section theme by the seed and played in
the mood's feel; crashes on section starts, fills at section ends."""

from __future__ import annotations

import random
from typing import NamedTuple

from engine.compose.plan import STEPS_PER_BAR, NoteEvent, SongPlan

KICK, SIDE_STICK, SNARE, CLAP = 36, 37, 38, 39
CLOSED_HAT, PEDAL_HAT, OPEN_HAT = 42, 44, 46
LOW_FLOOR_TOM, HIGH_FLOOR_TOM, LOW_TOM, LOW_MID_TOM, HI_MID_TOM, HIGH_TOM = 41, 43, 45, 47, 48, 50
CRASH, RIDE, RIDE_BELL, TAMBOURINE, COWBELL, SHAKER = 49, 51, 53, 54, 56, 70

_GHOST = 0.3  # velocity scale of a ghost note
# Velocity scale of each pattern character.
_HIT = {"X": 1.0, "x": 0.82, "o": 0.45, "g": _GHOST}

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


class Variations(NamedTuple):
    """What a drummer varies in a groove, drawn per section theme from the song's seed: the kick figure
    (for low and high energy), the time-keeping figure (hats or ride) and where ghost snares may fall."""

    kicks: tuple[tuple[str, ...], tuple[str, ...]]
    keepers: tuple[int, ...]  # drums that may keep time (closed hat, ride, shaker ...), likeliest first
    figures: tuple[str, ...]
    ghost_steps: tuple[int, ...] = ()


_POP_KICKS = (
    ("x.......x.......", "x.......x.x.....", "x.....x.x.......", "x..x....x......."),
    ("x.....x.x.......", "x.....x.x.x.....", "x..x..x.x.......", "x.x...x.x....x.."),
)
_HAT_FIGURES = (
    "x.x.x.x.x.x.x.x.",
    "x.x.x.x.x.x.x.o.",
    "xoxoxoxoxoxoxoxo",
    "x.xox.x.x.xox.x.",
    "x...x...x...x...",
    "x.x.x.xox.x.x.xo",
    "x.x.x.x.x.x.x.xx",
)
VARIATIONS: dict[str, Variations] = {
    "backbeat": Variations(_POP_KICKS, (CLOSED_HAT, RIDE, SHAKER), _HAT_FIGURES, (7, 15)),
    "rock": Variations(
        (
            ("x.......x.......", "x.......x.x.....", "x.x.....x......."),
            ("x.....x.x.x.....", "x.x...x.x.x.....", "x.....xxx......."),
        ),
        (CLOSED_HAT, RIDE),
        ("x.x.x.x.x.x.x.x.", "x...x...x...x...", "X.x.X.x.X.x.X.x."),
        (15,),
    ),
    "four_floor": Variations(
        (("x...x...x...x...",), ("X...X...X...X...", "X...X...X...X.x.", "X...X..xX...X...")),
        (CLOSED_HAT, OPEN_HAT, SHAKER),
        ("..x...x...x...x.", "o.x.o.x.o.x.o.x.", "xxoxxxoxxxoxxxox", "..x.o.x...x.o.x."),
    ),
    "boom_bap": Variations(
        (
            ("x......x..x.....", "x.........x.....", "x......xx.x....."),
            ("x......x.xx.....", "x.x....x..x..x..", "x......x.x...x.."),
        ),
        (CLOSED_HAT, PEDAL_HAT, SHAKER),
        ("x.x.x.x.x.x.x.x.", "x.x.x.x.x.x.x.xo", "x.xxx.x.x.xxx.x.", "x...x...x...x..."),
        (7, 10, 15),
    ),
    "trap": Variations(
        (
            ("x.........x.....", "x......x..x.....", "x.........x..x.."),
            ("x.....x...x..x..", "x.x....x..x....."),
        ),
        (CLOSED_HAT, PEDAL_HAT),
        ("x.x.x.x.x.x.x.x.", "xoxoxoxoxoxoxxxx", "x.x.x.xxx.x.x.x.", "xoxoxoxxxoxoxoxx"),
    ),
    "lofi": Variations(
        (
            ("x.....x...x.....", "x.......x.x.....", "x.....x.......x."),
            ("x.....x...x..x..", "x..x..x...x.....", "x.....xx..x....."),
        ),
        (CLOSED_HAT, SHAKER, RIDE),
        ("o.o.o.o.o.o.o.o.", "x.o.x.o.x.o.x.o.", "o.ooo.o.o.ooo.o.", "o...o...o...o..."),
        (3, 7, 11, 15),
    ),
    "funk": Variations(
        (
            ("x..x......x.....", "x.x.......x..x..", "x..x..x...x....."),
            ("x..x..x...x..x..", "x.xx......x.x...", "x..x.x....x..x.."),
        ),
        (CLOSED_HAT, PEDAL_HAT, RIDE),
        ("xoxoxoxoxoxoxoxo", "x.x.x.x.x.x.x.x.", "xoxxxoxoxoxxxoxo"),
        (2, 7, 9, 14, 15),
    ),
    "folk": Variations(
        (("x.......x.......", "x.....x.x......."), ("x.......x.x.....", "x..x....x.x.....")),
        (TAMBOURINE, SHAKER, CLOSED_HAT),
        ("..o...o...o...o.", "x.o.x.o.x.o.x.o.", "x...x...x...x..."),
    ),
    "jazz_swing": Variations(
        (("o...............", "................"), ("o.......o.......", "o.....o.........")),
        (RIDE, RIDE_BELL, CLOSED_HAT),
        ("x...x.x.x...x.x.", "x...x.x.x.x.x.x.", "x.x.x...x.x.x...", "x...x...x...x...", "x...x.x.x...x..."),
        (6, 10, 14),
    ),
    "shuffle": Variations(
        (
            ("x.......x.......", "x.......x.....o.", "x.....o.x.......", "x.......x...x..."),
            ("x.....o.x.....o.", "x.o...o.x.o...o.", "x...x...x...x...", "x.....x.x.....x."),
        ),
        (CLOSED_HAT, RIDE, PEDAL_HAT),
        ("x.o.x.o.x.o.x.o.", "x...x...x...x...", "x.x.x.x.x.x.x.x.", "x...x.x.x...x.x.", "X.x.X.x.X.x.X.x."),
        (6, 14),
    ),
    # Cinematic percussion marks every beat (a 3+3+2 figure would make the pulse read as dotted quarters).
    "cinematic": Variations(
        (
            ("x.......x.......", "x.....x.x.......", "x...x...x...x..."),
            ("X...x...X...x...", "X.x.x...X.x.x...", "X...X...X.x.X..."),
        ),
        (LOW_FLOOR_TOM, HIGH_FLOOR_TOM),
        ("x...o...x...o...", "x.o.x.o.x.o.x.oo", "x...x.o.x...x.o.", "x.x.x.x.x.x.x.x.", "xxx.x...xxx.x..."),
    ),
}
# What a drummer or percussionist adds over the groove, drawn per section theme (often nothing): a
# tambourine or claps with the backbeat, a shaker, an open hat or a cowbell, tom pickups into the beat.
# An ornament never replaces a drum the groove already plays; in a half-time feel what it played on two
# and four moves to three, with the backbeat.
ORNAMENTS: dict[str, tuple[Pattern, ...]] = {
    "backbeat": (
        {},
        {TAMBOURINE: "....x.......x..."},
        {SHAKER: "oxoxoxoxoxoxoxox"},
        {CLAP: "....x.......x..."},
    ),
    "rock": (
        {},
        {TAMBOURINE: "x.x.x.x.x.x.x.x."},
        {RIDE_BELL: "x...x...x...x..."},
        {OPEN_HAT: "......x.......x."},
    ),
    "four_floor": (
        {},
        {SHAKER: "oxoxoxoxoxoxoxox"},
        {TAMBOURINE: "..x...x...x...x."},
        {CLAP: "....x..x....x..."},
    ),
    "boom_bap": (
        {},
        {SHAKER: "..o...o...o...o."},
        {TAMBOURINE: "............x..."},
        {SIDE_STICK: "..........x....."},
    ),
    "trap": (
        {},
        {OPEN_HAT: "......x.......x."},
        {SIDE_STICK: "...x......x....."},
        {COWBELL: "..........o....."},
    ),
    "lofi": (
        {},
        {SHAKER: "..o...o...o...o."},
        {SIDE_STICK: "......o.......o."},
        {TAMBOURINE: "....o.......o..."},
    ),
    "jazz_swing": ({}, {SIDE_STICK: "............o..."}, {CLOSED_HAT: "......o.......o."}),
    "shuffle": (
        {},
        {TAMBOURINE: "....x.......x..."},
        {OPEN_HAT: "..............x."},
        {RIDE_BELL: "x.......x......."},
    ),
    "funk": (
        {},
        {TAMBOURINE: "..x...x...x...x."},
        {OPEN_HAT: "..............x."},
        {COWBELL: "x...x...x...x..."},
    ),
    "folk": ({}, {SHAKER: "x.o.x.o.x.o.x.o."}, {CLAP: "....x.......x..."}, {SNARE: "..............o."}),
    "cinematic": (
        {},
        {HI_MID_TOM: "......o.......oo"},
        {HIGH_TOM: "..............xx"},
        {LOW_TOM: "......x.....o.x."},
    ),
}
# Drums that keep time in a pattern, the usual first (an open hat is an accent, not the time-keeper).
_TIME_KEEPERS = (CLOSED_HAT, RIDE, TAMBOURINE, SHAKER, PEDAL_HAT, RIDE_BELL, LOW_FLOOR_TOM)
_FEELS = frozenset({"backbeat", "rock", "boom_bap", "lofi", "funk", "folk", "four_floor", "shuffle"})
_TRIPLET_GROOVES = frozenset({"shuffle"})  # half-time shuffle, yes; 16th hats over triplets, no


def write_drums(plan: SongPlan, rng: random.Random) -> list[NoteEvent]:
    """The groove bar by bar: each section theme draws its own variation of the genre's groove (kick,
    hats, ghost notes) in the mood's feel; energy picks the pattern; sections get crashes and fills."""
    groove = plan.profile.mood_grooves.get(plan.mood.name, plan.profile.groove)
    low, high = GROOVES[groove]
    themes: dict[tuple[str, bool], Pattern] = {}
    events: list[NoteEvent] = []
    last_bar = plan.bars - 1
    for bar in range(plan.bars):
        section = plan.section_at_bar(bar)
        energy = section.energy
        loudness = 0.75 if groove in _SOFT_KITS else 1.0
        if bar == last_bar and plan.bars > 1:
            events.extend(_ending(plan, bar, energy, groove))
            continue
        high_energy = energy >= _HIGH_ENERGY
        theme = (section.name, high_energy)
        if theme not in themes:
            base = high if high_energy else low
            felt = _in_feel(_varied(groove, base, high_energy, rng), groove, plan.mood.feel, rng)
            themes[theme] = _ornamented(felt, groove, plan.mood.feel, rng)
        pattern = dict(themes[theme])
        section_end = bar == section.start_bar + section.bars - 1
        fill_steps = 4 if not high_energy else 8
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


def _varied(groove: str, base: Pattern, high_energy: bool, rng: random.Random) -> Pattern:
    """The groove with a kick figure, a time-keeping figure and ghost snares drawn for one theme."""
    variations = VARIATIONS.get(groove)
    if variations is None:
        return dict(base)
    pattern = dict(base)
    pattern[KICK] = rng.choice(variations.kicks[high_energy])
    old_keeper = _time_keeper(pattern)
    if old_keeper is not None:
        del pattern[old_keeper]
    keeper = rng.choices(variations.keepers, weights=[1.5, *[1.0] * (len(variations.keepers) - 1)])[0]
    figure = rng.choice(variations.figures)
    pattern[keeper] = figure
    if figure.endswith("o.") and keeper == CLOSED_HAT:  # an open hat on the last offbeat
        pattern[keeper] = figure[:-2] + ".."
        pattern[OPEN_HAT] = "." * 14 + "x."
    if SNARE in pattern and variations.ghost_steps and rng.random() < 0.7:
        hits = list(pattern[SNARE])
        for step in rng.sample(variations.ghost_steps, k=min(2, len(variations.ghost_steps))):
            if hits[step] == ".":
                hits[step] = "g"
        pattern[SNARE] = "".join(hits)
    return pattern


def _ornamented(pattern: Pattern, groove: str, feel: str, rng: random.Random) -> Pattern:
    """The pattern with one of the groove's ornaments (seeded) on drums it does not play yet."""
    options = ORNAMENTS.get(groove)
    if not options:
        return pattern
    out = dict(pattern)
    for drum, hits in rng.choice(options).items():
        if drum in out:
            continue
        if feel == "half":  # what marked two and four marks the half-time backbeat on three
            marks = [c for step, c in enumerate(hits) if step in (4, 12) and c in _HIT]
            hits = "".join(
                (marks[0] if marks else c) if step == 8 else "." if step in (4, 12) else c
                for step, c in enumerate(hits)
            )
        if any(c in _HIT for c in hits):
            out[drum] = hits
    return out


def _time_keeper(pattern: Pattern) -> int | None:
    return next((drum for drum in _TIME_KEEPERS if drum in pattern), None)


def _in_feel(pattern: Pattern, groove: str, feel: str, rng: random.Random) -> Pattern:
    """The mood's feel: half-time moves the backbeat to beat 3 and clears the kick there; double-time
    plays the hats in 16ths and adds 8th pickups to the kick (a shuffle: `_driving_shuffle`; cinematic
    percussion: `_cinematic_feel`)."""
    if groove == "cinematic" and feel != "straight":
        return _cinematic_feel(pattern, feel)
    if groove in _TRIPLET_GROOVES and feel == "double":
        return _driving_shuffle(pattern, rng)
    if groove not in _FEELS or feel == "straight":
        return pattern
    out = dict(pattern)
    back = SNARE if SNARE in out else CLAP if CLAP in out else SIDE_STICK if SIDE_STICK in out else None
    if feel == "half":
        if back is not None:
            hits = ["g" if c == "g" else "." for c in out[back]]
            hits[8] = "X"
            out[back] = "".join(hits)
        if KICK in out:
            kick = list(out[KICK])
            kick[8] = "."
            out[KICK] = "".join(kick)
        return out
    keeper = _time_keeper(out)
    if keeper is not None:
        out[keeper] = "xoxoxoxoxoxoxoxo"
    if KICK in out:
        kick = list(out[KICK])
        for step in (6, 14):
            if kick[step] == "." and (back is None or out[back][step] == "."):
                kick[step] = "x"
        out[KICK] = "".join(kick)
    return out


def _driving_shuffle(pattern: Pattern, rng: random.Random) -> Pattern:
    """A shuffle driven harder (16th hats would fight its triplets), one way drawn per theme: the kick on
    every beat and the time moved onto the ride (a Texas shuffle); the snare ghosting every swung
    upbeat under the time-keeper (a double shuffle); or the kick on every beat under the hats."""
    out = dict(pattern)
    drive = rng.choice(("texas", "double", "four"))
    if KICK in out and drive != "double":
        out[KICK] = "".join("x" if step % 4 == 0 else c for step, c in enumerate(out[KICK]))
    keeper = _time_keeper(out)
    if drive == "texas" and keeper is not None and keeper != RIDE:
        out[RIDE] = out.pop(keeper)
    if drive == "double" and SNARE in out:
        out[SNARE] = "".join("g" if step % 4 == 2 and c == "." else c for step, c in enumerate(out[SNARE]))
    return out


def _cinematic_feel(pattern: Pattern, feel: str) -> Pattern:
    """Orchestral percussion in the mood's feel: half-time keeps the hits on beats one and three and the
    pickups in the 8th before them; double-time drives the time-keeping drum in 8ths."""
    if feel == "half":
        return {
            drum: "".join(c if step % 8 in (0, 6, 7) else "." for step, c in enumerate(hits))
            for drum, hits in pattern.items()
        }
    out = dict(pattern)
    keeper = _time_keeper(out)
    if keeper is not None:
        out[keeper] = "".join(
            c if c != "." else ("x" if step % 2 == 0 else ".") for step, c in enumerate(out[keeper])
        )
    return out


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
