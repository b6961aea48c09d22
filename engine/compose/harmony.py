"""Harmony: chord tokens realised in the key, progressions chosen per section, the song's Chords."""

from __future__ import annotations

import itertools
import json
import math
import random
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from engine.compose.genres import MINOR_FAMILY, GenreProfile
from engine.compose.moods import MoodProfile
from engine.score import Chord, Section
from engine.theory import KEY_PROFILES, MODES, TONICS

# Interval shapes (root first, in building order) -> (quality, symbol suffix).
CHORD_QUALITIES: dict[tuple[int, ...], tuple[str, str]] = {
    (0, 4, 7): ("maj", ""),
    (0, 3, 7): ("min", "m"),
    (0, 3, 6): ("dim", "dim"),
    (0, 4, 8): ("aug", "aug"),
    (0, 2, 7): ("sus2", "sus2"),
    (0, 5, 7): ("sus4", "sus4"),
    (0, 4, 7, 11): ("maj7", "maj7"),
    (0, 4, 7, 9): ("6", "6"),
    (0, 4, 7, 10): ("7", "7"),
    (0, 3, 7, 10): ("min7", "m7"),
    (0, 3, 6, 10): ("m7b5", "m7b5"),
    (0, 3, 6, 9): ("dim7", "dim7"),
    (0, 3, 7, 11): ("minmaj7", "mMaj7"),
    (0, 4, 7, 2): ("add9", "add9"),
    (0, 3, 7, 2): ("madd9", "madd9"),
}
_MINOR_QUALITIES = frozenset({"min", "dim", "min7", "m7b5", "dim7", "minmaj7", "madd9"})
_PRE_CHORUS = {"major": "4 4 5 5", "minor": "6 6 7 7"}
_TICKS_PER_BAR = 1920
_LEARNED = Path(__file__).parent / "model" / "progressions.json"
_LEARNED_BARS = 4
_HALF_CADENCE = frozenset({"2", "4", "5", "5:maj", "7"})  # chords a progression may end on before it repeats
_LEARNED_WALKS = 6  # learned progressions drawn per theme; the one that suits it best is likeliest
_DOMINANTS = frozenset({"5", "7"})  # degrees whose chord leads home by itself

_PROFILES = {name: np.asarray(profile) for name, profile in KEY_PROFILES.items()}
CLARITY_WEIGHT = 30.0  # how strongly progressions that state the key clearly are preferred

# corpus -> mode family -> context ("1" or "1 4") -> following chord token -> count
Transitions = Mapping[str, Mapping[str, Mapping[str, Mapping[str, int]]]]


@lru_cache(maxsize=1)
def learned_transitions() -> Transitions:
    """Bar-to-bar chord bigram and trigram counts learned from the corpus (training/progressions.py)."""
    data: Transitions = json.loads(_LEARNED.read_text())
    return data


def learned_progression(
    table: Mapping[str, Mapping[str, int]],
    rng: random.Random,
    first: str | None,
    weight: Callable[[str], float],
    bars: int = _LEARNED_BARS,
) -> str:
    """A progression walked through the learned chain (trigram where seen, else bigram), `weight`
    steering each step (mood); a chord is not held three bars, and the last bar leads back."""
    starts = {context: sum(following.values()) for context, following in table.items() if " " not in context}
    if first is None:
        candidates = sorted(t for t in starts if t != "1") or ["1"]
        first = rng.choices(candidates, weights=[starts.get(t, 1) * weight(t) for t in candidates])[0]
    chords = [first]
    while len(chords) < bars:
        following = dict(table.get(" ".join(chords[-2:]), {})) or dict(table.get(chords[-1], {})) or {"1": 1}
        if len(chords) >= 2 and chords[-1] == chords[-2]:
            following.pop(chords[-1], None)
        if len(chords) == bars - 1:
            following = {t: n for t, n in following.items() if t in _HALF_CADENCE} or following
        following = following or {"5": 1}
        tokens = sorted(following)
        repeat = [0.4 if t == chords[-1] else 1.0 for t in tokens]  # keep the harmony moving
        weights = [following[t] * r * weight(t) for t, r in zip(tokens, repeat, strict=True)]
        chords.append(rng.choices(tokens, weights=weights)[0])
    return " ".join(chords)


