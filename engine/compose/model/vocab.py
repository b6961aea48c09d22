"""The melody model's event vocabulary, shared by training (tokenising the corpus) and sampling.

A tune is `MODE_x METER_x` then, per bar, `BAR` followed by its notes as `POS_p [CHORD_r_q] PITCH_n DUR_d`:
POS is the onset in 16ths from the bar line, PITCH is semitones above the tonic (tonic = 0), DUR is in
16ths. A CHORD token (root in semitones above the tonic, quality) precedes the first note of every bar
and any note where the harmony has changed. Rests are the gaps between notes. `END` closes a tune.
"""

from __future__ import annotations

MODES = ("major", "minor")
METERS: dict[str, int] = {"2/4": 8, "3/4": 12, "4/4": 16, "6/8": 12}  # meter -> 16ths per bar
CHORD_QUALITIES = ("maj", "min", "dim")
# Each chord quality's triad, in semitones above its root.
TRIAD_SHAPES: dict[str, tuple[int, int, int]] = {"maj": (0, 4, 7), "min": (0, 3, 7), "dim": (0, 3, 6)}
PITCH_LOW, PITCH_HIGH = -12, 24  # semitones from the tonic
MAX_DURATION = 16  # in 16ths
MAX_POSITION = 16

TOKENS: tuple[str, ...] = (
    "PAD",
    "END",
    *(f"MODE_{m}" for m in MODES),
    *(f"METER_{m}" for m in METERS),
    "BAR",
    *(f"POS_{p}" for p in range(MAX_POSITION)),
    *(f"CHORD_{r}_{q}" for r in range(12) for q in CHORD_QUALITIES),
    *(f"PITCH_{p}" for p in range(PITCH_LOW, PITCH_HIGH + 1)),
    *(f"DUR_{d}" for d in range(1, MAX_DURATION + 1)),
)
INDEX: dict[str, int] = {token: i for i, token in enumerate(TOKENS)}

PAD, END, BAR = INDEX["PAD"], INDEX["END"], INDEX["BAR"]
POS0 = INDEX["POS_0"]
CHORD0 = INDEX[f"CHORD_0_{CHORD_QUALITIES[0]}"]
PITCH0 = INDEX[f"PITCH_{PITCH_LOW}"]
DUR1 = INDEX["DUR_1"]


def mode_token(mode: str) -> int:
    return INDEX[f"MODE_{mode}"]


def meter_token(meter: str) -> int:
    return INDEX[f"METER_{meter}"]


def pos_token(position: int) -> int:
    return POS0 + position


def chord_token(root: int, quality: str) -> int:
    return CHORD0 + (root % 12) * len(CHORD_QUALITIES) + CHORD_QUALITIES.index(quality)


def pitch_token(relative: int) -> int:
    return PITCH0 + relative - PITCH_LOW


def dur_token(sixteenths: int) -> int:
    return DUR1 + sixteenths - 1


def is_pos(token: int) -> bool:
    return POS0 <= token < POS0 + MAX_POSITION


def is_chord(token: int) -> bool:
    return CHORD0 <= token < CHORD0 + 12 * len(CHORD_QUALITIES)


def is_pitch(token: int) -> bool:
    return PITCH0 <= token <= PITCH0 + PITCH_HIGH - PITCH_LOW


def is_dur(token: int) -> bool:
    return DUR1 <= token < DUR1 + MAX_DURATION
