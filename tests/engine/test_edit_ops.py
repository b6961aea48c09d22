"""Edit ops and fold: validation, symbolic edits measured on the score, the base left untouched."""

from __future__ import annotations

import pytest

from engine.compose import allowed_pitch_classes
from engine.edit.fold import fold
from engine.edit.handlers.pitch import degree_map
from engine.edit.materialise import materialise_ops
from engine.edit.ops import (
    AddInstrument,
    ChangeInstrument,
    Cut,
    EditError,
    LoopSection,
    MasterEffects,
    Regenerate,
    RemoveTrack,
    SetKey,
    SetTempo,
    TrackEffects,
    TrackGain,
    TrackMute,
    TrackPan,
    Transpose,
    Trim,
    coalesce,
    op_params,
    parse_op,
)
from engine.edit.state import SongState
from engine.instruments import Role
from engine.mix.presets import PRESETS
from engine.score import Section
from engine.spec import SongSpec
from tests.engine.song_fixtures import band_score

BAR = 1920


def composed_fold(base, ops):
    """Fold after running the composer once for the ops that need it (as the server does on append)."""
    materialised, composed = materialise_ops(base, ops)
    return fold(base, materialised, composed=composed)


@pytest.fixture(scope="module")
def base():
    score = band_score(bars=8)
    sections = (
        Section(name="verse", start_bar=0, bars=4, energy=0.5),
        Section(name="chorus", start_bar=4, bars=4, energy=0.8),
    )
    return score.model_copy(update={"sections": sections})


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"type": "set_tempo", "tempo": 300}, "tempo"),
        ({"type": "set_tempo", "tempo": float("nan")}, "tempo"),
        ({"type": "transpose", "semitones": 13}, "semitones"),
        ({"type": "set_key", "key": "H", "mode": "major"}, "key"),
        ({"type": "set_key", "key": "A", "mode": "aeolian-ish"}, "mode"),
        ({"type": "track_gain", "track": "t1", "gain_db": 20}, "gain_db"),
        ({"type": "track_gain", "track": "../x", "gain_db": 0}, "track"),
        ({"type": "track_pan", "track": "t1", "pan": -1.5}, "pan"),
        ({"type": "track_mute", "track": "t1", "mute": "yes"}, "mute"),
        ({"type": "track_solo", "track": "t1"}, "solo"),
        (
            {
                "type": "track_effects",
                "track": "t1",
                "chain": {"effects": [{"type": "reverb", "room_size": 2}]},
            },
            "chain.effects.0.reverb.room_size",
        ),
        (
            {"type": "track_effects", "track": "t1", "chain": {"effects": [{"type": "flanger"}]}},
            "chain.effects.0",
        ),
        (
            {"type": "master_effects", "chain": {"effects": [{"type": "eq", "bands": [{"kind": "notch"}]}]}},
            "chain.effects.0.eq.bands.0.kind",
        ),
        ({"type": "loop_section", "start_bar": 2, "end_bar": 2, "times": 1}, "end_bar"),
        ({"type": "loop_section", "start_bar": 0, "end_bar": 2, "times": 9}, "times"),
        ({"type": "trim", "start_bar": -1, "end_bar": 2}, "start_bar"),
        ({"type": "cut", "start_bar": 0}, "end_bar"),
        ({"type": "add_instrument", "instrument": "cello", "role": "kazoo"}, "role"),
        ({"type": "regenerate", "section_index": 0}, "seed"),
        ({"type": "set_tempo", "tempo": 100, "speed": 2}, "speed"),
        ({"type": "warp", "tempo": 100}, "type"),
        ({"tempo": 100}, "type"),
    ],
)
def test_invalid_params_name_the_field(data, field):
    with pytest.raises(EditError) as caught:
        parse_op(data)
    assert caught.value.field == field
    assert caught.value.message


@pytest.mark.parametrize(
    ("op", "field"),
    [
        (TrackGain(track="t9", gain_db=0), "track"),
        (RemoveTrack(track="a1"), "track"),
        (LoopSection(start_bar=6, end_bar=9, times=1), "end_bar"),
        (Trim(start_bar=8, end_bar=9), "start_bar"),
        (Cut(start_bar=0, end_bar=8), "end_bar"),
        (LoopSection(start_bar=0, end_bar=30, times=8), "times"),  # 400 + 240 bars > 600
        (AddInstrument(instrument="tr_808_drum_kit"), "instrument"),  # a second kit
        (AddInstrument(instrument="standard_drum_kit", role=Role.LEAD), "role"),
        (AddInstrument(instrument="theremin"), "instrument"),
        (ChangeInstrument(track="t2", instrument="standard_drum_kit"), "instrument"),
        (ChangeInstrument(track="t1", instrument="acoustic_grand_piano"), "instrument"),
        (Regenerate(track="t1", section_index=2, seed=1), "section_index"),
    ],
)
def test_ops_invalid_for_the_song_name_the_field(base, op, field):
    if isinstance(op, LoopSection) and op.times == 8:
        # ...but looping a long song past the song budget's 600 bars is not.
        long = base.model_copy(update={"bars": 400})
        with pytest.raises(EditError) as caught:
            fold(long, [op])
    else:
        with pytest.raises(EditError) as caught:
            fold(base, [op])
    assert caught.value.field == field


