"""Starting points a user sees on the Generate page: per-genre tempo, mode and band, with labels."""

from __future__ import annotations

from dataclasses import dataclass

from engine.instruments import Role
from engine.spec import GENRES, MOODS, SongSpec


@dataclass(frozen=True)
class GenrePreset:
    label: str
    tempo: int
    mode: str
    instruments: tuple[tuple[str, Role], ...]


GENRE_PRESETS: dict[str, GenrePreset] = {
    "pop": GenrePreset(
        "Pop",
        112,
        "major",
        (
            ("standard_drum_kit", Role.DRUMS),
            ("fingered_electric_bass", Role.BASS),
            ("acoustic_grand_piano", Role.CHORDS),
            ("string_ensemble_1", Role.PAD),
            ("square_lead", Role.LEAD),
        ),
    ),
    "rock": GenrePreset(
        "Rock",
        128,
        "major",
        (
            ("power_drum_kit", Role.DRUMS),
            ("picked_electric_bass", Role.BASS),
            ("overdriven_guitar", Role.CHORDS),
            ("rock_organ", Role.PAD),
            ("distortion_guitar", Role.LEAD),
        ),
    ),
    "electronic": GenrePreset(
        "Electronic / House",
        124,
        "minor",
        (
            ("electronic_drum_kit", Role.DRUMS),
            ("synth_bass_1", Role.BASS),
            ("polysynth_pad", Role.PAD),
            ("sawtooth_lead", Role.LEAD),
            ("square_lead", Role.ARPEGGIO),
        ),
    ),
    "hip_hop": GenrePreset(
        "Hip-hop",
        90,
        "minor",
        (
            ("tr_808_drum_kit", Role.DRUMS),
            ("synth_bass_2", Role.BASS),
            ("electric_piano_1_rhodes", Role.CHORDS),
            ("warm_pad", Role.PAD),
        ),
    ),
    "lofi": GenrePreset(
        "Lo-fi",
        78,
        "dorian",
        (
            ("brush_drum_kit", Role.DRUMS),
            ("acoustic_bass", Role.BASS),
            ("electric_piano_1_rhodes", Role.CHORDS),
            ("vibraphone", Role.LEAD),
        ),
    ),
    "jazz": GenrePreset(
        "Jazz",
        132,
        "major",
        (
            ("jazz_drum_kit", Role.DRUMS),
            ("acoustic_bass", Role.BASS),
            ("acoustic_grand_piano", Role.CHORDS),
            ("tenor_sax", Role.LEAD),
        ),
    ),
    "classical": GenrePreset(
        "Classical / Orchestral",
        96,
        "major",
        (
            ("cello", Role.BASS),
            ("string_ensemble_1", Role.PAD),
            ("acoustic_grand_piano", Role.ARPEGGIO),
            ("flute", Role.LEAD),
            ("french_horn", Role.COUNTER_MELODY),
        ),
    ),
    "ambient": GenrePreset(
        "Ambient",
        70,
        "lydian",
        (
            ("new_age_pad", Role.PAD),
            ("fretless_bass", Role.BASS),
            ("celesta", Role.ARPEGGIO),
            ("pan_flute", Role.LEAD),
        ),
    ),
    "folk": GenrePreset(
        "Folk",
        100,
        "major",
        (
            ("steel_guitar", Role.CHORDS),
            ("acoustic_bass", Role.BASS),
            ("fiddle", Role.LEAD),
            ("banjo", Role.ARPEGGIO),
            ("room_drum_kit", Role.DRUMS),
        ),
    ),
    "funk": GenrePreset(
        "Funk",
        104,
        "dorian",
        (
            ("standard_drum_kit", Role.DRUMS),
            ("slap_bass_1", Role.BASS),
            ("clavinet", Role.CHORDS),
            ("brass_section", Role.LEAD),
        ),
    ),
    "cinematic": GenrePreset(
        "Cinematic",
        84,
        "minor",
        (
            ("orchestral_percussion", Role.DRUMS),
            ("contrabass", Role.BASS),
            ("string_ensemble_1", Role.PAD),
            ("french_horn", Role.LEAD),
            ("orchestral_harp", Role.ARPEGGIO),
        ),
    ),
    "blues": GenrePreset(
        "Blues",
        92,
        "mixolydian",
        (
            ("standard_drum_kit", Role.DRUMS),
            ("fingered_electric_bass", Role.BASS),
            ("drawbar_organ", Role.CHORDS),
            ("clean_electric_guitar", Role.LEAD),
        ),
    ),
}
assert set(GENRE_PRESETS) == set(GENRES)


def preset_spec(genre: str, *, mood: str, key: str = "C", length_seconds: float, seed: int = 0) -> SongSpec:
    """The song a visitor asks for by picking only the genre, a mood and a length: the genre's preset."""
    preset = GENRE_PRESETS[genre]
    return SongSpec.model_validate(
        {
            "genre": genre,
            "mood": mood,
            "tempo": preset.tempo,
            "key": key,
            "mode": preset.mode,
            "instruments": [{"instrument": slug, "role": role.value} for slug, role in preset.instruments],
            "length_seconds": length_seconds,
            "seed": seed,
        }
    )


MOOD_LABELS: dict[str, str] = {mood: mood.replace("_", " ").capitalize() for mood in MOODS}

MODE_LABELS: dict[str, str] = {
    "major": "Major",
    "minor": "Minor",
    "dorian": "Dorian",
    "phrygian": "Phrygian",
    "lydian": "Lydian",
    "mixolydian": "Mixolydian",
    "harmonic_minor": "Harmonic minor",
}

ROLE_LABELS: dict[Role, str] = {
    Role.DRUMS: "Drums",
    Role.BASS: "Bass",
    Role.CHORDS: "Chords / comping",
    Role.PAD: "Pad",
    Role.LEAD: "Lead melody",
    Role.ARPEGGIO: "Arpeggio",
    Role.COUNTER_MELODY: "Counter-melody",
}
