"""What the Generate page offers, read from the engine so the UI stays data-driven."""

from __future__ import annotations

from typing import Any

from engine.instruments import INSTRUMENTS
from engine.presets import GENRE_PRESETS, MODE_LABELS, MOOD_LABELS, ROLE_LABELS
from engine.spec import (
    LENGTH_BARS_MAX,
    LENGTH_BARS_MIN,
    LENGTH_SECONDS_MAX,
    LENGTH_SECONDS_MIN,
    MAX_PARTS,
    TEMPO_MAX,
    TEMPO_MIN,
)
from engine.theory import TONICS

DEFAULT_GENRE = "pop"
DEFAULT_LENGTH_SECONDS = 60.0


def _parts(genre: str) -> list[dict[str, str]]:
    return [{"instrument": slug, "role": role.value} for slug, role in GENRE_PRESETS[genre].instruments]


def song_options() -> dict[str, Any]:
    default = GENRE_PRESETS[DEFAULT_GENRE]
    return {
        "genres": [{"value": g, "label": p.label} for g, p in GENRE_PRESETS.items()],
        "moods": [{"value": m, "label": label} for m, label in MOOD_LABELS.items()],
        "keys": list(TONICS),
        "modes": [{"value": m, "label": label} for m, label in MODE_LABELS.items()],
        "roles": [{"value": r.value, "label": label} for r, label in ROLE_LABELS.items()],
        "instruments": [
            {
                "slug": i.slug,
                "name": i.name,
                "family": i.family,
                "default_role": i.default_role.value,
                "is_drum_kit": i.is_drum_kit,
            }
            for i in INSTRUMENTS
        ],
        "tempo": {"min": TEMPO_MIN, "max": TEMPO_MAX, "default": default.tempo},
        "length_seconds": {
            "min": LENGTH_SECONDS_MIN,
            "max": LENGTH_SECONDS_MAX,
            "default": DEFAULT_LENGTH_SECONDS,
        },
        "length_bars": {"min": LENGTH_BARS_MIN, "max": LENGTH_BARS_MAX},
        "max_instruments": MAX_PARTS,
        "genre_defaults": {
            g: {"tempo": p.tempo, "mode": p.mode, "instruments": _parts(g)} for g, p in GENRE_PRESETS.items()
        },
        "default_spec": {
            "genre": DEFAULT_GENRE,
            "mood": "happy",
            "tempo": default.tempo,
            "key": "C",
            "mode": default.mode,
            "instruments": _parts(DEFAULT_GENRE),
            "length_seconds": DEFAULT_LENGTH_SECONDS,
        },
    }