def test_base_is_never_modified(base):
    before = base.model_dump_json()
    ops = [
        SetTempo(tempo=90),
        Transpose(semitones=-3),
        SetKey(key="E", mode="minor"),
        LoopSection(start_bar=1, end_bar=3, times=2),
        Cut(start_bar=0, end_bar=1),
        AddInstrument(instrument="cello", seed=4),
        ChangeInstrument(track="t3", instrument="electric_piano_1_rhodes"),
        Regenerate(track="t5", seed=9),
        RemoveTrack(track="t6"),
        TrackGain(track="a1", gain_db=-6),
        TrackEffects(track="t2", chain=PRESETS["warm"]),
    ]
    state = composed_fold(base, ops)
    assert base.model_dump_json() == before
    assert state.score is not base
    with pytest.raises(Exception, match="frozen"):
        base.tempo = 100  # type: ignore[misc]
    # Folding is a function: the same log gives the same state.
    assert composed_fold(base, ops) == state


def test_track_ids_are_stable(base):
    state = composed_fold(
        base, [AddInstrument(instrument="cello"), RemoveTrack(track="t2"), AddInstrument(instrument="flute")]
    )
    assert state.track_ids == ("t1", "t3", "t4", "t5", "t6", "a1", "a2")
    assert state.track("t3").name == "Piano (chords)"
    assert state.track("a2").instrument == "flute"
    gained = composed_fold(base, [RemoveTrack(track="t2"), TrackGain(track="t3", gain_db=-7.5)])
    assert gained.tracks[gained.index("t3")].mix.gain_db == -7.5


def test_mixer_ops(base):
    state = fold(
        base,
        [
            TrackPan(track="t1", pan=0.5),
            TrackMute(track="t2", mute=True),
            MasterEffects(chain=PRESETS["radio"]),
        ],
    )
    assert state.tracks[0].mix.pan == 0.5
    assert state.tracks[1].mix.mute
    assert state.master_chain == PRESETS["radio"]


def test_tempo_is_symbolic(base):
    state = fold(base, [SetTempo(tempo=90)])
    assert state.score.tempo == 90
    assert state.score.tracks == base.tracks  # same ticks, re-timed by the tempo
    assert state.score.duration_seconds == pytest.approx(base.duration_seconds * 120 / 90)


def test_transpose_moves_notes_chords_and_key_but_not_drums(base):
    state = fold(base, [Transpose(semitones=3)])
    assert state.score.key == "Eb"
    assert state.score.tracks[0].notes == base.tracks[0].notes
    for old, new in zip(base.tracks[1:], state.score.tracks[1:], strict=True):
        assert [n.pitch + 3 for n in old.notes] == [n.pitch for n in new.notes]
    assert [c.root for c in state.score.chords] == [(c.root + 3) % 12 for c in base.chords]


def test_set_key_maps_scale_degrees():
    to_minor = degree_map("C", "major", "A", "minor")
    assert [to_minor(p) for p in (60, 64, 67, 71)] == [57, 60, 64, 68 - 1]  # C E G B -> A C E G
    parallel = degree_map("C", "major", "C", "minor")
    assert [parallel(p) for p in (60, 62, 64, 65, 67, 69, 71, 61)] == [60, 62, 63, 65, 67, 68, 70, 61]


def test_set_key_to_parallel_minor_retunes_chords(base):
    state = fold(base, [SetKey(key="C", mode="minor")])
    assert (state.score.key, state.score.mode) == ("C", "minor")
    first = state.score.chords[0]
    assert first.pitch_classes == (0, 3, 7) and first.quality == "min" and first.symbol == "Cm"
    assert state.score.tracks[0] == base.tracks[0]  # drums untouched
    scale = {0, 2, 3, 5, 7, 8, 10}
    for track in state.score.tracks[1:]:
        assert {n.pitch % 12 for n in track.notes} <= scale, track.name


