"""Checks a user's preferences against what the composer offers, one human message per bad field."""

from __future__ import annotations

from typing import Any

from core.exceptions import FIELDS_INVALID, ApplicationError
from engine.presets import GENRE_PRESETS, MODE_LABELS, MOOD_LABELS
from engine.spec import TEMPO_MAX, TEMPO_MIN
from engine.theory import TONICS
from songs.generation.options import song_options
from songs.generation.spec_input import song_spec_from_input
from songs.rendering.exports import EXPORT_FORMATS

TEMPO_OUT_OF_RANGE = f"The tempo must lie between {TEMPO_MIN} and {TEMPO_MAX} BPM."

PREFERENCE_CHOICES: dict[str, tuple[str, ...]] = {
    "genre": tuple(GENRE_PRESETS),
    "mood": tuple(MOOD_LABELS),
    "key": tuple(TONICS),
    "mode": tuple(MODE_LABELS),
    "export_format": tuple(EXPORT_FORMATS),
}


def preferences_validate(data: dict[str, Any]) -> dict[str, Any]:
    """The cleaned fields of `data` ("" / None / [] clear a preference) or ApplicationError."""
    fields: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {}
    for name, choices in PREFERENCE_CHOICES.items():
        if name not in data:
            continue
        value = data[name] or ""
        if value and value not in choices:
            fields[name] = [
                f"Unknown {name.replace('_', ' ')} {value!r}. Choose one of: {', '.join(choices)}."
            ]
        cleaned[name] = value
    if "tempo" in data:
        tempo = data["tempo"]
        if tempo is not None and not TEMPO_MIN <= tempo <= TEMPO_MAX:
            fields["tempo"] = [TEMPO_OUT_OF_RANGE]
        cleaned["tempo"] = tempo
    if "instruments" in data:
        parts = list(data["instruments"] or [])
        if parts:
            # The composer's own rules (known instruments, drum kits, how many) decide what is valid.
            spec = {**song_options()["default_spec"], "instruments": parts}
            try:
                song_spec_from_input(spec)
            except ApplicationError as error:
                for field, messages in error.extra.get("fields", {}).items():
                    if field.startswith("instruments") or field == "non_field_errors":
                        key = field if field.startswith("instruments") else "instruments"
                        fields.setdefault(key, []).extend(messages)
        cleaned["instruments"] = [
            {"instrument": str(p.get("instrument", "")), "role": p.get("role") or None} for p in parts
        ]
    if fields:
        raise ApplicationError(FIELDS_INVALID, {"fields": fields})
    return cleaned
