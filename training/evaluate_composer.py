"""The composer as a musician hears it, read from the notes (no audio): does mood change the music, does
the seed change every part, does the lead develop its ideas, are the genre idioms there?

Songs are drawn with seeded random specs (every genre with its preset band, 12 tonics, the genre's modes)
and composed with `engine.compose.compose`. Figures, each with its target (issue 16):

- mood sensitivity: per genre, each pair of moods (same seed, tempo, key, band) differs in >= 2 of
  {progression, drum pattern, bass rhythm, register, harmonic rhythm, voicing}; share of pairs (>= 90 %).
- seed variety: two seeds of one spec; every pitched part's exact (onset, pitch) Jaccard <= 0.3 and the
  drums' (bar, 16th, drum) Jaccard <= 0.6; share of parts meeting it. Groove consistency (1 - the mean
  Hamming distance of consecutive bars' 16th onset grids, all tracks) >= 0.9 and scale consistency
  (pitched notes in the key's scale or the chord under them; blue notes count where the genre uses
  them) >= 0.95.
- development of the lead: whole-bar exact repeats <= 15 % of its bars, varied recurrences (a bar with an
  earlier bar's rhythm and other pitches) >= 30 %, >= 4 distinct bar rhythms per 16 bars, and no lead
  strikes one pitch more than 4 times in a row.
- idioms: blue notes >= 5 % of blues/jazz lead notes; the mode's characteristic tone >= 8 % of modal lead
  notes; fills (the drums of a section's last bar differ from its groove) at >= 80 % of section ends;
  where the genre swings its 16ths (hip-hop, lo-fi, funk), the drums' 16th swing ratio >= 1.15.
- speed and reproducibility: compose time of a 3-minute 6-track song <= 0.5 s; the same seed gives the
  same score.

Run with `nice -n 19 python -m training.evaluate_composer`; `--json PATH` writes the figures.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import json
import random
import statistics
import time
from collections import defaultdict
from collections.abc import Iterable

from engine.compose import compose, genre_profile
from engine.instruments import Role
from engine.presets import GENRE_PRESETS
from engine.score import TICKS_PER_BEAT, Note, Score, Track
from engine.spec import GENRES, MOODS, InstrumentPart, SongSpec
from engine.theory import CHARACTERISTIC_TONES, MODES, TONICS, blue_notes, tonic_pitch_class

STEP = TICKS_PER_BEAT // 4
SEED_PAIRS_PER_MODE = 4  # specs per genre and mode composed with two seeds (about 120 specs in all)
BLUE_GENRES = frozenset({"blues", "jazz", "rock"})
TARGETS = {
    "mood_pairs_differing": 0.90,
    "seed_pitched_parts_varied": 1.0,
    "seed_drums_varied": 1.0,
    "groove_consistency": 0.90,
    "scale_consistency": 0.95,
    "lead_exact_bar_repeats": 0.15,
    "lead_varied_recurrences": 0.30,
    "lead_bar_rhythms_per_16": 4.0,
    "leads_with_a_pitch_run_over_4": 0.0,
    "blue_note_share": 0.05,
    "modal_tone_share": 0.08,
    "fills_at_section_ends": 0.80,
    "swing_ratio_16ths": 1.15,
    "compose_seconds_3min_6tracks": 0.5,
}
AT_MOST = frozenset(
    {"lead_exact_bar_repeats", "leads_with_a_pitch_run_over_4", "compose_seconds_3min_6tracks"}
)


def genre_modes(genre: str) -> tuple[str, ...]:
    preset = GENRE_PRESETS[genre]
    return tuple(dict.fromkeys(("major", "minor", preset.mode)))


def make_spec(genre: str, mood: str, seed: int, rng: random.Random, seconds: float, mode: str) -> SongSpec:
    preset = GENRE_PRESETS[genre]
    return SongSpec(
        genre=genre,
        mood=mood,
        tempo=preset.tempo,
        key=rng.choice(TONICS),
        mode=mode,
        instruments=tuple(InstrumentPart(instrument=name, role=role) for name, role in preset.instruments),
        length_seconds=seconds,
        seed=seed,
    )


# --- reading a score --------------------------------------------------------------------------------


def tracks_of(score: Score, role: Role) -> list[Track]:
    return [t for t in score.tracks if t.role is role]


def grid(tick: int) -> tuple[int, int]:
    """(bar, 16th step in the bar) of the grid step nearest a tick: a note played a little early still
    counts on the bar line it was written on."""
    bar, step = divmod(round(tick / STEP), 16)
    return bar, step


def drum_grid(score: Score) -> set[tuple[int, int, int]]:
    """(bar, 16th step, drum) of every drum hit."""
    return {(*grid(n.start), n.pitch) for t in score.tracks if t.is_drums for n in t.notes}


def onsets(track: Track) -> set[tuple[int, int]]:
    return {(round(n.start / STEP), n.pitch) for n in track.notes}


def jaccard(a: set, b: set) -> float:  # type: ignore[type-arg]
    return len(a & b) / len(a | b) if a | b else 1.0


def bars_of(track: Track, bars: int) -> list[tuple[tuple[int, int], ...]]:
    """Each bar's (16th step in bar, pitch) pairs."""
    out: list[list[tuple[int, int]]] = [[] for _ in range(bars)]
    for n in track.notes:
        bar, step = grid(n.start)
        if bar < bars:
            out[bar].append((step, n.pitch))
    return [tuple(sorted(b)) for b in out]


