"""The example songs of engine/compose/model/EXAMPLES.md and the facts their descriptions rest on.

Per genre, 30-second songs with the preset band, tempo and mode in a key drawn from the genre's name: A in
the genre's leaning mood (engine.prompt.lexicon), seed 1; B A in a contrasting mood; C A with seed 2. Per
song: form, chords per bar, a verse (else intro, if any) and a chorus bar of drums (X accent, x hit, o soft;
silent if none), the chorus bar of the other accompaniment, the first two sounding bars of bass and lead
(name@16th step on the genre's swung grid, lead degrees in brackets), the lead's rhythm letter per bar
(=N: exact repeat of bar N) and range, and per part the Jaccard share of (16th, pitch) / 16th onsets with A.
`python -m training.composer_examples`
"""

from __future__ import annotations

import argparse
import random
import time
from collections import defaultdict

from engine.compose import compose
from engine.compose.genres import genre_profile
from engine.presets import GENRE_PRESETS
from engine.prompt.lexicon import GENRE_MOODS
from engine.score import TICKS_PER_BEAT, Chord, Score, Track
from engine.spec import GENRES, SongSpec
from engine.theory import tonic_pitch_class
from training.evaluate_composer import jaccard, make_spec

Notes = list[tuple[int, int, int]]  # (16th step, pitch, velocity)
CONTRAST = {
    "pop": "sad", "rock": "dark", "electronic": "calm", "hip_hop": "happy", "lofi": "energetic",
    "jazz": "energetic", "classical": "dark", "ambient": "dark", "folk": "sad", "funk": "dark",
    "cinematic": "sad", "blues": "happy",
}  # fmt: skip
DRUMS = {
    36: "kick", 37: "side stick", 38: "snare", 39: "clap", 41: "low floor tom", 42: "closed hat",
    43: "high floor tom", 44: "pedal hat", 45: "low tom", 46: "open hat", 47: "low-mid tom",
    48: "hi-mid tom", 49: "crash", 50: "high tom", 51: "ride", 53: "ride bell", 54: "tambourine",
    70: "shaker",
}  # fmt: skip
SHARPS = ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B")
FLATS = ("C", "Db", "D", "Eb", "E", "F", "Gb", "G", "Ab", "A", "Bb", "B")
DEGREES = ("1", "b2", "2", "b3", "3", "4", "b5", "5", "b6", "6", "b7", "7")
ROMAN = ("I", "bII", "II", "bIII", "III", "IV", "#IV", "V", "bVI", "VI", "bVII", "VII")
PARENT = {"major": 0, "dorian": 2, "phrygian": 4, "lydian": 5, "mixolydian": 7, "minor": 9}


def examples(genre: str) -> list[tuple[str, SongSpec]]:
    """The genre's example specs: A (its leaning mood, seed 1), B (A in a contrasting mood), C (A, seed 2)."""
    a = make_spec(genre, GENRE_MOODS[genre][0], 1, random.Random(genre), 30.0, GENRE_PRESETS[genre].mode)
    b, c = a.model_copy(update={"mood": CONTRAST[genre]}), a.model_copy(update={"seed": 2})
    return [("A", a), ("B", b), ("C", c)]


def bar_notes(track: Track, genre: str) -> dict[int, Notes]:
    """Bar -> its notes, each at the 16th step of the genre's (swung) grid nearest its start."""
    offsets = (*genre_profile(genre).step_offsets(), TICKS_PER_BEAT)
    bars: dict[int, Notes] = defaultdict(list)
    for note in sorted(track.notes, key=lambda n: (n.start, n.pitch)):
        beat, within = divmod(note.start, TICKS_PER_BEAT)
        bar, step = divmod(beat * 4 + min(range(5), key=lambda i: abs(within - offsets[i])), 16)
        bars[bar].append((step, note.pitch, note.velocity))
    return bars


def name(score: Score, pitch: int, degree: bool = False) -> str:
    """A pitch's name and octave (60 = C4), flat in flat keys, with its degree above the tonic if asked."""
    parent = (tonic_pitch_class(score.key) - PARENT.get(score.mode, 9)) % 12
    flat = "b" in score.key or ("#" not in score.key and parent in (1, 3, 5, 8, 10))
    text = f"{(FLATS if flat else SHARPS)[pitch % 12]}{pitch // 12 - 1}"
    return text + f"({DEGREES[(pitch - tonic_pitch_class(score.key)) % 12]})" if degree else text


def notes_text(score: Score, notes: Notes, degrees: bool = False) -> str:
    """Notes as name@step, notes struck together joined by '+' from low to high."""
    by_step: dict[int, list[str]] = defaultdict(list)
    for step, pitch, _ in sorted(notes):
        by_step[step].append(name(score, pitch, degrees))
    return " ".join(f"{'+'.join(names)}@{step}" for step, names in sorted(by_step.items()))


