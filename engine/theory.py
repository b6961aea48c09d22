"""Pitch classes, tonics and modes: the vocabulary every stage shares."""

from __future__ import annotations

TONICS: tuple[str, ...] = ("C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B")

# Enharmonic spellings a user may type; each maps to one canonical tonic above.
_ALIASES: dict[str, str] = {
    "DB": "C#",
    "D#": "Eb",
    "FB": "E",
    "E#": "F",
    "GB": "F#",
    "G#": "Ab",
    "A#": "Bb",
    "CB": "B",
    "B#": "C",
}
# Every spelling `canonical_tonic` accepts (in any letter case): what the API schema lists for a key.
TONIC_SPELLINGS: tuple[str, ...] = TONICS + tuple(alias[0] + alias[1:].lower() for alias in _ALIASES)

# Semitone steps of each mode above its tonic.
MODES: dict[str, tuple[int, ...]] = {
    "major": (0, 2, 4, 5, 7, 9, 11),
    "minor": (0, 2, 3, 5, 7, 8, 10),
    "dorian": (0, 2, 3, 5, 7, 9, 10),
    "phrygian": (0, 1, 3, 5, 7, 8, 10),
    "lydian": (0, 2, 4, 6, 7, 9, 11),
    "mixolydian": (0, 2, 4, 5, 7, 9, 10),
    "harmonic_minor": (0, 2, 3, 5, 7, 8, 11),
}
# The degree that tells a mode from its parent major or minor scale, in semitones above the tonic.
CHARACTERISTIC_TONES: dict[str, int] = {
    "dorian": 9,
    "phrygian": 1,
    "lydian": 6,
    "mixolydian": 10,
    "harmonic_minor": 11,
}
# The blue notes (b3, b5, b7 above the tonic); a mode's are those its scale does not hold.
BLUE_NOTES: tuple[int, ...] = (3, 6, 10)


def blue_notes(mode: str) -> tuple[int, ...]:
    """The blue notes a mode's scale lacks, in semitones above the tonic (b5 alone in minor)."""
    return tuple(step for step in BLUE_NOTES if step not in MODES[mode])


# Krumhansl & Kessler (1982) probe-tone ratings: how well each pitch class above the tonic fits a major
# or minor key context (the tonal hierarchy). The composer uses them to prefer key-defining harmony.
KEY_PROFILES: dict[str, tuple[float, ...]] = {
    "major": (6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88),
    "minor": (6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17),
}


def canonical_tonic(name: str) -> str:
    """Return the canonical spelling of a tonic ("db" -> "C#"); raise ValueError if unknown."""
    cleaned = name.strip().replace("♯", "#").replace("♭", "b")
    if not cleaned:
        raise ValueError("Key is empty.")
    upper = cleaned[0].upper() + cleaned[1:].lower()
    if upper in TONICS:
        return upper
    alias = _ALIASES.get(upper.upper())
    if alias is None:
        raise ValueError(f"Unknown key '{name}'. Use one of: {', '.join(TONICS)}.")
    return alias


def tonic_pitch_class(name: str) -> int:
    """Pitch class (0 = C) of a tonic name."""
    return TONICS.index(canonical_tonic(name))


def scale_pitch_classes(tonic: str, mode: str) -> frozenset[int]:
    """The pitch classes of a key, e.g. ("A", "minor") -> {9, 11, 0, 2, 4, 5, 7}."""
    root = tonic_pitch_class(tonic)
    return frozenset((root + step) % 12 for step in MODES[mode])
