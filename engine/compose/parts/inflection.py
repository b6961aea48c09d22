"""Blue-note inflections: a lead's thirds and fifths bent up from the blue note below, and its whole-tone
steps around a blue note passed through it.

A blues, jazz or rock player rarely hits a major third or a fifth straight: they crush into it from the
flat third or the flat fifth (a hammer-on, a half-step bend); and a line from the 4th to the 5th, the
2nd to the 3rd or the 6th to the octave runs through the b5, b3 or b7 between them. Where the key's
scale lacks the blue note and the note is long enough, a seeded share of such places (the genre's
`blue_inflection`) get the blue note: for the step of the (swung) 16th grid just before the target,
taken from the note or rest before it, or for the second half of the first note of the step. The
melody's own notes keep their onsets.
"""

from __future__ import annotations

import random

from engine.compose.plan import NoteEvent, SongPlan
from engine.score import TICKS_PER_BEAT
from engine.theory import blue_notes

_GRACE = TICKS_PER_BEAT // 4  # a 16th
_TARGETS = {3: 4, 6: 7}  # blue note -> the tone it leads up to (b3 -> 3, b5 -> 5)


def bend_into_blue_notes(plan: SongPlan, events: list[NoteEvent], rng: random.Random) -> list[NoteEvent]:
    """The lead with some of its thirds and fifths approached from their blue notes, and some of its
    whole-tone steps passing through one."""
    share = plan.profile.blue_inflection
    if share <= 0:
        return events
    scale = {(pc - plan.key_pc) % 12 for pc in plan.scale}
    targets = {target: blue for blue, target in _TARGETS.items() if blue in blue_notes(plan.mode)}
    targets = {t: b for t, b in targets.items() if t in scale}
    blues = set(blue_notes(plan.mode))
    out: list[NoteEvent] = []
    ordered = sorted(events)
    for event, following in zip(ordered, [*ordered[1:], None], strict=True):
        degree = (event.pitch - plan.key_pc) % 12
        end = event.start + event.duration
        step = following.pitch - event.pitch if following is not None else 0
        between = (event.pitch + step // 2 - plan.key_pc) % 12
        if abs(step) == 2 and between in blues and rng.random() < share:
            split = _grid_tick(plan, event.start + event.duration // 2)
            if event.start < split < end - _GRACE // 2:
                out.append(event._replace(duration=split - event.start))
                out.append(NoteEvent(split, end - split, event.pitch + step // 2, event.velocity))
                continue
        if degree in targets and rng.random() < share:
            grace = _grid_tick(plan, event.start - 1, before=True)
            previous = out[-1] if out else None
            if grace >= 0 and (previous is None or previous.start + _GRACE // 2 <= grace):
                if previous is not None and previous.start + previous.duration > grace:
                    out[-1] = previous._replace(duration=grace - previous.start)
                blue = event.pitch - (degree - targets[degree])
                out.append(NoteEvent(grace, event.start - grace, blue, max(1, event.velocity - 8)))
        out.append(event)
    return out


def _grid_tick(plan: SongPlan, tick: int, before: bool = False) -> int:
    """The 16th-grid tick (swing applied) nearest `tick`, or the last at or before it."""
    beat = tick // TICKS_PER_BEAT
    grid = [beat * TICKS_PER_BEAT + offset for offset in (*plan.profile.step_offsets(), TICKS_PER_BEAT)]
    if before:
        return max(g for g in grid if g <= tick)
    return min(grid, key=lambda g: abs(g - tick))
