"""The General MIDI instrument catalogue: slugs, programs, playable ranges and default roles."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    DRUMS = "drums"
    BASS = "bass"
    CHORDS = "chords"
    PAD = "pad"
    LEAD = "lead"
    ARPEGGIO = "arpeggio"
    COUNTER_MELODY = "counter_melody"


@dataclass(frozen=True)
class Instrument:
    slug: str
    name: str
    family: str
    program: int  # 0-127
    bank: int  # 0 for melodic, 128 for drum kits
    low: int  # lowest MIDI note it should play
    high: int  # highest MIDI note it should play
    default_role: Role

    @property
    def is_drum_kit(self) -> bool:
        return self.bank == 128


_GM_NAMES: tuple[str, ...] = (
    "Acoustic Grand Piano",
    "Bright Acoustic Piano",
    "Electric Grand Piano",
    "Honky-tonk Piano",
    "Electric Piano 1 (Rhodes)",
    "Electric Piano 2",
    "Harpsichord",
    "Clavinet",
    "Celesta",
    "Glockenspiel",
    "Music Box",
    "Vibraphone",
    "Marimba",
    "Xylophone",
    "Tubular Bells",
    "Dulcimer",
    "Drawbar Organ",
    "Percussive Organ",
    "Rock Organ",
    "Church Organ",
    "Reed Organ",
    "Accordion",
    "Harmonica",
    "Tango Accordion",
    "Nylon Guitar",
    "Steel Guitar",
    "Jazz Guitar",
    "Clean Electric Guitar",
    "Muted Electric Guitar",
    "Overdriven Guitar",
    "Distortion Guitar",
    "Guitar Harmonics",
    "Acoustic Bass",
    "Fingered Electric Bass",
    "Picked Electric Bass",
    "Fretless Bass",
    "Slap Bass 1",
    "Slap Bass 2",
    "Synth Bass 1",
    "Synth Bass 2",
    "Violin",
    "Viola",
    "Cello",
    "Contrabass",
    "Tremolo Strings",
    "Pizzicato Strings",
    "Orchestral Harp",
    "Timpani",
    "String Ensemble 1",
    "String Ensemble 2",
    "Synth Strings 1",
    "Synth Strings 2",
    "Choir Aahs",
    "Voice Oohs",
    "Synth Voice",
    "Orchestra Hit",
    "Trumpet",
    "Trombone",
    "Tuba",
    "Muted Trumpet",
    "French Horn",
    "Brass Section",
    "Synth Brass 1",
    "Synth Brass 2",
    "Soprano Sax",
    "Alto Sax",
    "Tenor Sax",
    "Baritone Sax",
    "Oboe",
    "English Horn",
    "Bassoon",
    "Clarinet",
    "Piccolo",
    "Flute",
    "Recorder",
    "Pan Flute",
    "Blown Bottle",
    "Shakuhachi",
    "Whistle",
    "Ocarina",
    "Square Lead",
    "Sawtooth Lead",
    "Calliope Lead",
    "Chiff Lead",
    "Charang Lead",
    "Voice Lead",
    "Fifths Lead",
    "Bass + Lead",
    "New Age Pad",
    "Warm Pad",
    "Polysynth Pad",
    "Choir Pad",
    "Bowed Pad",
    "Metallic Pad",
    "Halo Pad",
    "Sweep Pad",
    "Rain FX",
    "Soundtrack FX",
    "Crystal FX",
    "Atmosphere FX",
    "Brightness FX",
    "Goblins FX",
    "Echoes FX",
    "Sci-fi FX",
    "Sitar",
    "Banjo",
    "Shamisen",
    "Koto",
    "Kalimba",
    "Bagpipe",
    "Fiddle",
    "Shanai",
    "Tinkle Bell",
    "Agogo",
    "Steel Drums",
    "Woodblock",
    "Taiko Drum",
    "Melodic Tom",
    "Synth Drum",
    "Reverse Cymbal",
    "Guitar Fret Noise",
    "Breath Noise",
    "Seashore",
    "Bird Tweet",
    "Telephone Ring",
    "Helicopter",
    "Applause",
    "Gunshot",
)
assert len(_GM_NAMES) == 128

_FAMILIES: tuple[str, ...] = (
    "Piano",
    "Chromatic Percussion",
    "Organ",
    "Guitar",
    "Bass",
    "Strings",
    "Ensemble",
    "Brass",
    "Reed",
    "Pipe",
    "Synth Lead",
    "Synth Pad",
    "Synth Effects",
    "Ethnic",
    "Percussive",
    "Sound Effects",
)

# (low, high, role) per family; programs below override where the real instrument differs.
_FAMILY_DEFAULTS: tuple[tuple[int, int, Role], ...] = (
    (33, 96, Role.CHORDS),  # piano
    (53, 96, Role.ARPEGGIO),  # chromatic percussion
    (36, 91, Role.CHORDS),  # organ
    (40, 84, Role.CHORDS),  # guitar
    (28, 60, Role.BASS),  # bass
    (36, 96, Role.PAD),  # strings
    (40, 84, Role.PAD),  # ensemble
    (40, 84, Role.LEAD),  # brass
    (50, 86, Role.LEAD),  # reed
    (60, 96, Role.LEAD),  # pipe
    (48, 91, Role.LEAD),  # synth lead
    (40, 84, Role.PAD),  # synth pad
    (40, 84, Role.PAD),  # synth effects
    (50, 86, Role.LEAD),  # ethnic
    (52, 84, Role.ARPEGGIO),  # percussive
    (48, 84, Role.PAD),  # sound effects
)

_OVERRIDES: dict[int, tuple[int, int, Role]] = {
    9: (72, 105, Role.ARPEGGIO),  # glockenspiel
    10: (60, 96, Role.ARPEGGIO),
    12: (45, 96, Role.ARPEGGIO),
    13: (65, 105, Role.ARPEGGIO),
    14: (60, 77, Role.LEAD),
    22: (60, 84, Role.LEAD),  # harmonica
    40: (55, 100, Role.LEAD),  # violin
    41: (48, 88, Role.COUNTER_MELODY),  # viola
    42: (36, 76, Role.COUNTER_MELODY),  # cello
    43: (28, 55, Role.BASS),  # contrabass
    45: (40, 88, Role.ARPEGGIO),  # pizzicato
    46: (36, 96, Role.ARPEGGIO),  # harp
    47: (40, 55, Role.BASS),  # timpani
    52: (48, 79, Role.PAD),
    53: (48, 79, Role.PAD),
    55: (48, 72, Role.CHORDS),
    56: (54, 86, Role.LEAD),  # trumpet
    57: (40, 72, Role.COUNTER_MELODY),  # trombone
    58: (28, 58, Role.BASS),  # tuba
    59: (54, 82, Role.LEAD),
    60: (41, 77, Role.COUNTER_MELODY),  # french horn
    61: (40, 84, Role.CHORDS),
    62: (36, 84, Role.CHORDS),
    63: (36, 84, Role.CHORDS),
    64: (56, 87, Role.LEAD),
    65: (49, 81, Role.LEAD),
    66: (44, 76, Role.LEAD),
    67: (36, 69, Role.COUNTER_MELODY),
    68: (58, 91, Role.LEAD),
    69: (52, 81, Role.COUNTER_MELODY),
    70: (34, 72, Role.BASS),  # bassoon
    71: (50, 91, Role.LEAD),
    72: (74, 105, Role.LEAD),  # piccolo
    81: (40, 88, Role.LEAD),
    87: (28, 60, Role.BASS),  # bass + lead
    104: (48, 84, Role.ARPEGGIO),  # sitar
    105: (48, 84, Role.ARPEGGIO),  # banjo
    107: (55, 91, Role.ARPEGGIO),  # koto
    108: (60, 84, Role.ARPEGGIO),  # kalimba
    110: (55, 100, Role.LEAD),  # fiddle
}


def _slugify(name: str) -> str:
    cleaned = name.lower().replace("(", "").replace(")", "").replace("+", "and").replace("-", "_")
    return "_".join(cleaned.split())


def _build_melodic() -> tuple[Instrument, ...]:
    out: list[Instrument] = []
    for program, name in enumerate(_GM_NAMES):
        family_index = program // 8
        low, high, role = _OVERRIDES.get(program, _FAMILY_DEFAULTS[family_index])
        out.append(
            Instrument(
                slug=_slugify(name),
                name=name,
                family=_FAMILIES[family_index],
                program=program,
                bank=0,
                low=low,
                high=high,
                default_role=role,
            )
        )
    return tuple(out)


# GS/GM2 drum kits as found in bank 128 of General MIDI SoundFonts (FluidR3_GM, MuseScore General).
_DRUM_KITS: tuple[tuple[str, int], ...] = (
    ("Standard Drum Kit", 0),
    ("Room Drum Kit", 8),
    ("Power Drum Kit", 16),
    ("Electronic Drum Kit", 24),
    ("TR-808 Drum Kit", 25),
    ("Jazz Drum Kit", 32),
    ("Brush Drum Kit", 40),
    ("Orchestral Percussion", 48),
)


def _build_drum_kits() -> tuple[Instrument, ...]:
    return tuple(
        Instrument(
            slug=_slugify(name),
            name=name,
            family="Drum Kits",
            program=program,
            bank=128,
            low=27,
            high=87,
            default_role=Role.DRUMS,
        )
        for name, program in _DRUM_KITS
    )


INSTRUMENTS: tuple[Instrument, ...] = _build_melodic() + _build_drum_kits()
INSTRUMENTS_BY_SLUG: dict[str, Instrument] = {inst.slug: inst for inst in INSTRUMENTS}


def instrument(slug: str) -> Instrument:
    """Look an instrument up by slug; raise ValueError with the valid choices' hint if unknown."""
    try:
        return INSTRUMENTS_BY_SLUG[slug]
    except KeyError:
        raise ValueError(f"Unknown instrument '{slug}'. See /api/options for the list.") from None
