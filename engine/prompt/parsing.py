"""Explicit facts in a prompt: tempo, key and mode, length, instruments (with roles and exclusions).

Each reader consumes the characters it used, so that "2 minutes at 140" gives a length and a tempo and
"drum and bass" is a genre rather than two instruments. Readers run in a fixed order on one `PromptText`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

from engine.instruments import Role
from engine.prompt.lexicon import (
    ENSEMBLE_WORDS,
    GENERIC_DRUMS,
    INSTRUMENT_WORDS,
    LONG_SECONDS,
    ROLE_WORDS,
    SHORT_SECONDS,
    TEMPO_WORDS,
    InstrumentWord,
)

_CONSUMED = "\x00"
T = TypeVar("T")


def normalise(text: str) -> str:
    """Unicode-normalise and unify the punctuation people type (♯, ♭, curly quotes, dashes)."""
    text = unicodedata.normalize("NFKC", text)
    for old, new in (("♯", "#"), ("♭", "b"), ("’", "'"), ("‘", "'"), ("–", "-"), ("—", "-")):
        text = text.replace(old, new)
    return " ".join(text.split())


def _flat(phrase: str) -> str:
    return re.sub(r"[\s-]+", "", phrase.lower())


class PhraseTable(Generic[T]):
    """Phrases -> values, found in text longest first; spaces and hyphens in phrases are interchangeable."""

    def __init__(self, table: Mapping[str, T], *, plurals: bool = False) -> None:
        self.table = dict(table)
        self._by_flat = {_flat(p): v for p, v in self.table.items()}
        self._plurals = plurals
        self.alternation = "|".join(
            r"[\s-]*".join(re.escape(part) for part in re.split(r"[\s-]+", phrase))
            + ("(?:e?s)?" if plurals else "")
            for phrase in sorted(self.table, key=lambda p: (-len(p), p))
        )
        self.pattern = re.compile(rf"(?<!\w)(?:{self.alternation})(?!\w)", re.IGNORECASE)

    def __getitem__(self, matched: str) -> T:
        flat = _flat(matched)
        if flat in self._by_flat or not self._plurals:
            return self._by_flat[flat]
        return self._by_flat.get(flat[:-1]) or self._by_flat[flat[:-2]]


class PromptText:
    """The normalised prompt, with the spans that readers have already used blanked out."""

    def __init__(self, text: str) -> None:
        self.text = normalise(text)
        self._chars = list(self.text)

    @property
    def remaining(self) -> str:
        return "".join(self._chars)

    def consume(self, start: int, end: int) -> None:
        for i in range(start, end):
            self._chars[i] = _CONSUMED

    def find(self, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
        """Matches in the unused text (consumed spans never match; positions are the original's)."""
        yield from pattern.finditer(self.remaining)

    def consume_first(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        match = next(self.find(pattern), None)
        if match is not None:
            self.consume(*match.span())
        return match


# ---------------------------------------------------------------- length

_NUMBER_WORDS: dict[str, float] = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "forty-five": 45,
    "sixty": 60,
    "ninety": 90,
    "half a": 0.5,
}
_NUM = r"(\d+(?:\.\d+)?|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + ")"
_MIN = r"(?:minutes?|mins?)"
_SEC = r"(?:seconds?|secs?)"
_HALF = r"(\s+and\s+a\s+half|\s*½)?"

_CLOCK = re.compile(r"(?<![\d:.])(\d{1,2}):([0-5]\d)(?![\d:])")
_MIN_SEC = re.compile(rf"(?<!\w)(\d+)\s*-?\s*{_MIN}\s*,?\s*(?:and\s+)?(\d{{1,2}})\s*(?:{_SEC}|s)(?!\w)", re.I)
_MINUTES = re.compile(rf"(?<!\w){_NUM}{_HALF}\s*-?\s*{_MIN}{_HALF}(?!\w)", re.I)
_SECONDS = re.compile(rf"(?<!\w){_NUM}\s*-?\s*{_SEC}(?!\w)", re.I)
_BARS = re.compile(r"(?<!\w)(\d{1,3})\s*-?\s*(?:bars?|measures?)(?!\w)", re.I)
_LENGTH_WORDS: dict[str, float] = {
    "very short": 15.0,
    "really short": 15.0,
    "short": SHORT_SECONDS,
    "brief": SHORT_SECONDS,
    "long": LONG_SECONDS,
    "very long": 300.0,
    "really long": 300.0,
    "extended": 300.0,
}
_LENGTH_WORD = PhraseTable(_LENGTH_WORDS)


