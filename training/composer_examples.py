"""The example songs of engine/compose/model/EXAMPLES.md and the facts their descriptions rest on.

Per genre three 30-second songs with the genre's preset band, tempo and mode, in a key drawn by `make_spec`
from a generator seeded with the genre's name: A in the mood the genre leans to (engine.prompt.lexicon)
with seed 1, B the same spec in a contrasting mood, C A's spec with seed 2. Per song it prints the form,
the chords bar by bar (symbols and Roman numerals against the tonic), one verse bar's and one chorus bar's
drums as 16-step grids (X accent, x hit, o soft), the chorus bar of the other accompanying parts, the
bass's and the lead's first two bars that sound (note names @ 16th step, the lead with its degree) and
the lead's register. Swung notes are read on the genre's swung grid.

Run with `python -m training.composer_examples` (`--genre NAME` for one genre).
"""

from __future__ import annotations

import argparse
import random
import time
from collections import defaultdict

from engine.compose import compose
from engine.compose.genres import genre_profile
from engine.instruments import Role
from engine.presets import GENRE_PRESETS
from engine.prompt.lexicon import GENRE_MOODS
from engine.score import TICKS_PER_BEAT, Score, Track
from engine.spec import GENRES, SongSpec
from engine.theory import tonic_pitch_class
from training.evaluate_composer import make_spec

SECONDS = 30.0
CONTRAST = {
    "pop": "sad", "rock": "dark", "electronic": "calm", "hip_hop": "happy", "lofi": "energetic",
    "jazz": "energetic", "classical": "dark", "ambient": "dark", "folk": "sad", "funk": "dark",
    "cinematic": "sad", "blues": "happy",
}  # fmt: skip
DRUM_NAMES = {
    35: "kick2", 36: "kick", 37: "side stick", 38: "snare", 39: "clap", 41: "low floor tom",
    42: "closed hat", 43: "high floor tom", 44: "pedal hat", 45: "low tom", 46: "open hat",
    47: "low-mid tom", 48: "hi-mid tom", 49: "crash", 50: "high tom", 51: "ride", 53: "ride bell",
    54: "tambourine", 70: "shaker",
}  # fmt: skip
SHARPS = ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B")
FLATS = ("C", "Db", "D", "Eb", "E", "F", "Gb", "G", "Ab", "A", "Bb", "B")
DEGREES = ("1", "b2", "2", "b3", "3", "4", "b5", "5", "b6", "6", "b7", "7")
ROMAN = ("I", "bII", "II", "bIII", "III", "IV", "#IV", "V", "bVI", "VI", "bVII", "VII")
PARENT = {"major": 0, "dorian": 2, "phrygian": 4, "lydian": 5, "mixolydian": 7, "minor": 9}


def examples(genre: str) -> list[tuple[str, SongSpec]]:
    """The genre's example specs: A (its leaning mood, seed 1), B (A in a contrasting mood), C (A, seed 2)."""
    a = make_spec(genre, GENRE_MOODS[genre][0], 1, random.Random(genre), SECONDS, GENRE_PRESETS[genre].mode)
    b = a.model_copy(update={"mood": CONTRAST[genre]})
    return [("A", a), ("B", b), ("C", a.model_copy(update={"seed": 2}))]


def spelling(score: Score) -> tuple[str, ...]:
    """Flat note names in keys whose parent major scale has flats, sharp names otherwise."""
    parent = (tonic_pitch_class(score.key) - PARENT.get(score.mode, 9)) % 12
    return FLATS if parent in (1, 3, 5, 8, 10) else SHARPS


def step_of(tick: int, genre: str) -> tuple[int, int]:
    """(bar, 16th step) of the genre's (swung) grid position nearest a tick."""
    offsets = genre_profile(genre).step_offsets()
    beat, within = divmod(tick, TICKS_PER_BEAT)
    nearest = min(range(5), key=lambda i: abs(within - (offsets[i] if i < 4 else TICKS_PER_BEAT)))
    return divmod(beat * 4 + nearest, 16)


def bar_notes(track: Track, genre: str) -> dict[int, list[tuple[int, int, int]]]:
    """Bar -> its (16th step, pitch, velocity) triples, in order."""
    bars: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for note in sorted(track.notes, key=lambda n: (n.start, n.pitch)):
        bar, step = step_of(note.start, genre)
        bars[bar].append((step, note.pitch, note.velocity))
    return bars