def roman(chord: Chord, tonic: int) -> str:
    """A chord's symbol with its Roman numeral against the tonic in brackets (lower case for minor)."""
    numeral = ROMAN[(chord.root - tonic) % 12]
    if chord.quality.startswith(("min", "dim", "m7b5", "madd")):
        return f"{chord.symbol}({numeral.lower()}{chord.quality.removeprefix('min').removeprefix('m')})"
    return f"{chord.symbol}({numeral}{'' if chord.quality == 'maj' else chord.quality})"


def chord_line(score: Score) -> str:
    """The chords sounding in each bar, bars separated by '|'."""
    bars, tonic, length = [], tonic_pitch_class(score.key), score.ticks_per_bar
    for lo in range(0, score.total_ticks, length):
        inside = [c for c in score.chords if c.start < lo + length and c.start + c.duration > lo]
        bars.append(" ".join(roman(c, tonic) for c in inside))
    return " | ".join(bars)


def rhythm_line(bars: dict[int, Notes]) -> str:
    """Per sounding bar, a letter for its rhythm (in order of first use), =N if it repeats bar N exactly."""
    rhythms: list[tuple[int, ...]] = []
    seen: dict[tuple[tuple[int, int], ...], int] = {}
    out = []
    for bar in sorted(bars):
        rhythm, notes = tuple(s for s, _, _ in bars[bar]), tuple((s, p) for s, p, _ in bars[bar])
        rhythms += [] if rhythm in rhythms else [rhythm]
        out.append(f"{bar}:{chr(65 + rhythms.index(rhythm))}{f'={seen[notes]}' if notes in seen else ''}")
        seen.setdefault(notes, bar)
    return " ".join(out)


def shared(a: Score, b: Score) -> str:
    """Per part, the Jaccard share of (16th, pitch) onsets and of 16th onsets that b shares with a."""
    out = []
    for x, y in zip(a.tracks, b.tracks, strict=True):
        px, py = ({(round(n.start / 120), n.pitch) for n in t.notes} for t in (x, y))
        rx, ry = {s for s, _ in px}, {s for s, _ in py}
        out.append(f"{x.role} {jaccard(px, py):.2f}/{jaccard(rx, ry):.2f}")
    return ", ".join(out)


def part_lines(score: Score, track: Track, picks: list[tuple[str, int]]) -> list[str]:
    """A part's printed facts: the picked bars' drums, the bass's and lead's openings, else the chorus bar."""
    bars, out = bar_notes(track, score.genre), []
    if track.is_drums:
        for section, bar in picks:
            rows: dict[int, list[str]] = {}
            for step, pitch, velocity in bars.get(bar, []):
                mark = "X" if velocity >= 100 else "x" if velocity >= 60 else "o"
                rows.setdefault(pitch, ["."] * 16)[step] = mark
            out += [f"   drums, {section} bar {bar}:{'' if rows else ' silent'}"]
            out += [f"    {DRUMS.get(p, str(p)):14s} {''.join(rows[p])}" for p in sorted(rows)]
    elif track.role not in ("bass", "lead"):
        bar = picks[-1][1]
        out.append(f"   {track.role} ({track.instrument}) bar {bar}: {notes_text(score, bars[bar])}")
    else:
        lead = track.role == "lead"
        out += [f"   {track.role} bar {b}: {notes_text(score, bars[b], lead)}" for b in sorted(bars)[:2]]
        if lead and track.notes:
            low, high = min(n.pitch for n in track.notes), max(n.pitch for n in track.notes)
            span = f"{name(score, low)} .. {name(score, high)} ({high - low} semitones)"
            out += [f"   lead register: {span}", f"   lead rhythms: {rhythm_line(bars)}"]
    return out


def describe(label: str, score: Score, first: Score) -> list[str]:
    """The printed facts of one example song (first: the genre's example A)."""
    starts = {s.name: s.start_bar + min(1, s.bars - 1) for s in reversed(score.sections)}
    opening = next((part for part in ("verse", "intro") if part in starts), "chorus")
    picks = list(dict.fromkeys([(opening, starts[opening]), ("chorus", starts["chorus"])]))
    out = [
        f"== {score.genre} {label}: mood={score.mood} mode={score.mode} key={score.key} "
        f"tempo={score.tempo:g} seed={score.seed} bars={score.bars}",
        "   form: " + ", ".join(f"{s.name} {s.start_bar}+{s.bars}" for s in score.sections),
        f"   chords: {chord_line(score)}",
        *(line for track in score.tracks for line in part_lines(score, track, picks)),
    ]
    if label != "A":
        out.append(f"   shared with A (pitch+onset/onset): {shared(first, score)}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--genre", choices=GENRES, action="append", help="only this genre (repeatable)")
    args = parser.parse_args()
    started = time.perf_counter()
    for genre in args.genre or GENRES:
        scores = [(label, compose(spec)) for label, spec in examples(genre)]
        for label, score in scores:
            print("\n".join(describe(label, score, scores[0][1])), end="\n\n")
    print(f"({time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main()
