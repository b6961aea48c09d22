"""Genre idioms and musicianship the composer must show, asserted on the notes rather than exact notes:
blue notes, 16th swing, fills at section ends, mood moving the harmony, twelve-bar choruses, modes heard,
returning sections developed, no droning on one pitch."""

from __future__ import annotations

import itertools
import statistics
from collections import defaultdict

import pytest

from engine.compose import compose, genre_profile
from engine.instruments import Role
from engine.score import Score, Track
from engine.spec import InstrumentPart, SongSpec
from engine.theory import tonic_pitch_class

BAR = 1920
SIXTEENTH = 120
BAND = (
    InstrumentPart(instrument="standard_drum_kit"),
    InstrumentPart(instrument="fingered_electric_bass"),
    InstrumentPart(instrument="acoustic_grand_piano", role=Role.CHORDS),
    InstrumentPart(instrument="alto_sax", role=Role.LEAD),
)


def song(genre: str, mood: str = "happy", mode: str = "major", seed: int = 3, bars: int = 40) -> Score:
    return compose(
        SongSpec(
            genre=genre,
            mood=mood,
            tempo=100,
            key="F",
            mode=mode,
            instruments=BAND,
            length_bars=bars,
            seed=seed,
        )
    )


def part(score: Score, role: Role) -> Track:
    return next(t for t in score.tracks if t.role is role)


def degrees(track: Track, key: str = "F") -> list[int]:
    tonic = tonic_pitch_class(key)
    return [(n.pitch - tonic) % 12 for n in sorted(track.notes, key=lambda n: n.start)]


@pytest.mark.parametrize("genre", ["blues", "jazz", "rock"])
def test_blues_jazz_and_rock_leads_bend_into_blue_notes(genre: str) -> None:
    notes = [d for seed in range(3) for d in degrees(part(song(genre, seed=seed), Role.LEAD))]
    blue = sum(d in (3, 6, 10) for d in notes) / len(notes)
    assert blue >= 0.03, blue
    assert blue <= 0.25, blue  # an inflection, not a change of scale


def test_a_pop_lead_keeps_to_its_scale() -> None:
    notes = [d for seed in range(3) for d in degrees(part(song("pop", seed=seed), Role.LEAD))]
    assert not {3, 6, 10} & set(notes)


def _swing_ratio(score: Score) -> float:
    """Median length of the first 16th of an 8th over the second, from the drums' off-beat 16ths."""
    late = [
        n.start % (2 * SIXTEENTH)
        for n in part(score, Role.DRUMS).notes
        if SIXTEENTH // 2 < n.start % (2 * SIXTEENTH) < 2 * SIXTEENTH - SIXTEENTH // 3
    ]
    middle = statistics.median(late)
    return middle / (2 * SIXTEENTH - middle)


@pytest.mark.parametrize("genre", ["hip_hop", "lofi", "funk"])
def test_genres_that_swing_their_16ths_do(genre: str) -> None:
    assert genre_profile(genre).swing_16ths
    assert _swing_ratio(song(genre, mood="energetic")) >= 1.15


def test_straight_genres_keep_their_16ths_even() -> None:
    assert abs(_swing_ratio(song("pop", mood="energetic")) - 1.0) <= 0.08


@pytest.mark.parametrize("genre", ["pop", "rock", "funk", "hip_hop", "blues"])
def test_the_drums_fill_at_section_ends(genre: str) -> None:
    score = song(genre, bars=48)
    bars: dict[int, set[tuple[int, int]]] = defaultdict(set)
    for n in part(score, Role.DRUMS).notes:
        bar, step = divmod(round(n.start / SIXTEENTH), 16)
        bars[bar].add((step, n.pitch))
    ends = [s.start_bar + s.bars - 1 for s in score.sections[:-1] if s.bars >= 2]
    ends = [end for end in ends if bars[end - 1]]  # not where the arrangement rests the drums
    assert ends
    filled = sum(bars[end] != bars[end - 1] for end in ends)
    assert filled >= 0.8 * len(ends), (filled, len(ends))


def _progression(score: Score) -> list[str]:
    return [c.symbol for c in score.chords]


@pytest.mark.parametrize("genre", ["pop", "rock", "electronic", "folk"])
def test_mood_moves_the_harmony(genre: str) -> None:
    happy, sad = song(genre, mood="happy"), song(genre, mood="sad")
    chords_per_bar = [len(s.chords) / s.bars for s in (happy, sad)]
    differing = sum(a != b for a, b in zip(_progression(happy), _progression(sad), strict=False))
    assert differing >= 0.25 * len(happy.chords) or abs(chords_per_bar[0] - chords_per_bar[1]) >= 0.25
    minor = [sum(c.quality.startswith("min") for c in s.chords) / len(s.chords) for s in (happy, sad)]
    assert minor[1] > minor[0], minor  # the sad song leans on minor chords


