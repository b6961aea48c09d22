"""One-line, human descriptions of edit operations for the history list."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from engine.instruments import INSTRUMENTS_BY_SLUG
from engine.presets import MODE_LABELS


def _instrument(slug: Any) -> str:
    known = INSTRUMENTS_BY_SLUG.get(str(slug))
    return known.name if known else str(slug)


def _signed(value: float, unit: str) -> str:
    return f"{value:+g} {unit}".replace("-", "−")


def _effects(chain: Any) -> str:
    effects = chain.get("effects", []) if isinstance(chain, dict) else []
    names = [str(e.get("kind", e.get("type", "effect"))) for e in effects if isinstance(e, dict)]
    return ", ".join(names) if names else "no effects"


_DESCRIBE: dict[str, Callable[[Mapping[str, Any], str], str]] = {
    "set_tempo": lambda p, _: f"Tempo → {p['tempo']:g} BPM",
    "transpose": lambda p, _: f"Transpose {_signed(p['semitones'], 'semitones')}",
    "set_key": lambda p, _: f"Key → {p['key']} {MODE_LABELS.get(p['mode'], p['mode'])}",
    "track_gain": lambda p, t: f"{t}: volume {_signed(round(p['gain_db'], 1), 'dB')}",
    "track_pan": lambda p, t: f"{t}: pan {p['pan']:+.2f}",
    "track_mute": lambda p, t: f"{t}: {'mute' if p['mute'] else 'unmute'}",
    "track_solo": lambda p, t: f"{t}: {'solo' if p['solo'] else 'unsolo'}",
    "track_effects": lambda p, t: f"{t}: effects → {_effects(p['chain'])}",
    "master_effects": lambda p, _: f"Master effects → {_effects(p['chain'])}",
    "loop_section": lambda p, _: f"Loop bars {p['start_bar'] + 1}–{p['end_bar']} ×{p['times'] + 1}",
    "trim": lambda p, _: f"Keep only bars {p['start_bar'] + 1}–{p['end_bar']}",
    "cut": lambda p, _: f"Cut bars {p['start_bar'] + 1}–{p['end_bar']}",
    "add_instrument": lambda p, _: (
        f"Add {_instrument(p['instrument'])}" + (f" ({p['role']})" if p.get("role") else "")
    ),
    "remove_track": lambda p, t: f"Remove {t}",
    "change_instrument": lambda p, t: f"{t} → {_instrument(p['instrument'])}",
    "add_audio_track": lambda p, _: "Add audio track" + (f" “{p['name']}”" if p.get("name") else ""),
    "regenerate": lambda p, t: (
        "Regenerate "
        + (t if p.get("track") else "all tracks")
        + (f", section {p['section_index'] + 1}" if p.get("section_index") is not None else "")
    ),
}


def describe_op(op_type: str, params: Mapping[str, Any], track_names: Mapping[str, str]) -> str:
    """E.g. "Piano (chords): volume −3 dB"; unknown track ids fall back to the id."""
    track = str(params.get("track", ""))
    describe = _DESCRIBE.get(op_type)
    if describe is None:
        return op_type
    return describe(params, track_names.get(track, track))