def test_loop_trim_cut_bar_counts_and_note_order(base):
    looped = fold(base, [LoopSection(start_bar=2, end_bar=4, times=2)])
    assert looped.score.bars == 12
    lead = looped.score.tracks[4]  # two notes per bar
    per_bar = [[n.pitch for n in lead.notes if b * BAR <= n.start < (b + 1) * BAR] for b in range(12)]
    original = [
        [n.pitch for n in base.tracks[4].notes if b * BAR <= n.start < (b + 1) * BAR] for b in range(8)
    ]
    assert per_bar == original[:2] + original[2:4] * 3 + original[4:]
    assert sum(s.bars for s in looped.score.sections) == 12
    assert looped.score.chords[-1].start + looped.score.chords[-1].duration == 12 * BAR

    trimmed = fold(base, [Trim(start_bar=2, end_bar=5)])
    assert trimmed.score.bars == 3
    assert [s.bars for s in trimmed.score.sections] == [2, 1]
    assert all(n.end <= 3 * BAR for t in trimmed.score.tracks for n in t.notes)

    cut = fold(base, [Cut(start_bar=1, end_bar=7)])
    assert cut.score.bars == 2
    assert [s.name for s in cut.score.sections] == ["verse", "chorus"]
    assert [c.root for c in cut.score.chords] == [base.chords[0].root, base.chords[7].root]


def test_add_instrument_writes_an_in_key_part_on_the_chords(base):
    state = composed_fold(base, [AddInstrument(instrument="warm_pad", role=Role.PAD, seed=5)])
    added = state.track("a1")
    assert added.role is Role.PAD and added.program == 89 and added.notes
    spec = SongSpec(
        genre="pop", mood="happy", tempo=120, key="C", instruments=({"instrument": "flute"},), length_bars=8
    )
    assert {n.pitch % 12 for n in added.notes} <= allowed_pitch_classes(spec)
    # The chord sounding a 32nd note after each onset (humanised onsets may come a few ticks early).
    chord_tones = sum(
        n.pitch % 12
        in next(c for c in base.chords if c.start <= n.start + 60 < c.start + c.duration).pitch_classes
        for n in added.notes
    )
    assert chord_tones / len(added.notes) >= 0.9
    # Other tracks are untouched; the same seed writes the same part.
    assert state.score.tracks[:6] == base.tracks
    assert (
        composed_fold(base, [AddInstrument(instrument="warm_pad", role=Role.PAD, seed=5)]).track("a1")
        == added
    )


def test_change_instrument_is_a_program_change(base):
    state = fold(
        base,
        [
            ChangeInstrument(track="t3", instrument="electric_piano_1_rhodes"),
            ChangeInstrument(track="t1", instrument="tr_808_drum_kit"),
        ],
    )
    assert (state.track("t3").program, state.track("t3").bank) == (4, 0)
    assert state.track("t3").notes == base.tracks[2].notes
    assert (state.track("t1").program, state.track("t1").bank) == (25, 128)


def test_regenerate_changes_only_the_target_track_and_section(base):
    state = composed_fold(base, [Regenerate(track="t5", section_index=1, seed=11)])
    assert state.score.tracks[:4] == base.tracks[:4] and state.score.tracks[5] == base.tracks[5]
    old, new = base.tracks[4].notes, state.track("t5").notes
    assert [n for n in new if n.start < 4 * BAR] == [n for n in old if n.start < 4 * BAR]
    assert [n for n in new if n.start >= 4 * BAR] != [n for n in old if n.start >= 4 * BAR]
    assert all(n.end <= 8 * BAR for n in new)
    whole = composed_fold(base, [Regenerate(track="t2", seed=3)])
    assert whole.track("t2").notes != base.tracks[1].notes
    assert composed_fold(base, [Regenerate(track="t2", seed=3)]) == whole


def test_coalesce_keeps_the_last_value_of_one_control():
    assert coalesce(TrackGain(track="t1", gain_db=-1), TrackGain(track="t1", gain_db=-4)) == TrackGain(
        track="t1", gain_db=-4
    )
    assert coalesce(TrackGain(track="t1", gain_db=-1), TrackGain(track="t2", gain_db=-4)) is None
    assert coalesce(TrackGain(track="t1", gain_db=-1), TrackPan(track="t1", pan=0.2)) is None
    assert coalesce(SetTempo(tempo=100), SetTempo(tempo=101)) == SetTempo(tempo=101)
    assert coalesce(Transpose(semitones=1), Transpose(semitones=1)) is None
    assert (
        coalesce(LoopSection(start_bar=0, end_bar=1, times=1), LoopSection(start_bar=0, end_bar=1, times=1))
        is None
    )


def test_ops_round_trip_through_json():
    op = TrackEffects(track="t2", chain=PRESETS["telephone"])
    assert parse_op({"type": op.type, **op_params(op)}) == op
    assert isinstance(fold, object) and SongState  # the public names exist