def test_the_blues_keeps_whole_twelve_bar_choruses() -> None:
    score = song("blues", bars=44)
    body = [s for s in score.sections if s.name not in ("intro", "outro")]
    assert body and all(s.bars == 12 for s in body)
    for section in body:
        bars = [
            c for c in score.chords if section.start_bar * BAR <= c.start < (section.start_bar + 12) * BAR
        ]
        roots = [(c.root - tonic_pitch_class("F")) % 12 for c in bars]
        assert roots[0] == 0 and 5 in roots and 7 in roots  # I, IV and V (or ii-V) in every chorus


def test_the_blues_bass_boogies_or_walks() -> None:
    bass = part(song("blues", mood="energetic"), Role.BASS)
    sixths = sum(d in (8, 9) for d in degrees(bass)) / len(bass.notes)  # the boogie's sixth (over I)
    assert sixths > 0.05


@pytest.mark.parametrize(
    ("mode", "tone"), [("dorian", 9), ("mixolydian", 10), ("lydian", 6), ("phrygian", 1)]
)
def test_a_modal_song_sounds_its_mode(mode: str, tone: int) -> None:
    notes = [d for seed in range(3) for d in degrees(part(song("pop", mode=mode, seed=seed), Role.LEAD))]
    assert notes.count(tone) / len(notes) >= 0.05


def _bars(track: Track, first: int, count: int) -> list[tuple[tuple[int, int], ...]]:
    out: list[list[tuple[int, int]]] = [[] for _ in range(count)]
    for n in track.notes:
        bar, step = divmod(round(n.start / SIXTEENTH), 16)
        if first <= bar < first + count:
            out[bar - first].append((step, n.pitch))
    return [tuple(sorted(b)) for b in out]


def test_a_returning_verse_is_developed_and_the_chorus_hook_returns() -> None:
    score = song("pop", bars=56)
    lead = part(score, Role.LEAD)
    verses = [s for s in score.sections if s.name == "verse"]
    choruses = [s for s in score.sections if s.name == "chorus"]
    assert len(verses) >= 2 and len(choruses) >= 2
    first, again = (_bars(lead, s.start_bar, s.bars) for s in verses[:2])
    assert sum(a == b for a, b in zip(first, again, strict=True)) <= len(first) // 4  # mostly new notes
    rhythms = [tuple(step for step, _ in bar) for bar in first]
    assert sum(tuple(step for step, _ in bar) in rhythms for bar in again) >= len(again) // 2  # same shape
    hooks = [_bars(lead, s.start_bar, 1)[0] for s in choruses]
    assert all(hook == hooks[0] for hook in hooks)


@pytest.mark.parametrize("genre", ["pop", "folk", "jazz", "ambient"])
def test_no_lead_drones_on_one_pitch(genre: str) -> None:
    for seed in range(3):
        pitches = [
            n.pitch for n in sorted(part(song(genre, seed=seed), Role.LEAD).notes, key=lambda n: n.start)
        ]
        runs = [len(list(group)) for _, group in itertools.groupby(pitches)]
        assert max(runs) <= 4, (seed, max(runs))


def _playing(track: Track, start_bar: int, end_bar: int) -> bool:
    return any(start_bar * BAR - 20 <= n.start < end_bar * BAR - 20 for n in track.notes)


def test_intros_set_the_song_up_in_several_ways_by_seed() -> None:
    shapes = set()
    for seed in range(12):
        score = song("electronic", seed=seed)
        intro = score.sections[0]
        assert intro.name == "intro"
        half = intro.bars // 2
        drums, bass, chords = (part(score, role) for role in (Role.DRUMS, Role.BASS, Role.CHORDS))
        shape = (_playing(drums, 0, half), _playing(bass, 0, half), _playing(chords, 0, half))
        shapes.add(shape)
        assert shape in {(True, True, True), (True, False, False), (False, False, True)}, (seed, shape)
        assert _playing(drums, intro.bars, intro.bars + 1) and _playing(bass, intro.bars, intro.bars + 1)
    assert len(shapes) == 3  # the band, the drums alone, the harmony alone


def test_a_breakdown_drops_the_rhythm_section_for_half_the_bridge() -> None:
    found = 0
    for seed in range(8):
        score = song("pop", seed=seed, bars=56)
        bridge = next(s for s in score.sections if s.name == "bridge")
        half = bridge.start_bar + bridge.bars // 2
        drums = part(score, Role.DRUMS)
        if not _playing(drums, bridge.start_bar, half):
            found += 1
            assert not _playing(part(score, Role.BASS), bridge.start_bar, half)
            assert _playing(drums, half, bridge.start_bar + bridge.bars)  # and they come back
    assert 0 < found < 8


