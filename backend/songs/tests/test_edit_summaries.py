"""The history's words for every op type, each described on the song as it was when the edit was made."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from engine.edit.audio_track import AudioSource
from engine.edit.materialise import materialise_ops
from engine.edit.ops import OP_TYPES, parse_op
from engine.edit.state import SongState, initial_state
from engine.score import Section
from songs.editing.summaries import describe_ops
from tests.engine.song_fixtures import band_score

UPLOAD = "0f0e0d0c-0b0a-4908-8706-050403020100"

# Every op type once, in a log whose later edits name tracks that earlier ones changed or added.
LOG: list[tuple[dict[str, Any], str]] = [
    ({"type": "set_tempo", "tempo": 96}, "Tempo 120 → 96 BPM"),
    ({"type": "transpose", "semitones": -1}, "Transposed down 1 semitone"),
    ({"type": "transpose", "semitones": 3}, "Transposed up 3 semitones"),
    ({"type": "set_key", "key": "D", "mode": "minor"}, "Key D Major → D Minor"),
    ({"type": "track_gain", "track": "t2", "gain_db": -3}, "Set Bass volume to −3.0 dB"),
    ({"type": "track_pan", "track": "t2", "pan": -0.05}, "Panned Bass 5 % left"),
    ({"type": "track_pan", "track": "t3", "pan": 0.3}, "Panned Piano (chords) 30 % right"),
    ({"type": "track_pan", "track": "t3", "pan": 0}, "Panned Piano (chords) to the centre"),
    ({"type": "track_mute", "track": "t1", "mute": True}, "Muted Drums"),
    ({"type": "track_mute", "track": "t1", "mute": False}, "Unmuted Drums"),
    ({"type": "track_solo", "track": "t5", "solo": True}, "Soloed Flute (lead)"),
    ({"type": "track_solo", "track": "t5", "solo": False}, "Unsoloed Flute (lead)"),
    (
        {
            "type": "track_effects",
            "track": "t3",
            "chain": {"effects": [{"type": "reverb"}, {"type": "delay"}]},
        },
        "Piano (chords) effects: Reverb, Delay",
    ),
    (
        {"type": "track_effects", "track": "t3", "chain": {"effects": []}},
        "Removed the effects on Piano (chords)",
    ),
    ({"type": "master_effects", "chain": {"effects": [{"type": "limiter"}]}}, "Master effects: Limiter"),
    ({"type": "master_effects", "chain": {"effects": []}}, "Removed the master effects"),
    (
        {"type": "change_instrument", "track": "t6", "instrument": "vibraphone"},
        "Swapped Marimba → Vibraphone",
    ),
    ({"type": "remove_track", "track": "t6"}, "Removed Vibraphone (arpeggio)"),
    (
        {"type": "add_instrument", "instrument": "cello", "role": "counter_melody", "seed": 4},
        "Added Cello (counter melody)",
    ),
    ({"type": "remove_track", "track": "a1"}, "Removed Cello (counter melody)"),
    (
        {"type": "regenerate", "track": "t4", "section_index": 1, "seed": 5},
        "Regenerated Strings (pad) in the chorus (section 2)",
    ),
    ({"type": "regenerate", "seed": 6}, "Regenerated every track"),
    ({"type": "add_audio_track", "upload": UPLOAD, "name": "My take"}, "Added the recording My take"),
    ({"type": "loop_section", "start_bar": 0, "end_bar": 2, "times": 1}, "Looped bars 1–2, repeated once"),
    ({"type": "loop_section", "start_bar": 2, "end_bar": 3, "times": 3}, "Looped bar 3, repeated 3 times"),
    ({"type": "cut", "start_bar": 0, "end_bar": 1}, "Cut bar 1"),
    ({"type": "trim", "start_bar": 1, "end_bar": 5}, "Trimmed to bars 2–5"),
]


@pytest.fixture(scope="module")
def start() -> SongState:
    sections = (
        Section(name="verse", start_bar=0, bars=2, energy=0.5),
        Section(name="chorus", start_bar=2, bars=2, energy=0.8),
    )
    score = band_score(bars=4).model_copy(update={"sections": sections})
    # The recording's length is all a replay reads of it; its audio is never opened here.
    source = AudioSource(
        upload=UPLOAD, sha256="a" * 64, path=Path("/nonexistent.wav"), samples=44100, name="Vox"
    )
    return initial_state(score, audio_sources={UPLOAD: source})


def test_every_op_type_has_words_in_the_history(start: SongState) -> None:
    assert {data["type"] for data, _ in LOG} == set(OP_TYPES)
    # The log as the API stores it: ops that compose name the notes they wrote when they were made.
    ops, composed = materialise_ops(
        start.score, [parse_op(data) for data, _ in LOG], audio_sources=start.audio_sources
    )
    stored = [op.model_dump(mode="json") for op in ops]

    summaries, states = describe_ops(start.model_copy(update={"composed": composed}), stored)

    assert summaries == [words for _, words in LOG]
    assert len(states) == len(LOG) and states[-1].score.bars == 4


def test_an_op_that_no_longer_replays_is_listed_by_its_type_and_the_rest_still_described(
    start: SongState,
) -> None:
    ops = [{"type": "remove_track", "track": "t9"}, {"type": "track_mute", "track": "t2", "mute": True}]

    summaries, _ = describe_ops(start, ops)

    assert summaries == ["Remove track", "Muted Bass"]