def _number(text: str) -> float:
    key = " ".join(text.lower().split())
    return _NUMBER_WORDS[key] if key in _NUMBER_WORDS else float(key)


@dataclass(frozen=True)
class LengthRead:
    seconds: float | None
    bars: int | None
    phrase: str


def read_length(prompt: PromptText) -> LengthRead | None:
    """The first length the prompt states: "2 minutes", "90 seconds", "1:30", "16 bars", "short"."""
    if m := prompt.consume_first(_CLOCK):
        return LengthRead(int(m[1]) * 60 + int(m[2]), None, m[0])
    if m := prompt.consume_first(_MIN_SEC):
        return LengthRead(int(m[1]) * 60 + int(m[2]), None, m[0])
    if m := prompt.consume_first(_MINUTES):
        half = 0.5 if (m[2] or m[3]) else 0.0
        return LengthRead((_number(m[1]) + half) * 60, None, m[0])
    if m := prompt.consume_first(_SECONDS):
        return LengthRead(_number(m[1]), None, m[0])
    if m := prompt.consume_first(_BARS):
        return LengthRead(None, int(m[1]), m[0])
    for m in prompt.find(_LENGTH_WORD.pattern):
        if re.search(r"(?:night|day|all|year|week)\s+$", prompt.remaining[: m.start()], re.I):
            continue  # "all night long" says nothing about the song's length
        prompt.consume(*m.span())
        return LengthRead(_LENGTH_WORD[m[0]], None, m[0])
    return None


# ---------------------------------------------------------------- tempo

_NOT_TEMPO_AFTER = r"(?!\s*(?:%|percent|seconds?|secs?|minutes?|mins?|bars?|measures?|hz|khz|db|:|\.\d|\d))"
_BPM = r"(?:bpm|b\.p\.m\.?|beats\s+(?:per|a)\s+minute)"
_TEMPO_RANGE = re.compile(rf"(?<!\w)(\d{{2,3}})\s*(?:-|to)\s*(\d{{2,3}})\s*-?\s*{_BPM}(?!\w)", re.I)
_TEMPO_BPM = re.compile(rf"(?<!\w)(\d{{2,3}})\s*-?\s*{_BPM}(?!\w)", re.I)
_TEMPO_LABELLED = re.compile(r"(?<!\w)(?:bpm|tempo)\s*(?:of|:|=|at|is|around|about)?\s*(\d{2,3})(?!\w)", re.I)
_TEMPO_AT = re.compile(rf"(?<!\w)(?:at|@|around|about)\s+(\d{{2,3}})(?!\w){_NOT_TEMPO_AFTER}", re.I)
_TEMPO_WORD = PhraseTable(TEMPO_WORDS)


@dataclass(frozen=True)
class TempoRead:
    bpm: int | None  # an explicit number
    fraction: float | None  # a word's place in the genre's range
    phrase: str


def read_tempo(prompt: PromptText) -> TempoRead | None:
    """An explicit tempo ("90 bpm", "at 140", "120-130 bpm") or a tempo word ("slow", "upbeat")."""
    if m := prompt.consume_first(_TEMPO_RANGE):
        return TempoRead(round((int(m[1]) + int(m[2])) / 2), None, m[0])
    for pattern in (_TEMPO_BPM, _TEMPO_LABELLED, _TEMPO_AT):
        if m := prompt.consume_first(pattern):
            return TempoRead(int(m[1]), None, m[0])
    if m := prompt.consume_first(_TEMPO_WORD.pattern):
        return TempoRead(None, _TEMPO_WORD[m[0]], m[0])
    return None


# ---------------------------------------------------------------- key and mode

