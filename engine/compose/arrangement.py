"""Arrangement: which parts play where, drawn per song from the seed and the genre.

The intro sets the song up in one of three ways: the band without the lead; the drums alone for its
first half, the band joining at its middle (a build); or the harmony alone (chords, pad, arpeggio), the
rhythm section entering with the verse. A bridge may be a breakdown: drums and bass drop out for its
first half and come back for the second. The lead may enter with a two-note pickup in the intro's last
beat instead of on the downbeat.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from engine.compose.genres import GenreProfile
from engine.compose.plan import TICKS_PER_BAR, NoteEvent
from engine.instruments import Role
from engine.score import Section

INTROS = ("band", "drums", "harmony")
_RHYTHM_SECTION = frozenset({Role.DRUMS, Role.BASS})
BREAKDOWN_CHANCE = 0.5
PICKUP_CHANCE = 0.5


@dataclass(frozen=True)
class Arrangement:
    intro: str = "band"  # one of INTROS
    breakdown: bool = False  # bridges drop drums and bass for their first half
    pickup: bool = False  # the lead enters with a pickup into the first section after the intro


def choose_arrangement(profile: GenreProfile, seed: int) -> Arrangement:
    """The song's arrangement: the intro by the genre's weights, the breakdown and the pickup by chance."""
    rng = random.Random(f"{seed}:{profile.name}:arrangement")
    intro = rng.choices(INTROS, weights=profile.intro_weights)[0]
    breakdown = profile.groove != "ambient" and rng.random() < BREAKDOWN_CHANCE
    return Arrangement(intro=intro, breakdown=breakdown, pickup=rng.random() < PICKUP_CHANCE)


def resting_spans(arrangement: Arrangement, sections: Sequence[Section], role: Role) -> list[tuple[int, int]]:
    """(start, end) ticks where a part of this role rests."""
    spans: list[tuple[int, int]] = []
    intro = sections[0] if len(sections) > 1 and sections[0].name == "intro" else None
    if intro is not None and role is not Role.LEAD:
        end = intro.bars * TICKS_PER_BAR
        if arrangement.intro == "drums" and role is not Role.DRUMS:
            spans.append((0, (intro.bars // 2) * TICKS_PER_BAR))
        elif arrangement.intro == "harmony" and role in _RHYTHM_SECTION:
            spans.append((0, end))
    if arrangement.breakdown and role in _RHYTHM_SECTION:
        for section in sections:
            if section.name == "bridge" and section.bars >= 4:
                start = section.start_bar * TICKS_PER_BAR
                spans.append((start, start + (section.bars // 2) * TICKS_PER_BAR))
    return spans


def arrange(
    arrangement: Arrangement, sections: Sequence[Section], role: Role, events: Sequence[NoteEvent]
) -> list[NoteEvent]:
    """The part without the notes that start where its role rests."""
    spans = resting_spans(arrangement, sections, role)
    return [e for e in events if not any(start <= e.start < end for start, end in spans)]
