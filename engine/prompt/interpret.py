"""A sentence -> a SongSpec draft, with a note of what was read from where."""

from __future__ import annotations

import logging
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from engine.instruments import INSTRUMENTS_BY_SLUG, Instrument, Role, instrument
from engine.limits import bars_within
from engine.presets import GENRE_PRESETS, MODE_LABELS
from engine.prompt.embedding import EmbeddingModelError, Matrix
from engine.prompt.lexicon import (
    DEFAULT_GENRE,
    DEFAULT_LENGTH_SECONDS,
    DEFAULT_MOOD,
    GENERIC_BASS,
    GENERIC_DRUMS,
    GENERIC_GUITAR,
    GENRE_BASSES,
    GENRE_DEFAULT_TONICS,
    GENRE_DRUM_KITS,
    GENRE_GUITARS,
    GENRE_MOOD_BONUS,
    GENRE_MOODS,
    GENRE_TEMPO_RANGES,
    GENRE_WORDS,
    MAX_PROMPT_PARTS,
    MOOD_WORDS,
    GenreWord,
    InstrumentWord,
)
from engine.prompt.parsing import (
    Exclusion,
    InstrumentRead,
    KeyRead,
    KeywordHit,
    PhraseTable,
    PromptText,
    TempoRead,
    read_ensembles,
    read_exclusions,
    read_instruments,
    read_key,
    read_keywords,
    read_length,
    read_tempo,
)
from engine.prompt.similarity import closest, embed_prompt, genre_index, mood_index
from engine.spec import (
    LENGTH_BARS_MIN,
    LENGTH_SECONDS_MAX,
    LENGTH_SECONDS_MIN,
    MAX_PARTS,
    SEED_MAX,
    TEMPO_MAX,
    TEMPO_MIN,
    InstrumentPart,
    SongSpec,
)
from engine.theory import canonical_tonic

logger = logging.getLogger(__name__)

PROMPT_MAX_CHARS = 500

_GENRES = PhraseTable(GENRE_WORDS)
_MOODS = PhraseTable(MOOD_WORDS)
# Genre names made of instrument words, taken out before instruments are read.
_GENRE_NOT_INSTRUMENTS = re.compile(r"(?<!\w)drum[\s-]*(?:and|&|'?n'?)[\s-]*bass(?!\w)", re.I)
_MINOR_LIKE = frozenset({"minor", "dorian", "phrygian", "harmonic_minor"})
_MAJOR_LIKE = frozenset({"major", "lydian", "mixolydian"})


@dataclass(frozen=True)
class PromptResult:
    """A validated SongSpec drafted from a prompt, and what was read from the text for each field."""

    spec: SongSpec
    matched: dict[str, str] = field(default_factory=dict)

    def draft(self) -> dict[str, Any]:
        """The spec as JSON-ready SongSpec fields (both length fields present, one of them None)."""
        return self.spec.model_dump(mode="json")