_MODE_WORDS: dict[str, str] = {
    "major": "major",
    "maj": "major",
    "ionian": "major",
    "minor": "minor",
    "min": "minor",
    "aeolian": "minor",
    "dorian": "dorian",
    "phrygian": "phrygian",
    "lydian": "lydian",
    "mixolydian": "mixolydian",
    "harmonic minor": "harmonic_minor",
}
_MODE_ALT = "|".join(w.replace(" ", r"\s+") for w in sorted(_MODE_WORDS, key=len, reverse=True))
_KEY = re.compile(
    r"(?<!\w)(?P<pre>in\s+(?:the\s+key\s+of\s+)?|key\s+of\s+|key\s*:\s*)?"
    r"(?P<tonic>[A-Ga-g])"
    r"(?P<acc>#|b(?=m(?!\w)|(?!\w))|[\s-]?sharp|[\s-]?flat)?"
    rf"(?:(?P<m>m)(?!\w)|[\s-]*(?P<mode>{_MODE_ALT})(?!\w))?"
    r"(?P<keyword>[\s-]+(?:key|tonality|scale|mode))?"
    r"(?![\w#])",
    re.I,
)
_MODE_ONLY = re.compile(
    rf"(?<!\w)(?:(?:in\s+(?:a\s+)?)?(?P<m1>{_MODE_ALT})[\s-]+(?:key|tonality|scale|mode)"
    rf"|in\s+(?:a\s+)?(?P<m2>major|minor)"
    r"|(?P<m3>dorian|phrygian|lydian|mixolydian|aeolian|ionian|harmonic\s+minor))(?!\w)",
    re.I,
)


@dataclass(frozen=True)
class KeyRead:
    tonic: str | None  # as typed, e.g. "F#", "Eb", "Bb"
    mode: str | None
    phrase: str


def _tonic(match: re.Match[str]) -> str:
    acc = (match["acc"] or "").strip(" -").lower()
    sign = "#" if acc in ("#", "sharp") else "b" if acc in ("b", "flat") else ""
    return match["tonic"].upper() + sign


def read_key(prompt: PromptText) -> KeyRead | None:
    """ "in D minor", "F# major", "Eb dorian", "Am", "in the key of G", or a bare mode ("minor key")."""
    for m in prompt.find(_KEY):
        has_mode = bool(m["m"] or m["mode"])
        if not m["pre"] and not has_mode:
            continue  # a lone letter is a word, not a key
        # "a minor key", "in a major key": the article, not the note A.
        article = m["tonic"] == "a" and not m["acc"] and not m["m"]
        if article and (m["keyword"] or not m["pre"] or not has_mode):
            continue
        if m["m"] and not m["pre"] and m["tonic"].islower() and not m["acc"]:
            continue  # "am", "em", "dm" are too often words; "Am" and "in am" are keys
        prompt.consume(*m.span())
        mode = "minor" if m["m"] else _MODE_WORDS[" ".join(m["mode"].lower().split())] if m["mode"] else None
        if mode is None and (only := prompt.consume_first(_MODE_ONLY)):
            mode = _mode_of(only)
            return KeyRead(_tonic(m), mode, f"{m[0].strip()} … {only[0].strip()}")
        return KeyRead(_tonic(m), mode, m[0].strip())
    if only := prompt.consume_first(_MODE_ONLY):
        return KeyRead(None, _mode_of(only), only[0].strip())
    return None


def _mode_of(match: re.Match[str]) -> str:
    word = match["m1"] or match["m2"] or match["m3"]
    return _MODE_WORDS[" ".join(word.lower().split())]


# ---------------------------------------------------------------- instruments

_INSTRUMENT = PhraseTable(INSTRUMENT_WORDS, plurals=True)
_ALIASES = _INSTRUMENT.alternation
_ROLE = PhraseTable(ROLE_WORDS)
_NEGATION = re.compile(
    rf"(?<!\w)(?:no|without|minus|sans|not?\s+any|zero|leave\s+out|skip)\s+(?:any\s+|the\s+|a\s+)?"
    rf"(?P<list>(?:{_ALIASES})(?:\s*(?:,|/|\bor\b|\bnor\b)\s*(?:any\s+|the\s+)?(?:{_ALIASES}))*)(?!\w)"
    rf"|(?<!\w)(?P<suffixed>{_ALIASES})[\s-]?(?:free|less)(?!\w)",
    re.I,
)
_ROLE_AFTER = re.compile(
    r"\s*(?:as\s+(?:the\s+|a\s+)?|on\s+(?:the\s+)?|playing\s+(?:the\s+|a\s+)?|for\s+(?:the\s+)?)?"
    rf"({_ROLE.alternation})(?!\w)",
    re.I,
)
_ROLE_BEFORE = re.compile(r"(?<!\w)(lead|arpeggiated|rhythm|solo)\s+$", re.I)
_ROLE_BEFORE_WORDS: dict[str, Role] = {"lead": Role.LEAD, "arpeggiated": Role.ARPEGGIO, "rhythm": Role.CHORDS}
_ONLY_BEFORE = re.compile(r"(?<!\w)(?:only|just|solo|unaccompanied)\s+(?:an?\s+|the\s+)?$", re.I)
_ONLY_AFTER = re.compile(r"^\s*(?:only|alone)(?!\w)", re.I)