def chromatic_exceptions(
    profile: GenreProfile, key_pc: int, mode: str, mood: MoodProfile | None = None
) -> dict[int, int]:
    """Chromatic pitch classes the genre may use in chords -> the scale pitch class each one replaces.

    Blues: the blue notes b3 and b7 (in its dominant-seventh chords), and the raised 7th of its V7 in
    every mode. Minor mode in genres with a leading tone: the raised 7th (harmonic-minor V). In major
    keys, the tones of the chords the mood borrows from the parallel minor (`borrow`): b3, b6 or b7 for
    the 3, 6 or 7 above them. Nothing else ever leaves the scale.
    """
    scale = scale_set(key_pc, mode)
    out: dict[int, int] = {}
    if profile.blue_notes:
        out[(key_pc + 3) % 12] = (key_pc + 4) % 12
        out[(key_pc + 10) % 12] = (key_pc + 11) % 12
    if profile.leading_tone and (mode == "minor" or profile.blue_notes):
        out[(key_pc + 11) % 12] = (key_pc + 10) % 12
    if mood is not None and borrows(profile, mode):
        for token in mood.borrowed:
            root, shape = realise_token(token, key_pc, mode, frozenset())
            for interval in shape:
                pc = (root + interval) % 12
                out.setdefault(pc, (pc + 1) % 12)  # a lowered degree replaces the one above it
    return {pc: replaced for pc, replaced in out.items() if pc not in scale}


def borrows(profile: GenreProfile, mode: str) -> bool:
    """Whether a song borrows chords from the parallel minor: major keys, outside the fixed forms."""
    return mode == "major" and not profile.fixed_form


BORROW_RATE = 0.35  # chance that a progression borrows one chord of the mood's
# Where a borrowed chord goes: the degree of the bar it takes, whether that bar must lead to the tonic,
# and whether it joins the bar's own chord (IV then iv) or replaces it.
_BORROWING = {"~4": ("4", True, True), "~6": ("6", False, False), "~7": ("5", True, False)}


def borrow(bars: list[list[str]], mood: MoodProfile, rng: random.Random) -> None:
    """One chord of the progression (an inner one-chord bar) taken from the parallel minor, where the
    mood borrows and the seed says so: the minor iv after its IV on the way home (IV then iv in one bar);
    bVI for a vi; bVII for the V before the tonic. The first of the mood's borrowings that fits is used."""
    if not mood.borrowed or rng.random() >= BORROW_RATE:
        return
    for chord in mood.borrowed:
        takes, leads_home, joins = _BORROWING[chord]
        for index, bar in enumerate(bars):
            if index == 0 or len(bar) != 1 or _degree(bar[0]) != takes:
                continue
            if leads_home and _degree(bars[(index + 1) % len(bars)][0]) != "1":
                continue
            bars[index] = [bar[0], chord] if joins else [chord]
            return


def scale_set(key_pc: int, mode: str) -> frozenset[int]:
    return frozenset((key_pc + step) % 12 for step in MODES[mode])