def interpret_prompt(text: str, *, seed: int | None = None) -> PromptResult:
    """Read genre, mood, tempo, key, mode, instruments and length from a sentence; fill the rest from
    the genre's preset. Deterministic: the same text (and seed) always gives the same result."""
    prompt = PromptText(text)
    matched: dict[str, str] = {}
    vector: list[Matrix] = []  # the prompt's embedding, computed at most once

    def meaning() -> Matrix | None:
        if not vector:
            try:
                vector.append(embed_prompt(prompt.text))
            except EmbeddingModelError:
                logger.exception("Sentence embeddings unavailable; genre and mood from keywords only.")
                return None
        return vector[0]

    genre_hits = read_keywords(PromptText(prompt.text), _GENRES)
    genre = _genre(genre_hits, meaning, matched)
    mood = _mood(read_keywords(PromptText(prompt.text), _MOODS), genre, meaning, matched)
    for m in list(prompt.find(_GENRE_NOT_INSTRUMENTS)):
        prompt.consume(*m.span())
    exclusions = read_exclusions(prompt)
    length = read_length(prompt)
    tempo_read = read_tempo(prompt)
    key_read = read_key(prompt)
    ensembles = read_ensembles(prompt)
    instruments = read_instruments(prompt) + ensembles  # a named kit or bass beats the ensemble's
    if tempo_read is None:
        tempo_read = read_tempo(prompt)  # a tempo word after an instrument name ("piano, slow")

    tempo = _tempo(genre, genre_hits, tempo_read, matched)
    tonic, mode = _key_and_mode(genre, mood, key_read, matched)
    parts = _band(genre, instruments, exclusions, matched)

    fields: dict[str, Any] = {
        "genre": genre,
        "mood": mood,
        "tempo": tempo,
        "key": tonic,
        "mode": mode,
        "instruments": parts,
        "seed": seed if seed is not None else zlib.crc32(prompt.text.lower().encode()) % (SEED_MAX + 1),
    }
    if length is not None and length.bars is not None:
        bars = min(max(length.bars, LENGTH_BARS_MIN), bars_within(tempo))  # within the song budget
        fields["length_bars"] = bars
        matched["length_bars"] = f"{length.phrase} → {bars} bars"
    else:
        seconds = DEFAULT_LENGTH_SECONDS if length is None or length.seconds is None else length.seconds
        seconds = float(min(max(seconds, LENGTH_SECONDS_MIN), LENGTH_SECONDS_MAX))
        fields["length_seconds"] = seconds
        if length is not None:
            matched["length_seconds"] = f"{length.phrase} → {_duration(seconds)}"
    return PromptResult(SongSpec.model_validate(fields), matched)


def _duration(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}" if whole >= 60 else f"{whole} s"


def _best_keyword(hits: list[KeywordHit[tuple[str, int]]]) -> tuple[list[str], dict[str, list[str]]]:
    """Labels with the highest total keyword weight, and the phrases behind each label."""
    totals: dict[str, int] = {}
    phrases: dict[str, list[str]] = {}
    for hit in hits:
        label, weight = hit.value
        totals[label] = totals.get(label, 0) + weight
        phrases.setdefault(label, []).append(hit.phrase)
    if not totals:
        return [], phrases
    top = max(totals.values())
    return [label for label, total in totals.items() if total == top], phrases


def _by_meaning(
    kind: str,
    tied: list[str],
    phrases: dict[str, list[str]],
    meaning: Callable[[], Matrix | None],
    default: str,
    matched: dict[str, str],
    label_of: Callable[[str], str],
    bonus: dict[str, float] | None = None,
) -> str:
    if len(tied) == 1:
        label = tied[0]
        matched[kind] = f"{', '.join(phrases[label])} → {label_of(label)}"
        return label
    vector = meaning()
    if vector is None:
        label = tied[0] if tied else default
        if tied:
            matched[kind] = f"{', '.join(phrases[label])} → {label_of(label)}"
        return label
    index = genre_index() if kind == "genre" else mood_index()
    best = closest(index, vector, tuple(tied) if tied else None, bonus or {})
    if tied:
        matched[kind] = f"{', '.join(phrases[best.label])} → {label_of(best.label)} (closest in meaning)"
    else:
        matched[kind] = f"closest in meaning → {label_of(best.label)} (similarity {best.score:.2f})"
    return best.label


def _genre(
    hits: list[KeywordHit[GenreWord]], meaning: Callable[[], Matrix | None], matched: dict[str, str]
) -> str:
    tied, phrases = _best_keyword([KeywordHit((h.value.genre, h.value.weight), h.phrase) for h in hits])
    return _by_meaning(
        "genre", tied, phrases, meaning, DEFAULT_GENRE, matched, lambda g: GENRE_PRESETS[g].label
    )


def _mood(
    hits: list[KeywordHit[tuple[str, int]]],
    genre: str,
    meaning: Callable[[], Matrix | None],
    matched: dict[str, str],
) -> str:
    tied, phrases = _best_keyword(hits)
    bonus = dict.fromkeys(GENRE_MOODS[genre], GENRE_MOOD_BONUS)
    return _by_meaning("mood", tied, phrases, meaning, DEFAULT_MOOD, matched, str.capitalize, bonus)