@dataclass(frozen=True)
class InstrumentRead:
    word: InstrumentWord
    role: Role | None  # a role the text gave it ("sax lead"), or None
    phrase: str  # as typed, e.g. "Rhodes"
    only: bool  # "just piano", "solo piano", "piano only"


@dataclass(frozen=True)
class Exclusion:
    word: InstrumentWord | None  # an instrument, or None when a role is left out ("no melody")
    role: Role | None
    phrase: str  # e.g. "no drums"


_ROLE_NEGATION = re.compile(
    r"(?<!\w)(?:no|without|minus|sans|not?\s+any|zero|leave\s+out|skip)\s+(?:any\s+|the\s+|a\s+)?"
    r"(melody|melodies|lead|lead\s+melody|bass\s*line|arpeggios?|arps?|pads?|chords)(?!\w)",
    re.I,
)


def read_exclusions(prompt: PromptText) -> list[Exclusion]:
    """ "no drums", "without drums or bass", "drumless": instruments the user does not want."""
    out: list[Exclusion] = []
    for m in list(prompt.find(_ROLE_NEGATION)):
        prompt.consume(*m.span())
        out.append(Exclusion(None, _ROLE[re.sub(r"\s+", " ", m[1].lower())], m[0].strip()))
    for m in list(prompt.find(_NEGATION)):
        prompt.consume(*m.span())
        words = [m["suffixed"]] if m["suffixed"] else _INSTRUMENT.pattern.findall(m["list"])
        out.extend(Exclusion(_INSTRUMENT[w], None, m[0].strip()) for w in words)
    # "drumless" and "beatless" are single words the suffix form above does not split.
    for m in list(prompt.find(re.compile(r"(?<!\w)(?:drumless|beatless)(?!\w)", re.I))):
        prompt.consume(*m.span())
        out.append(Exclusion(InstrumentWord(GENERIC_DRUMS), None, m[0]))
    return out


_ENSEMBLE = PhraseTable(ENSEMBLE_WORDS, plurals=True)


def read_ensembles(prompt: PromptText) -> list[InstrumentRead]:
    """ "a string quartet", "jazz trio": a fixed line-up, and only that."""
    out: list[InstrumentRead] = []
    for m in list(prompt.find(_ENSEMBLE.pattern)):
        prompt.consume(*m.span())
        out.extend(InstrumentRead(InstrumentWord(slug), role, m[0], True) for slug, role in _ENSEMBLE[m[0]])
    return out


def read_instruments(prompt: PromptText) -> list[InstrumentRead]:
    """Instrument names and aliases in order of appearance, each with a role the text gives it."""
    out: list[InstrumentRead] = []
    for m in list(prompt.find(_INSTRUMENT.pattern)):
        remaining = prompt.remaining
        if _CONSUMED in remaining[m.start() : m.end()]:
            continue  # taken as the previous instrument's role ("cello bass")
        prompt.consume(*m.span())
        role: Role | None = None
        after = _ROLE_AFTER.match(remaining, m.end())
        if after is not None:
            role = _ROLE[after[1]]
            prompt.consume(*after.span())
        before_text = remaining[max(0, m.start() - 20) : m.start()]
        if role is None and (before := _ROLE_BEFORE.search(before_text)):
            role = _ROLE_BEFORE_WORDS.get(before[1].lower())
        only = bool(_ONLY_BEFORE.search(before_text) or _ONLY_AFTER.match(remaining[m.end() :]))
        out.append(InstrumentRead(_INSTRUMENT[m[0]], role, m[0], only))
    return out


# ---------------------------------------------------------------- genre and mood keywords


@dataclass(frozen=True)
class KeywordHit(Generic[T]):
    value: T
    phrase: str  # as typed


def read_keywords(prompt: PromptText, table: PhraseTable[T]) -> list[KeywordHit[T]]:
    """Every phrase of the table in the prompt, longest first at each position; consumes them."""
    hits = []
    for m in list(prompt.find(table.pattern)):
        prompt.consume(*m.span())
        hits.append(KeywordHit(table[m[0]], m[0]))
    return hits