def progression(score: Score) -> list[tuple[int, str]]:
    """The chord of every beat."""
    out = []
    chords = sorted(score.chords, key=lambda c: c.start)
    index = 0
    for beat in range(score.bars * 4):
        tick = beat * TICKS_PER_BEAT
        while index + 1 < len(chords) and chords[index + 1].start <= tick:
            index += 1
        out.append((chords[index].root, chords[index].quality))
    return out


def chords_per_bar(score: Score) -> float:
    return len(score.chords) / score.bars


def register(score: Score) -> float:
    """Mean pitch of the parts above the bass (melodies, arpeggios, chords and pads)."""
    pitches = [n.pitch for t in score.tracks if not t.is_drums and t.role is not Role.BASS for n in t.notes]
    return statistics.fmean(pitches) if pitches else 0.0


def voicing(score: Score) -> tuple[float, float]:
    """Mean notes per chord strike and mean span (semitones) of the chord and pad parts."""
    sizes, spans = [], []
    for t in score.tracks:
        if t.role not in (Role.CHORDS, Role.PAD):
            continue
        by_start: dict[tuple[int, int], list[int]] = defaultdict(list)
        for n in t.notes:  # one strike: the notes nearest one grid step (a player's spread is not two)
            by_start[grid(n.start)].append(n.pitch)
        for pitches in by_start.values():
            sizes.append(len(pitches))
            spans.append(max(pitches) - min(pitches))
    return (statistics.fmean(sizes) if sizes else 0.0, statistics.fmean(spans) if spans else 0.0)


def bass_rhythm(score: Score) -> set[tuple[int, int]]:
    return {grid(n.start) for t in tracks_of(score, Role.BASS) for n in t.notes}


def mood_differences(a: Score, b: Score) -> set[str]:
    differ = set()
    pa, pb = progression(a), progression(b)
    if sum(x != y for x, y in zip(pa, pb, strict=False)) / max(1, len(pa)) >= 0.25:
        differ.add("progression")
    if jaccard(drum_grid(a), drum_grid(b)) <= 0.75:
        differ.add("drum pattern")
    if jaccard(bass_rhythm(a), bass_rhythm(b)) <= 0.75:
        differ.add("bass rhythm")
    if abs(register(a) - register(b)) >= 2.0:
        differ.add("register")
    if abs(chords_per_bar(a) - chords_per_bar(b)) >= 0.25:
        differ.add("harmonic rhythm")
    (sa, wa), (sb, wb) = voicing(a), voicing(b)
    if abs(sa - sb) >= 0.5 or abs(wa - wb) >= 3.0:
        differ.add("voicing")
    return differ


def groove_consistency(score: Score) -> float:
    """MusPy's groove consistency on a 16th grid: 1 - mean Hamming distance of consecutive bars."""
    grids = [[0] * 16 for _ in range(score.bars)]
    for t in score.tracks:
        for n in t.notes:
            bar, step = grid(n.start)
            if bar < score.bars:
                grids[bar][step] = 1
    distances = [sum(x != y for x, y in zip(g, h, strict=True)) / 16 for g, h in itertools.pairwise(grids)]
    return 1.0 - statistics.fmean(distances) if distances else 1.0


def in_scale_pcs(score: Score) -> set[int]:
    key = tonic_pitch_class(score.key)
    pcs = {(key + s) % 12 for s in MODES[score.mode]}
    if score.genre in BLUE_GENRES:
        pcs |= {(key + s) % 12 for s in blue_notes(score.mode)}
    return pcs