def realise_token(token: str, key_pc: int, mode: str, allowed: frozenset[int]) -> tuple[int, tuple[int, ...]]:
    """A chord token ("5", "2:7", "1:dom7"; "~4", a chord of the parallel minor) -> (root pitch class,
    intervals above the root)."""
    if token.startswith("~"):  # borrowed: the triad on that degree of the parallel minor, as it is
        degree = int(token[1:]) - 1
        steps = MODES["minor"]
        root = (key_pc + steps[degree]) % 12
        return root, tuple((key_pc + steps[(degree + k) % 7] - root) % 12 for k in (0, 2, 4))
    degree_text, _, colour = token.partition(":")
    degree = int(degree_text) - 1
    steps = MODES[mode]

    def pc(index: int) -> int:
        return (key_pc + steps[index % 7]) % 12

    if colour in ("dom7", "maj"):
        root = pc(degree)
        shape: tuple[int, ...] = (0, 4, 7, 10) if colour == "dom7" else (0, 4, 7)
        if all((root + i) % 12 in allowed for i in shape):
            return root, shape
        colour = "7" if colour == "dom7" else ""
    triad = _triad(degree, pc)
    if not _usable(triad, colour):  # e.g. a bare vii°: take the chord a third below, which it stands for
        degree = (degree - 2) % 7
        triad = _triad(degree, pc)
        if not _usable(triad, colour):
            degree, triad = 0, _triad(0, pc)
    root = pc(degree)
    shape = triad
    if colour == "7":
        shape = (*triad, (pc(degree + 6) - root) % 12)
    elif colour == "9":
        shape = (*triad, (pc(degree + 1) - root) % 12)
    elif colour == "6" and triad == (0, 4, 7) and (pc(degree + 5) - root) % 12 == 9:
        shape = (0, 4, 7, 9)  # the jazz major tonic: a sixth instead of the leading-tone seventh
    elif colour == "sus2" and (pc(degree + 1) - root) % 12 == 2 and triad[2] == 7:
        shape = (0, 2, 7)
    elif colour == "sus4" and (pc(degree + 3) - root) % 12 == 5 and triad[2] == 7:
        shape = (0, 5, 7)
    if shape not in CHORD_QUALITIES:
        shape = triad
    return root, shape


def _triad(degree: int, pc: Callable[[int], int]) -> tuple[int, ...]:
    root = pc(degree)
    return (0, (pc(degree + 2) - root) % 12, (pc(degree + 4) - root) % 12)


def _usable(triad: tuple[int, ...], colour: str) -> bool:
    if triad == (0, 3, 6):
        return colour == "7"  # the half-diminished seventh is idiomatic, the bare triad is not
    return triad != (0, 4, 8)


def make_chord(start: int, duration: int, root: int, shape: tuple[int, ...]) -> Chord:
    quality, suffix = CHORD_QUALITIES.get(shape, ("maj", ""))
    return Chord(
        start=start,
        duration=duration,
        root=root,
        quality=quality,
        symbol=TONICS[root] + suffix,
        pitch_classes=tuple((root + i) % 12 for i in shape),
    )


def _parse(progression: str) -> list[list[str]]:
    return [bar.split("-") for bar in progression.split()]


def _colour(bars: list[list[str]], mood: MoodProfile, profile: GenreProfile, rng: random.Random) -> None:
    colours = [c for c in mood.colours if profile.sevenths or c != "7"]
    if not colours:
        return
    for bar in bars:
        for i, token in enumerate(bar):
            if ":" not in token and not token.startswith("~") and rng.random() < mood.tension:
                bar[i] = f"{token}:{rng.choice(colours)}"


# Diatonic substitutes a third away, which share two tones with the chord they replace (a vi for the
# I, a ii for the IV ...), per mode family; the diminished ones are left out.
_SUBSTITUTES = {
    "major": {"1": ("6", "3"), "4": ("2", "6"), "6": ("4", "1"), "3": ("1", "5"), "2": ("4",)},
    "minor": {"1": ("3", "6"), "4": ("6",), "6": ("4", "1"), "3": ("1", "5"), "7": ("5",)},
}
SUBSTITUTION_RATE = 0.25  # chance that an inner one-chord bar is reharmonised, within the budget