def _tempo(
    genre: str,
    genre_hits: list[KeywordHit[GenreWord]],
    read: TempoRead | None,
    matched: dict[str, str],
) -> int:
    low, high = GENRE_TEMPO_RANGES[genre]
    if read is not None and read.bpm is not None:
        bpm = min(max(read.bpm, TEMPO_MIN), TEMPO_MAX)
        note = "" if bpm == read.bpm else f" (allowed range {TEMPO_MIN}–{TEMPO_MAX})"
        matched["tempo"] = f"{read.phrase} → {bpm} BPM{note}"
        return bpm
    if read is not None and read.fraction is not None:
        bpm = round(low + read.fraction * (high - low))
        matched["tempo"] = f"{read.phrase} → {bpm} BPM"
        return bpm
    for hit in genre_hits:
        if hit.value.tempo is not None and hit.value.genre == genre:
            matched["tempo"] = f"{hit.phrase} → {hit.value.tempo} BPM"
            return hit.value.tempo
    return GENRE_PRESETS[genre].tempo


def _key_and_mode(genre: str, mood: str, read: KeyRead | None, matched: dict[str, str]) -> tuple[str, str]:
    preset_mode = GENRE_PRESETS[genre].mode
    tonic = canonical_tonic(read.tonic) if read is not None and read.tonic else GENRE_DEFAULT_TONICS[genre]
    if read is not None and read.tonic:
        matched["key"] = f"{read.phrase} → {tonic}"
    if read is not None and read.mode:
        matched["mode"] = f"{read.phrase} → {MODE_LABELS[read.mode]}"
        return tonic, read.mode
    if mood in ("sad", "dark") and preset_mode in _MAJOR_LIKE:
        matched["mode"] = f"{mood} mood → Minor"
        return tonic, "minor"
    if mood == "happy" and preset_mode in _MINOR_LIKE - {"dorian"}:
        matched["mode"] = f"{mood} mood → Major"
        return tonic, "major"
    return tonic, preset_mode


@dataclass(eq=False)
class _Part:
    instrument: Instrument
    role: Role
    named: bool  # the user asked for it
    explicit: bool = False  # the text (or the ensemble) gave its role


def _preset_parts(genre: str) -> list[_Part]:
    return [_Part(instrument(slug), role, False) for slug, role in GENRE_PRESETS[genre].instruments]


def _resolve(word: InstrumentWord, role: Role | None, genre: str, preset: list[_Part]) -> Instrument:
    """A generic name ("drums", "bass", "guitar") becomes the genre's own instrument of that kind."""
    if word.slug == GENERIC_DRUMS:
        kits = [p.instrument for p in preset if p.instrument.is_drum_kit]
        return kits[0] if kits else instrument(GENRE_DRUM_KITS.get(genre, "standard_drum_kit"))
    if word.slug == GENERIC_BASS:
        basses = [p.instrument for p in preset if p.role is Role.BASS]
        return basses[0] if basses else instrument(GENRE_BASSES.get(genre, "fingered_electric_bass"))
    if word.slug == GENERIC_GUITAR:
        guitars = [p for p in preset if p.instrument.family == "Guitar"]
        fitting = [p for p in guitars if role is None or p.role is role]
        chosen = fitting or guitars
        return chosen[0].instrument if chosen else instrument(GENRE_GUITARS[genre])
    return instrument(word.slug)


def _excludes(exclusion: Exclusion) -> Callable[[_Part], bool]:
    """What a "no X" removes: every kit for drums, the bass role for bass, the family for broad names."""
    if exclusion.word is None:
        return lambda part: part.role is exclusion.role
    slug = exclusion.word.slug
    if slug == GENERIC_BASS:
        return lambda part: part.role is Role.BASS
    if slug == GENERIC_DRUMS or (slug != GENERIC_GUITAR and instrument(slug).is_drum_kit):
        return lambda part: part.instrument.is_drum_kit
    family = "Guitar" if slug == GENERIC_GUITAR else instrument(slug).family
    if family in ("Piano", "Guitar", "Organ", "Synth Lead", "Synth Pad", "Brass", "Reed"):
        return lambda part: part.instrument.family == family
    return lambda part: part.instrument.slug == slug