def scale_consistency(score: Score) -> float:
    """Share of pitched notes in the key's scale (with the blue notes where the genre uses them) or in
    the chord sounding under them (a chord borrowed from the parallel minor brings its own tones)."""
    pcs = in_scale_pcs(score)
    chords = sorted(score.chords, key=lambda c: c.start)
    starts = [c.start for c in chords]

    def fits(note: Note) -> bool:
        if note.pitch % 12 in pcs:
            return True
        chord = chords[max(0, bisect.bisect_right(starts, note.start) - 1)]
        return note.pitch % 12 in chord.pitch_classes

    notes = [n for t in score.tracks if not t.is_drums for n in t.notes]
    return sum(fits(n) for n in notes) / len(notes) if notes else 1.0


def lead_development(score: Score) -> dict[str, float] | None:
    leads = tracks_of(score, Role.LEAD)
    if not leads or not leads[0].notes:
        return None
    bars = [b for b in bars_of(leads[0], score.bars) if b]
    if len(bars) < 4:
        return None
    seen: set[tuple[tuple[int, int], ...]] = set()
    rhythms_seen: set[tuple[int, ...]] = set()
    exact = varied = 0
    for b in bars:
        rhythm = tuple(step for step, _ in b)
        if b in seen:
            exact += 1
        elif rhythm in rhythms_seen:
            varied += 1
        seen.add(b)
        rhythms_seen.add(rhythm)
    pitches = [n.pitch for n in sorted(leads[0].notes, key=lambda n: n.start)]
    run = longest = 1
    for x, y in itertools.pairwise(pitches):
        run = run + 1 if x == y else 1
        longest = max(longest, run)
    return {
        "lead_exact_bar_repeats": exact / len(bars),
        "lead_varied_recurrences": varied / len(bars),
        "lead_bar_rhythms_per_16": len(rhythms_seen) * 16 / len(bars),
        "leads_with_a_pitch_run_over_4": float(longest > 4),
    }


def blue_note_share(score: Score) -> float | None:
    blue = blue_notes(score.mode)
    leads = tracks_of(score, Role.LEAD)
    if score.genre not in ("blues", "jazz") or not blue or not leads or not leads[0].notes:
        return None
    key = tonic_pitch_class(score.key)
    return sum((n.pitch - key) % 12 in blue for n in leads[0].notes) / len(leads[0].notes)


def modal_tone_share(score: Score) -> float | None:
    leads = tracks_of(score, Role.LEAD)
    if score.mode not in CHARACTERISTIC_TONES or not leads or not leads[0].notes:
        return None
    key = tonic_pitch_class(score.key)
    tone = CHARACTERISTIC_TONES[score.mode]
    return sum((n.pitch - key) % 12 == tone for n in leads[0].notes) / len(leads[0].notes)


def swing_ratio_16ths(score: Score) -> float | None:
    """Where the genre swings its 16ths: how much longer the first 16th of each 8th lasts than the second,
    read from the drums' off-beat 16ths (median over the song; 1.0 is straight, 2.0 a full triplet)."""
    if not genre_profile(score.genre).swing_16ths:
        return None
    offsets = [
        n.start % (2 * STEP)
        for t in score.tracks
        if t.is_drums
        for n in t.notes
        if STEP // 2 < n.start % (2 * STEP) < 2 * STEP - STEP // 3
    ]
    if not offsets:
        return None
    late = statistics.median(offsets)
    return late / (2 * STEP - late)


def fills_at_section_ends(score: Score) -> tuple[int, int]:
    """(section ends whose last bar's drums differ from the bar before, section ends checked where the
    drums play)."""
    grid = drum_grid(score)
    bar_sets: dict[int, set[tuple[int, int]]] = defaultdict(set)
    for bar, step, drum in grid:
        bar_sets[bar].add((step, drum))
    if not bar_sets:
        return 0, 0
    filled = checked = 0
    for section in score.sections[:-1]:
        last = section.start_bar + section.bars - 1
        if section.bars < 2 or not (bar_sets[last] or bar_sets[last - 1]):
            continue  # too short for a fill, or the drums rest there
        checked += 1
        filled += bar_sets[last] != bar_sets[last - 1]
    return filled, checked


# --- the evaluation ---------------------------------------------------------------------------------


def evaluate(seconds: float, seed: int) -> dict[str, dict[str, float]]:
    rng = random.Random(seed)
    per_genre: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for genre in GENRES:
        record = per_genre[genre]
        for mode in genre_modes(genre):
            song_seed = rng.randint(0, 10**6)
            key_rng = random.Random(song_seed)
            scores = {
                m: compose(make_spec(genre, m, song_seed, random.Random(song_seed), seconds, mode))
                for m in MOODS
            }
            for a, b in itertools.combinations(MOODS, 2):
                record["mood_pairs_differing"].append(float(len(mood_differences(scores[a], scores[b])) >= 2))
            for mood in rng.sample(MOODS, SEED_PAIRS_PER_MODE):
                spec = make_spec(genre, mood, song_seed, key_rng, seconds, mode)
                one = compose(spec)
                two = compose(spec.model_copy(update={"seed": spec.seed + 1}))
                _seed_variety(one, two, record)
                for score in (one, two):
                    _one_song(score, record)
    return {
        genre: {name: statistics.fmean(values) for name, values in r.items()}
        for genre, r in per_genre.items()
    }


