"""compose_around_melody: the given melody is the lead, chords fit it, the other parts follow them."""

from __future__ import annotations

import pytest

from engine.compose.from_melody import (
    NEEDS_LEAD,
    MelodyNote,
    compose_around_melody,
    fit_chords,
    melody_bars,
    melody_octave_shift,
)
from engine.compose.genres import genre_profile
from engine.instruments import Role, instrument
from engine.spec import InstrumentPart, SongSpec

BAND = (
    InstrumentPart(instrument="flute", role=Role.LEAD),
    InstrumentPart(instrument="acoustic_grand_piano", role=Role.CHORDS),
    InstrumentPart(instrument="fingered_electric_bass"),
    InstrumentPart(instrument="standard_drum_kit"),
    InstrumentPart(instrument="cello", role=Role.COUNTER_MELODY),
)


def line(*notes: tuple[int, int]) -> list[MelodyNote]:
    """(pitch, 16ths) one after another from step 0."""
    out, step = [], 0
    for pitch, steps in notes:
        out.append(MelodyNote(step=step, steps=steps, pitch=pitch))
        step += steps
    return out


# C-E-G | F-A-C | G-B-D | C: an arpeggiated I IV V I.
ARPEGGIOS = line((60, 4), (64, 4), (67, 8), (65, 4), (69, 4), (72, 8), (67, 4), (71, 4), (74, 8), (72, 16))


def spec(**changes: object) -> SongSpec:
    base: dict[str, object] = {
        "genre": "pop",
        "mood": "happy",
        "tempo": 100,
        "key": "C",
        "mode": "major",
        "instruments": BAND,
        "length_bars": 4,
        "seed": 11,
    }
    return SongSpec.model_validate({**base, **changes})


def test_chords_follow_the_harmony_the_melody_outlines() -> None:
    chords = fit_chords(ARPEGGIOS, 4, genre_profile("pop"), 0, "major")
    assert [c.symbol for c in chords] == ["C", "F", "G", "C"]
    assert [c.start for c in chords] == [0, 1920, 3840, 5760]
    jazz = fit_chords(ARPEGGIOS, 4, genre_profile("jazz"), 0, "major")
    assert jazz[-1].symbol == "Cmaj7" and all(len(c.pitch_classes) == 4 for c in jazz)


def test_most_melody_tones_on_strong_beats_are_chord_tones() -> None:
    score = compose_around_melody(spec(), ARPEGGIOS)
    chord_at = {c.start // 1920: set(c.pitch_classes) for c in score.chords}
    lead = next(t for t in score.tracks if t.role is Role.LEAD)
    strong = [n for n in lead.notes if n.start % 960 == 0]
    inside = sum(1 for n in strong if n.pitch % 12 in chord_at[n.start // 1920])
    assert inside / len(strong) >= 0.9


def test_the_lead_is_the_melody_and_the_band_plays_around_it() -> None:
    score = compose_around_melody(spec(), ARPEGGIOS)
    lead = score.tracks[0]
    assert lead.role is Role.LEAD and lead.instrument == "flute"
    assert [(n.start, n.duration, n.pitch) for n in lead.notes] == [
        (m.step * 120, m.steps * 120, m.pitch) for m in ARPEGGIOS
    ]
    assert [t.role for t in score.tracks] == [p.resolved_role for p in BAND]
    assert all(t.notes for t in score.tracks)
    assert score.bars == 4 and (score.key, score.mode, score.tempo) == ("C", "major", 100)
    bass = next(t for t in score.tracks if t.role is Role.BASS)
    on_root = [
        any(abs(n.start - chord.start) <= 60 and n.pitch % 12 == chord.root for n in bass.notes)
        for chord in score.chords
    ]
    assert sum(on_root) >= 3  # the bass states the chosen chords (humanised by a few ticks)
    assert compose_around_melody(spec(), ARPEGGIOS) == score  # deterministic


def test_a_longer_song_repeats_the_melody_in_whole_phrases() -> None:
    score = compose_around_melody(spec(length_bars=10), ARPEGGIOS)
    assert score.bars == 10 and len(score.chords) == 10
    lead = score.tracks[0].notes
    assert [n.pitch for n in lead] == [m.pitch for m in ARPEGGIOS] * 2  # twice 4 bars; bars 9-10 rest
    assert lead[len(ARPEGGIOS)].start == 4 * 1920
    assert [c.symbol for c in score.chords[4:8]] == ["C", "F", "G", "C"]
    three_bars = [n for n in ARPEGGIOS if n.step < 48]  # repeats every 4 bars all the same
    again = compose_around_melody(spec(length_bars=8), three_bars).tracks[0].notes
    assert again[len(three_bars)].start == 4 * 1920


def test_the_song_is_as_long_as_the_melody_at_least() -> None:
    long_melody = [*ARPEGGIOS, *(n.model_copy(update={"step": n.step + 64}) for n in ARPEGGIOS)]
    assert melody_bars(long_melody) == 8
    score = compose_around_melody(spec(length_bars=4), long_melody)
    assert score.bars == 8 and len(score.chords) == 8
    assert max(n.end for n in score.tracks[0].notes) == 8 * 1920


def test_a_second_lead_doubles_the_melody_and_swing_moves_offbeats() -> None:
    band = (*BAND, InstrumentPart(instrument="violin", role=Role.LEAD))
    score = compose_around_melody(spec(instruments=band), ARPEGGIOS)
    assert [n.pitch % 12 for n in score.tracks[-1].notes] == [m.pitch % 12 for m in ARPEGGIOS]
    eighths = line(*[(60, 2)] * 8)
    swung = compose_around_melody(spec(genre="jazz"), eighths).tracks[0]
    assert swung.notes[1].start > 240  # the off-beat 8th is played late


def test_a_melody_out_of_the_lead_s_range_moves_by_whole_octaves() -> None:
    low = [m.model_copy(update={"pitch": m.pitch - 12}) for m in ARPEGGIOS]  # 48..62: below the flute's 60
    assert melody_octave_shift(low, instrument("flute")) == 12
    assert melody_octave_shift(low, instrument("square_lead")) == 0  # 48..91
    score = compose_around_melody(spec(), low)
    assert [n.pitch for n in score.tracks[0].notes] == [m.pitch + 12 for m in low]
    # One short stray note below the range (a breath at the end of a take) moves nothing but itself.
    stray = [*ARPEGGIOS, MelodyNote(step=64, steps=2, pitch=43)]
    assert melody_octave_shift(stray, instrument("clarinet")) == 0
    lead = compose_around_melody(spec(instruments=(InstrumentPart(instrument="clarinet"), *BAND[1:])), stray)
    assert [n.pitch for n in lead.tracks[0].notes] == [m.pitch for m in ARPEGGIOS] + [55]


def test_a_melody_needs_a_lead_instrument() -> None:
    no_lead = tuple(p for p in BAND if p.resolved_role is not Role.LEAD)
    with pytest.raises(ValueError, match=NEEDS_LEAD):
        compose_around_melody(spec(instruments=no_lead), ARPEGGIOS)