def test_the_lead_sometimes_enters_with_a_pickup() -> None:
    pickups = 0
    for seed in range(8):
        score = song("folk", seed=seed)
        intro = score.sections[0]
        lead = sorted(part(score, Role.LEAD).notes, key=lambda n: n.start)
        early = [n for n in lead if n.start < intro.bars * BAR - 20]
        if early:
            pickups += 1
            assert len(early) == 2 and early[0].start >= (intro.bars - 1) * BAR  # the intro's last bar
            assert early[0].pitch < early[1].pitch < lead[2].pitch  # stepping up into the first note
    assert 0 < pickups < 8


@pytest.mark.parametrize("genre", ["pop", "folk", "lofi", "jazz"])
def test_another_mood_sings_another_tune_from_the_same_seed(genre: str) -> None:
    rhythms = {}
    for mood in ("sad", "calm", "dreamy", "happy"):
        score = song(genre, mood=mood)
        rhythms[mood] = [
            tuple(step for step, _ in bar) for bar in _bars(part(score, Role.LEAD), 0, score.bars)
        ]
    for a, b in itertools.combinations(rhythms, 2):
        sung = [(x, y) for x, y in zip(rhythms[a], rhythms[b], strict=True) if len(x) > 1 or len(y) > 1]
        same = sum(x == y for x, y in sung) / len(sung)
        assert same <= 0.5, (a, b, same)  # not one rhythm in another mood's clothes


def _chorus_chords(score: Score) -> list[list[str]]:
    """The chord symbols of each bar of the first twelve-bar chorus."""
    chorus = next(s for s in score.sections if s.name not in ("intro", "outro"))
    return [
        [
            c.symbol
            for c in score.chords
            if (chorus.start_bar + i) * BAR <= c.start < (chorus.start_bar + i + 1) * BAR
        ]
        for i in range(12)
    ]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_blues_form_moves_at_the_moods_harmonic_rhythm(seed: int) -> None:
    romantic = _chorus_chords(song("blues", mood="romantic", seed=seed, bars=44))
    assert sum(len(bar) > 1 for bar in romantic) >= 3  # jazz blues: two chords in the turnaround bars
    for mood in ("sad", "calm", "dreamy"):  # slow moods hold the tonic four bars, a chord a bar
        slow = _chorus_chords(song("blues", mood=mood, seed=seed, bars=44))
        assert all(len(bar) == 1 for bar in slow), (mood, slow)
        assert len({bar[0] for bar in slow[:4]}) == 1, (mood, slow)


def _drum_steps(score: Score, drum: int, bars: range) -> list[set[int]]:
    drums = next(t for t in score.tracks if t.is_drums)
    out: list[set[int]] = [set() for _ in bars]
    for n in drums.notes:
        bar, step = divmod(round(n.start / SIXTEENTH), 16)
        if n.pitch == drum and bar in bars:
            out[bar - bars.start].add(step)
    return out


def test_a_driving_blues_shuffle_drives() -> None:
    for seed in range(4):
        score = song("blues", mood="energetic", seed=seed, bars=44)
        chorus = next(s for s in score.sections if s.name not in ("intro", "outro"))
        inner = range(chorus.start_bar, chorus.start_bar + 11)  # its last bar fills
        four = all({0, 4, 8, 12} <= steps for steps in _drum_steps(score, 36, inner))
        ghosts = all(len(steps) >= 5 for steps in _drum_steps(score, 38, inner))  # 2, 4 and ghosted upbeats
        assert four or ghosts, seed


def test_every_drum_figure_is_a_bar_of_sixteenths() -> None:
    from engine.compose.parts import drums

    figures = [h for low, high in drums.GROOVES.values() for p in (low, high) for h in p.values()]
    for v in drums.VARIATIONS.values():
        figures += [*v.kicks[0], *v.kicks[1], *v.figures]
    figures += [h for options in drums.ORNAMENTS.values() for o in options for h in o.values()]
    for hits in figures:
        assert len(hits) == 16 and set(hits) <= {".", "x", "X", "o", "g"}, hits


def _onsets(track: Track) -> set[tuple[int, int]]:
    return {(round(n.start / SIXTEENTH), n.pitch) for n in track.notes}