def _seed_variety(one: Score, two: Score, record: dict[str, list[float]]) -> None:
    for a, b in zip(one.tracks, two.tracks, strict=True):
        if a.is_drums:
            record["seed_drums_varied"].append(float(jaccard(drum_grid(one), drum_grid(two)) <= 0.6))
        elif a.notes or b.notes:
            record["seed_pitched_parts_varied"].append(float(jaccard(onsets(a), onsets(b)) <= 0.3))


def _one_song(score: Score, record: dict[str, list[float]]) -> None:
    record["groove_consistency"].append(groove_consistency(score))
    record["scale_consistency"].append(scale_consistency(score))
    development = lead_development(score)
    if development is not None:
        for name, value in development.items():
            record[name].append(value)
    for name, value in (
        ("blue_note_share", blue_note_share(score)),
        ("modal_tone_share", modal_tone_share(score)),
        ("swing_ratio_16ths", swing_ratio_16ths(score)),
    ):
        if value is not None:
            record[name].append(value)
    filled, checked = fills_at_section_ends(score)
    if checked:
        record["fills_at_section_ends"].append(filled / checked)


def speed_and_reproducibility() -> dict[str, float]:
    preset = GENRE_PRESETS["pop"]
    parts = list(preset.instruments)
    while len(parts) < 6:
        parts.append(("violin", "counter_melody"))
    spec = SongSpec(
        genre="pop",
        mood="happy",
        tempo=120,
        key="C",
        mode="major",
        instruments=tuple(InstrumentPart(instrument=n, role=r) for n, r in parts[:6]),
        length_seconds=180,
        seed=7,
    )
    compose(spec)  # warm caches (model weights)
    times = []
    for _ in range(5):
        started = time.perf_counter()
        score = compose(spec)
        times.append(time.perf_counter() - started)
    same = float(compose(spec).model_dump_json() == score.model_dump_json())
    return {"compose_seconds_3min_6tracks": min(times), "same_seed_same_score": same}


def _meets(name: str, value: float) -> bool:
    target = TARGETS[name]
    return value <= target if name in AT_MOST else value >= target


def report(per_genre: dict[str, dict[str, float]], overall: dict[str, float]) -> str:
    names = [n for n in TARGETS if n in overall]
    lines = ["figure                          target   all    " + " ".join(f"{g[:6]:>6}" for g in GENRES)]
    for name in names:
        sign = "<=" if name in AT_MOST else ">="
        row = " ".join(f"{per_genre[g][name]:6.2f}" if name in per_genre[g] else "     -" for g in GENRES)
        short = [g for g in GENRES if name in per_genre[g] and not _meets(name, per_genre[g][name])]
        mark = "ok" if _meets(name, overall[name]) else "MISS"
        if short and mark == "ok":
            mark = f"ok overall; MISS in {len(short)} genre{'s' if len(short) > 1 else ''}"
        lines.append(f"{name:31s} {sign}{TARGETS[name]:<5g} {overall[name]:6.2f} {row}  {mark}")
    lines.append("(ok: met over all genres; a genre whose own figure misses is counted after it)")
    return "\n".join(lines)


def summarise(per_genre: dict[str, dict[str, float]]) -> dict[str, float]:
    values: dict[str, list[float]] = defaultdict(list)
    for figures in per_genre.values():
        for name, value in figures.items():
            values[name].append(value)
    return {name: statistics.fmean(v) for name, v in values.items()}


def main(argv: Iterable[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--json", default="")
    args = parser.parse_args(list(argv) if argv is not None else None)
    started = time.perf_counter()
    per_genre = evaluate(args.seconds, args.seed)
    overall = summarise(per_genre)
    overall.update(speed_and_reproducibility())
    print(report(per_genre, overall))
    print(f"same seed, same score: {'yes' if overall['same_seed_same_score'] == 1.0 else 'NO'}")
    print(f"({time.perf_counter() - started:.0f} s)")
    if args.json:
        with open(args.json, "w") as out:
            json.dump({"overall": overall, "per_genre": per_genre}, out, indent=1)


if __name__ == "__main__":
    main()