def roman(score: Score, root: int, quality: str) -> str:
    """A chord's Roman numeral against the tonic: lower case for minor and diminished, then the colour."""
    numeral = ROMAN[(root - tonic_pitch_class(score.key)) % 12]
    if quality.startswith(("min", "dim", "m7b5", "madd")):
        return numeral.lower() + quality.removeprefix("min").removeprefix("m").replace("dim", "o")
    return numeral + ("" if quality == "maj" else quality)


def chord_lines(score: Score) -> list[str]:
    """Per bar, the symbols and Roman numerals of the chords sounding in it."""
    lines = []
    for bar in range(score.bars):
        lo, hi = bar * score.ticks_per_bar, (bar + 1) * score.ticks_per_bar
        inside = [c for c in score.chords if c.start < hi and c.start + c.duration > lo]
        symbols = "-".join(c.symbol for c in inside)
        lines.append(f"{bar:2d} {symbols:14s} {'-'.join(roman(score, c.root, c.quality) for c in inside)}")
    return lines


def section_bar(score: Score, name: str) -> int | None:
    """The second bar (the first in a one-bar section) of the first section of that name; None if none."""
    for section in score.sections:
        if section.name == name:
            return section.start_bar + min(1, section.bars - 1)
    return None


def drum_lines(score: Score, track: Track, bar: int) -> list[str]:
    """One bar of a drum track as a 16-step grid per drum."""
    rows: dict[int, list[str]] = {}
    for step, pitch, velocity in bar_notes(track, score.genre).get(bar, []):
        row = rows.setdefault(pitch, ["."] * 16)
        row[step] = "X" if velocity >= 100 else "x" if velocity >= 60 else "o"
    return [f"    {DRUM_NAMES.get(p, str(p)):14s} {''.join(rows[p])}" for p in sorted(rows)]


def note_name(score: Score, pitch: int) -> str:
    """A pitch's note name and octave (60 = C4), spelt for the key."""
    return f"{spelling(score)[pitch % 12]}{pitch // 12 - 1}"


def notes_text(score: Score, notes: list[tuple[int, int, int]], degrees: bool = False) -> str:
    """Notes as name@step (notes struck together joined by '+', low to high), degrees in brackets."""
    tonic = tonic_pitch_class(score.key)
    by_step: dict[int, list[str]] = defaultdict(list)
    for step, pitch, _ in sorted(notes):
        degree = f"({DEGREES[(pitch - tonic) % 12]})" if degrees else ""
        by_step[step].append(note_name(score, pitch) + degree)
    return " ".join(f"{'+'.join(ns)}@{step}" for step, ns in sorted(by_step.items()))


def describe(label: str, spec: SongSpec) -> str:
    """The printed facts of one example song."""
    score = compose(spec)
    out = [
        f"== {spec.genre} {label}: mood={spec.mood} mode={spec.mode} key={spec.key} tempo={spec.tempo} "
        f"seed={spec.seed} bars={score.bars}",
        "   form: " + ", ".join(f"{s.name} {s.start_bar}+{s.bars}" for s in score.sections),
        "   chords:",
        *(f"    {line}" for line in chord_lines(score)),
    ]
    verse = section_bar(score, "verse")
    picks = [("verse", verse)] if verse is not None else [("intro", section_bar(score, "intro"))]
    picks.append(("chorus", section_bar(score, "chorus")))
    for track in score.tracks:
        bars = bar_notes(track, score.genre)
        if track.is_drums:
            for name, bar in picks:
                out += [f"   drums, {name} bar {bar}:", *drum_lines(score, track, bar or 0)]
        elif track.role in (Role.BASS, Role.LEAD):
            sounding = sorted(bars)[:2]
            lead = track.role is Role.LEAD
            out += [f"   {track.role} bar {b}: {notes_text(score, bars[b], lead)}" for b in sounding]
            if lead and track.notes:
                low, high = min(n.pitch for n in track.notes), max(n.pitch for n in track.notes)
                span = f"{note_name(score, low)} .. {note_name(score, high)} ({high - low} semitones)"
                out.append(f"   lead register: {span}")
        else:
            bar = picks[-1][1] or 0
            played = notes_text(score, bars.get(bar, []))
            out.append(f"   {track.role} ({track.instrument}) bar {bar}: {played}")
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--genre", choices=GENRES, action="append", help="only these genres (repeatable)")
    args = parser.parse_args()
    started = time.perf_counter()
    for genre in args.genre or GENRES:
        for label, spec in examples(genre):
            print(describe(label, spec), end="\n\n")
    print(f"({time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main()