def _substitute(progression: str, family: str, rng: random.Random) -> str:
    """The progression with an inner bar or so (not the first, not the last, not a two-chord bar; at
    most one in four) reharmonised by a diatonic substitute, keeping its colour: the same loop, as
    another player hears it."""
    bars = _parse(progression)
    budget = max(1, len(bars) // 4)
    for bar in bars[1:-1]:
        if len(bar) != 1 or not budget:
            continue
        degree, _, colour = bar[0].partition(":")
        options = _SUBSTITUTES[family].get(degree)
        if options and rng.random() < SUBSTITUTION_RATE:
            bar[0] = rng.choice(options) + (f":{colour}" if colour else "")
            budget -= 1
    return " ".join("-".join(bar) for bar in bars)


def choose_progressions(
    names: Sequence[str],
    profile: GenreProfile,
    mood: MoodProfile,
    key_pc: int,
    mode: str,
    allowed: frozenset[int],
    rng: random.Random,
) -> dict[str, list[list[str]]]:
    """One progression (bars of chord tokens) per section name; repeated sections reuse theirs. A theme
    takes the mood's own family of progressions with the genre's `mood_harmony` probability, else the
    genre's (or a walk through the progressions learned from its corpus)."""
    family = "minor" if mode in MINOR_FAMILY else "major"
    vocab = list(profile.minor_progressions if family == "minor" else profile.major_progressions)
    mood_vocab = list(mood.minor_progressions if family == "minor" else mood.major_progressions)

    def mood_fit(progression: str) -> float:
        tokens = [t for bar in _parse(progression) for t in bar]
        minor = sum(
            1
            for t in tokens
            if CHORD_QUALITIES[realise_token(t, key_pc, mode, allowed)[1]][0] in _MINOR_QUALITIES
        )
        share = minor / len(tokens)
        return 1.0 + 4.0 * mood.darkness * share + 2.0 * (1.0 - mood.darkness) * (1.0 - share)

    def weight(progression: str) -> float:
        """Mood fit times how clearly the loop states the key: its tonic share, its key clarity."""
        tokens = [t for bar in _parse(progression) for t in bar]
        clarity = key_clarity([realise_token(t, key_pc, mode, allowed) for t in tokens], key_pc, mode)
        tonal = (0.3 + 3.0 * _tonic_share(tokens)) * math.exp(CLARITY_WEIGHT * clarity)
        return mood_fit(progression) * tonal

    chosen: dict[str, list[list[str]]] = {}
    used: list[str] = []
    table = learned_transitions().get(profile.learned_corpus, {}).get(family, {})
    for name in ("chorus", "verse", "bridge"):
        if name not in names:
            continue
        from_mood = rng.random() < profile.mood_harmony
        pool = mood_vocab if from_mood else vocab
        fresh = [p for p in pool if p not in used] or pool
        if name == "bridge":
            fresh = [p for p in fresh if not p.startswith("1")] or fresh
        if not from_mood and table and rng.random() < profile.learned_share:
            walks = [
                learned_progression(table, rng, None if name == "bridge" else "1", mood_fit)
                for _ in range(_LEARNED_WALKS)
            ]
        else:
            walks = fresh
        if profile.fixed_form:
            walks = fixed_forms(walks, mood.bars_per_chord)
        else:
            walks = [_substitute(p, family, rng) for p in walks]
        # The bridge is the contrast: only its mood counts; the other themes must also state the key,
        # unless the form is the genre's own (every twelve-bar form states it).
        judge = mood_fit if name == "bridge" or profile.fixed_form else weight
        pick = rng.choices(walks, weights=[judge(p) for p in walks])[0]
        used.append(pick)
        bars = _parse(pick)
        _colour(bars, mood, profile, rng)
        if borrows(profile, mode):
            borrow(bars, mood, rng)
        chosen[name] = bars
    main = chosen.get("verse") or chosen.get("chorus") or _parse(vocab[0])
    chosen["chorus"] = _from_tonic(chosen.get("chorus", main))
    chosen["intro"] = _from_tonic(chosen.get("verse", chosen["chorus"]))
    chosen["outro"] = chosen["chorus"]
    chosen["pre_chorus"] = _parse(_PRE_CHORUS[family])
    return chosen


def fixed_forms(forms: Sequence[str], bars_per_chord: float) -> list[str]:
    """The variants of a fixed form (the twelve-bar blues) that move at the mood's harmonic rhythm: slow
    moods keep the tonic through the first four bars and one chord a bar; quick ones (two chords a bar)
    take the forms with three or more two-chord bars (jazz blues); the others the quick change or a
    two-chord turnaround."""

    def pace(form: str) -> str:
        bars = _parse(form)
        split = sum(len(bar) > 1 for bar in bars)
        quick_change = _degree(bars[1][0]) != "1"
        if split >= 3:
            return "quick"
        return "slow" if split == 0 and not quick_change else "moderate"

    wanted = "slow" if bars_per_chord >= 2 else "quick" if bars_per_chord <= 0.5 else "moderate"
    return [f for f in forms if pace(f) == wanted] or list(forms)


def key_clarity(chords: Sequence[tuple[int, tuple[int, ...]]], key_pc: int, mode: str) -> float:
    """How much better the chords' pitch classes (roots doubled, as the bass plays them) fit the key's
    tonal hierarchy than that of any other major or minor key: correlation with the key's
    Krumhansl-Kessler profile minus the best other key's (> 0: the key is the clearest reading)."""
    family = "minor" if mode in MINOR_FAMILY else "major"
    weights = np.zeros(12)
    for root, shape in chords:
        weights[root] += 1.0
        for interval in shape:
            weights[(root + interval) % 12] += 1.0
    if np.ptp(weights) == 0:
        return 0.0
    fits = {
        (tonic, name): float(np.corrcoef(weights, np.roll(profile, tonic))[0, 1])
        for name, profile in _PROFILES.items()
        for tonic in range(12)
    }
    own = fits.pop((key_pc, family))
    return own - max(fits.values())


def _degree(token: str) -> str:
    return token.partition(":")[0]


def _tonic_share(tokens: Sequence[str]) -> float:
    return sum(_degree(t) == "1" for t in tokens) / max(1, len(tokens))


def _from_tonic(bars: list[list[str]]) -> list[list[str]]:
    """The loop rotated to begin on its first tonic bar (the same cycle, heard from home)."""
    start = next((i for i, bar in enumerate(bars) if _degree(bar[0]) == "1"), 0)
    return bars[start:] + bars[:start]


def _lay_out(progression: list[list[str]], bars: int, bars_per_chord: float) -> list[list[str]]:
    """A section's bars from its progression at the mood's harmonic rhythm: each bar of the progression
    held two bars, or two one-chord bars of it joined into one."""
    count = len(progression)
    if bars_per_chord >= 2:
        return [list(progression[(i // 2) % count]) for i in range(bars)]
    if bars_per_chord <= 0.5:
        out = []
        for i in range(bars):
            first, second = progression[(2 * i) % count], progression[(2 * i + 1) % count]
            out.append([first[0], second[0]] if len(first) == len(second) == 1 else list(first))
        return out
    return [list(progression[i % count]) for i in range(bars)]


def _section_cadences(
    bars: list[list[str]], sections: Sequence[Section], profile: GenreProfile, mode: str
) -> None:
    """A section that hands over to one starting on the tonic ends on its dominant (an authentic
    cadence across the boundary), unless it already ends on a chord that leads home."""
    turnaround_text = profile.turnaround[1 if mode in MINOR_FAMILY else 0]
    if not turnaround_text:
        return
    turnaround = turnaround_text.split("-")
    for section, following in itertools.pairwise(sections):
        last = section.start_bar + section.bars - 1
        if section.bars < 4 or _degree(bars[following.start_bar][0]) != "1":
            continue
        if _degree(bars[last][-1]) in _DOMINANTS:
            continue
        bars[last] = list(turnaround)


def build_chords(
    sections: Sequence[Section],
    profile: GenreProfile,
    mood: MoodProfile,
    key_pc: int,
    mode: str,
    rng: random.Random,
) -> tuple[Chord, ...]:
    """The song's chords, one per harmonic-rhythm slot; the final bars follow the genre's cadence."""
    allowed = scale_set(key_pc, mode) | frozenset(chromatic_exceptions(profile, key_pc, mode, mood))
    progressions = choose_progressions([s.name for s in sections], profile, mood, key_pc, mode, allowed, rng)
    bars_per_chord = 1.0 if profile.fixed_form else mood.bars_per_chord
    bars: list[list[str]] = []
    for section in sections:
        bars.extend(_lay_out(progressions[section.name], section.bars, bars_per_chord))
    _section_cadences(bars, sections, profile, mode)
    cadence = profile.cadence if len(bars) >= 4 else profile.cadence[-1:]
    for i, token in enumerate(cadence[-len(bars) :]):
        bars[len(bars) - len(cadence[-len(bars) :]) + i] = [token]
    chords: list[Chord] = []
    for index, bar in enumerate(bars):
        slot = _TICKS_PER_BAR // len(bar)
        for j, token in enumerate(bar):
            root, shape = realise_token(token, key_pc, mode, allowed)
            chords.append(make_chord(index * _TICKS_PER_BAR + j * slot, slot, root, shape))
    return tuple(chords)