def _band(
    genre: str,
    reads: list[InstrumentRead],
    exclusions: list[Exclusion],
    matched: dict[str, str],
) -> list[InstrumentPart]:
    preset = _preset_parts(genre)
    only = any(read.only for read in reads)
    notes: dict[str, list[str]] = {}  # phrase as typed -> what it became
    named: list[_Part] = []
    if any(r.word.slug != GENERIC_DRUMS and _is_kit(r.word.slug) for r in reads):
        reads = [r for r in reads if r.word.slug != GENERIC_DRUMS]  # "beat with 808s": the 808 kit
    for read in reads:
        inst = _resolve(read.word, read.role, genre, preset)
        asked = read.role or read.word.role
        role = _role(inst, asked, [] if only else preset)
        if any(p.instrument.slug == inst.slug for p in named):
            continue
        if inst.is_drum_kit and any(p.instrument.is_drum_kit for p in named):
            notes.setdefault(read.phrase, []).append("ignored: one drum kit per song")
            continue
        named.append(_Part(inst, role, True, explicit=asked is not None))
        notes.setdefault(read.phrase, []).append(inst.name + (f" ({role.value})" if read.role else ""))

    parts = _with_lead(named) if only else _merge(preset, named)
    for exclusion in exclusions:
        drop = _excludes(exclusion)
        gone = [p for p in parts if drop(p) and (not p.named or p.instrument.is_drum_kit)]
        parts = [p for p in parts if all(p is not g for g in gone)]
        left_out = f"left out ({', '.join(p.instrument.name for p in gone)})" if gone else "left out"
        notes.setdefault(exclusion.phrase, []).append(left_out)
    while len(parts) > MAX_PROMPT_PARTS and any(not p.named for p in parts):
        parts.remove(next(p for p in reversed(parts) if not p.named))
    parts = parts[:MAX_PARTS]
    if not parts:
        parts = [p for p in preset if not p.instrument.is_drum_kit] or [
            _Part(instrument("acoustic_grand_piano"), Role.CHORDS, False)
        ]
    if notes:
        text = "; ".join(f"{phrase} → {', '.join(became)}" for phrase, became in notes.items())
        matched["instruments"] = text + ("; only the instruments named" if only else "")
    return [InstrumentPart(instrument=p.instrument.slug, role=p.role) for p in parts]


def _with_lead(named: list[_Part]) -> list[_Part]:
    """Only the named instruments: if none carries the melody, the first one without a role asked of it
    does, and when it is alone it also keeps its accompaniment ("solo piano": melody and chords)."""
    parts = list(named)
    if any(p.role is Role.LEAD for p in parts):
        return parts
    free = [p for p in parts if not p.explicit and not p.instrument.is_drum_kit]
    free.sort(key=lambda p: p.instrument.default_role not in (Role.LEAD, Role.COUNTER_MELODY))
    if not free:
        return parts
    melodic = [p for p in parts if not p.instrument.is_drum_kit]
    if len(melodic) == 1:
        parts.insert(parts.index(free[0]) + 1, _Part(free[0].instrument, Role.LEAD, True))
    else:
        free[0].role = Role.LEAD
    return parts


def _is_kit(slug: str) -> bool:
    return slug in INSTRUMENTS_BY_SLUG and INSTRUMENTS_BY_SLUG[slug].is_drum_kit


def _role(inst: Instrument, asked: Role | None, preset: list[_Part]) -> Role:
    if inst.is_drum_kit:
        return Role.DRUMS
    if asked is not None and asked is not Role.DRUMS:
        return asked
    in_preset = [p.role for p in preset if p.instrument.slug == inst.slug]
    return in_preset[0] if in_preset else inst.default_role


def _merge(preset: list[_Part], named: list[_Part]) -> list[_Part]:
    """The genre's band with the user's instruments in it: a named kit, lead or bass takes the preset's
    place in that role (one kit, one lead melody, one bass line); other named parts join the band."""
    parts = list(preset)
    for part in named:
        same = [i for i, p in enumerate(parts) if p.instrument.slug == part.instrument.slug]
        if same:
            parts[same[0]] = part
            continue
        replaces = part.role in (Role.DRUMS, Role.LEAD) or (
            part.role is Role.BASS and part.instrument.family == "Bass"
        )
        slot = next(
            (i for i, p in enumerate(parts) if not p.named and p.role is part.role),
            None,
        )
        if replaces and slot is not None:
            parts[slot] = part
        else:
            parts.append(part)
    return parts