@pytest.mark.parametrize("genre", ["pop", "lofi", "cinematic"])
def test_regenerating_a_calm_song_changes_its_bass_and_pad(genre: str) -> None:
    from engine.presets import GENRE_PRESETS

    preset = GENRE_PRESETS[genre]
    band = tuple(InstrumentPart(instrument=name, role=role) for name, role in preset.instruments)
    shares = []
    for seed in (11, 21, 31, 41, 51):
        spec = SongSpec(
            genre=genre,
            mood="calm",
            tempo=90,
            key="D",
            mode="major",
            instruments=band,
            length_bars=24,
            seed=seed,
        )
        one, two = compose(spec), compose(spec.model_copy(update={"seed": seed + 1}))
        for a, b in zip(one.tracks, two.tracks, strict=True):
            if a.role in (Role.BASS, Role.PAD):
                shares.append(len(_onsets(a) & _onsets(b)) / len(_onsets(a) | _onsets(b)))
    assert sum(share <= 0.3 for share in shares) >= 0.8 * len(shares), shares  # most regenerations differ
    assert statistics.fmean(shares) <= 0.25, shares


def _developments(score: Score) -> int:
    """Bars of the lead that restate the bar before in its rhythm, moved along the scale or inverted."""
    from engine.compose.parts.development import developed
    from engine.theory import MODES

    scale = [(tonic_pitch_class(score.key) + s) % 12 for s in MODES[score.mode]]
    bars: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for n in part(score, Role.LEAD).notes:
        bar, step = divmod(round(n.start / SIXTEENTH), 16)
        bars[bar].append((step, n.pitch))
    found = 0
    for bar, notes in bars.items():
        after = bars.get(bar + 1, [])
        if len(notes) < 2 or [s for s, _ in notes] != [s for s, _ in after]:
            continue
        pitches, next_pitches = [p for _, p in notes], [p for _, p in after]
        found += any(
            developed(pitches, steps, scale, invert) == next_pitches
            for steps in range(-3, 4)
            for invert in (False, True)
            if steps or invert
        )
    return found


@pytest.mark.parametrize("genre", ["pop", "classical", "folk"])
def test_leads_develop_their_ideas_by_sequence_and_inversion(genre: str) -> None:
    found = [_developments(song(genre, seed=seed)) for seed in range(8)]
    assert sum(f > 0 for f in found) >= 3, found


def test_moods_borrow_chords_from_the_parallel_minor_and_the_lead_follows() -> None:
    tonic = tonic_pitch_class("F")
    borrowed = []
    for mood in ("sad", "dark", "epic", "energetic"):
        for seed in range(6):
            score = song("pop", mood=mood, seed=seed)
            for chord in score.chords:
                pcs = {(pc - tonic) % 12 for pc in chord.pitch_classes}
                if pcs & {3, 8, 10}:  # b3, b6 or b7: iv, bVI or bVII
                    borrowed.append(chord.symbol)
                    # The lead over it takes the lowered degree, never the one it replaces.
                    over = [
                        (n.pitch - tonic) % 12
                        for n in part(score, Role.LEAD).notes
                        if chord.start
                        <= round(n.start / SIXTEENTH) * SIXTEENTH
                        < chord.start + chord.duration
                    ]
                    clashes = {(b + 1) % 12 for b in pcs & {3, 8, 10}}
                    assert not set(over) & clashes, (chord.symbol, over)
    assert len(set(borrowed)) >= 2, borrowed  # more than one kind of borrowing
    happy = [c for seed in range(4) for c in song("pop", mood="happy", seed=seed, mode="minor").chords]
    assert happy  # minor keys keep their own scale: nothing to borrow


@pytest.mark.parametrize("genre", ["ambient", "electronic", "classical"])
def test_an_arpeggio_only_breaks_its_chords(genre: str) -> None:
    from engine.presets import GENRE_PRESETS

    preset = GENRE_PRESETS[genre]
    band = tuple(InstrumentPart(instrument=name, role=role) for name, role in preset.instruments)
    for mood, seed in itertools.product(("calm", "dark", "dreamy"), range(3)):
        score = compose(
            SongSpec(
                genre=genre,
                mood=mood,
                tempo=90,
                key="Bb",
                mode=preset.mode,
                instruments=band,
                length_bars=12,
                seed=seed,
            )
        )
        arpeggio = [t for t in score.tracks if t.role is Role.ARPEGGIO]
        for note in (n for t in arpeggio for n in t.notes):
            at = round(note.start / SIXTEENTH) * SIXTEENTH  # a note played early belongs to its grid step
            chord = next(c for c in score.chords if c.start <= at < c.start + c.duration)
            assert note.pitch % 12 in chord.pitch_classes, (mood, seed, chord.symbol, note.pitch)
