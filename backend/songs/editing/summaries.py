"""The history list in a musician's words: one line per edit, naming tracks as the user saw them.

Each op is described against the song as it was just before it (and, for an added track, just after), so
a removed track keeps its name and a swap names the instrument it replaced. One rule for every place that
lists edits: the editor's history and the version diff.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from engine.edit.fold import replay_op
from engine.edit.ops import EditError, EditOp, parse_op
from engine.edit.state import SongState
from engine.instruments import INSTRUMENTS_BY_SLUG
from engine.mix.effects import EffectChain
from engine.presets import MODE_LABELS

OpData = dict[str, Any]


def _instrument(slug: str) -> str:
    known = INSTRUMENTS_BY_SLUG.get(slug)
    return known.name if known else slug


def _track(state: SongState, track_id: str) -> str:
    for track_state, track in zip(state.tracks, state.score.tracks, strict=True):
        if track_state.id == track_id:
            return track.name
    return "a track"


def _effects(chain: EffectChain) -> str:
    return ", ".join(str(effect.model_config.get("title", effect.type)) for effect in chain.effects)


def _db(value: float) -> str:
    return f"{value:+.1f} dB".replace("-", "−")


def _pan(pan: float) -> str:
    percent = round(abs(pan) * 100)
    if percent == 0:
        return "to the centre"
    return f"{percent} % {'left' if pan < 0 else 'right'}"


def _semitones(count: int) -> str:
    return f"{abs(count)} semitone{'' if abs(count) == 1 else 's'}"


def _bars(start_bar: int, end_bar: int) -> str:
    first, last = start_bar + 1, end_bar
    return f"bar {first}" if first == last else f"bars {first}–{last}"


def _times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


def _key(key: str, mode: str) -> str:
    return f"{key} {MODE_LABELS.get(mode, mode)}"


def _section(state: SongState, index: int) -> str:
    sections = state.score.sections
    if 0 <= index < len(sections):
        return f"the {sections[index].name.replace('_', '-')} (section {index + 1})"
    return f"section {index + 1}"


def _new_track(after: SongState | None) -> str:
    return after.score.tracks[-1].name if after is not None and after.score.tracks else "a track"


_Describe = Callable[[Any, SongState, SongState | None], str]

_DESCRIBE: dict[str, _Describe] = {
    "set_tempo": lambda op, b, _: f"Tempo {b.score.tempo:g} → {op.tempo:g} BPM",
    "transpose": lambda op, _b, _a: (
        f"Transposed {'up' if op.semitones > 0 else 'down'} {_semitones(op.semitones)}"
    ),
    "set_key": lambda op, b, _: f"Key {_key(b.score.key, b.score.mode)} → {_key(op.key, op.mode)}",
    "track_gain": lambda op, b, _: f"Set {_track(b, op.track)} volume to {_db(op.gain_db)}",
    "track_pan": lambda op, b, _: f"Panned {_track(b, op.track)} {_pan(op.pan)}",
    "track_mute": lambda op, b, _: f"{'Muted' if op.mute else 'Unmuted'} {_track(b, op.track)}",
    "track_solo": lambda op, b, _: f"{'Soloed' if op.solo else 'Unsoloed'} {_track(b, op.track)}",
    "track_effects": lambda op, b, _: (
        f"{_track(b, op.track)} effects: {_effects(op.chain)}"
        if op.chain.effects
        else f"Removed the effects on {_track(b, op.track)}"
    ),
    "master_effects": lambda op, _b, _a: (
        f"Master effects: {_effects(op.chain)}" if op.chain.effects else "Removed the master effects"
    ),
    "loop_section": lambda op, _b, _a: (
        f"Looped {_bars(op.start_bar, op.end_bar)}, repeated {_times(op.times)}"
    ),
    "trim": lambda op, _b, _a: f"Trimmed to {_bars(op.start_bar, op.end_bar)}",
    "cut": lambda op, _b, _a: f"Cut {_bars(op.start_bar, op.end_bar)}",
    "add_instrument": lambda op, _b, a: f"Added {_new_track(a)}",
    "remove_track": lambda op, b, _: f"Removed {_track(b, op.track)}",
    "change_instrument": lambda op, b, _: (
        f"Swapped {_instrument(b.track(op.track).instrument)} → {_instrument(op.instrument)}"
        if op.track in b.track_ids
        else f"Swapped to {_instrument(op.instrument)}"
    ),
    "regenerate": lambda op, b, _: (
        "Regenerated "
        + (_track(b, op.track) if op.track else "every track")
        + (f" in {_section(b, op.section_index)}" if op.section_index is not None else "")
    ),
    "add_audio_track": lambda op, _b, a: f"Added the recording {_new_track(a)}",
}


def describe_op(op: EditOp, before: SongState, after: SongState | None) -> str:
    """E.g. "Removed Flute (lead)", "Swapped Vibraphone → Marimba", "Panned Bass 5 % left"."""
    return _DESCRIBE[op.type](op, before, after)


def describe_ops(start: SongState, ops: Sequence[OpData]) -> tuple[list[str], list[SongState]]:
    """Each op described against the state it was applied to, and the states after each op.

    An op that no longer replays (its source gone) is still listed, by its type; the ones after it are
    described against the last state that did replay."""
    summaries: list[str] = []
    states: list[SongState] = []
    state = start
    for data in ops:
        try:
            op = parse_op(data)
            after = replay_op(state, op)
        except EditError:
            summaries.append(str(data.get("type", "edit")).replace("_", " ").capitalize())
            states.append(state)
            continue
        summaries.append(describe_op(op, state, after))
        states.append(after)
        state = after
    return summaries, states
