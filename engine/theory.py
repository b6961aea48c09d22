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
