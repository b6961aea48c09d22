"""Lead: phrases sampled from the trained melody model over the song's chords, shaped into a form.

Each theme (chorus, verse, bridge, ...) gets a 1-2 bar motif sampled freely by the model (the liveliest
rhythm of a few offers); the chorus's comes first and the other themes are sampled with it as context,
so they vary it. A phrase restates its motif's rhythm with the model choosing new pitches over the new
chords (a one-bar idea becomes a sentence whose third bar varies its rhythm), then cadences on a long
chord tone (the root when it answers) in one of a few shapes. A returning section is developed: the
chorus keeps its hook's first bar, the rest is re-pitched and, the third time, re-rhythmed. All of a
melody's samplers share one `PitchUsage`, so its frequency penalty (`VARIETY`) keeps the whole melody,
not just one phrase, from sitting on one degree, and no pitch is struck more than four times running.
Blues, jazz and rock leads then get their blue notes (`inflection.py`).
"""

from __future__ import annotations

import functools
import itertools
import random
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from threadpoolctl import threadpool_limits

from engine.compose.genres import MINOR_FAMILY
from engine.compose.model import vocab
from engine.compose.model.sampler import (
    BarRequest,
    Controls,
    ForcedNote,
    MelodySampler,
    PitchUsage,
    SampledNote,
)
from engine.compose.model.transformer import melody_model
from engine.compose.parts.development import developed, steps_between
from engine.compose.parts.inflection import bend_into_blue_notes
from engine.compose.plan import STEPS_PER_BAR, NoteEvent, SongPlan
from engine.compose.voicing import register
from engine.instruments import Instrument, Role
from engine.score import Chord, Section
from engine.theory import CHARACTERISTIC_TONES, MODES

PHRASE_BARS = 4
MOTIF_OFFERS = 3  # ideas the model offers per theme; the one with the most rhythmic life is kept
OPENING_BARS = 2  # a consequent phrase opens like its antecedent for this many bars, then goes its own way
# Motif development by scale steps (parts/development.py): the chance that a sentence restates its
# one-bar idea as a sequence (moved along the scale with the harmony), and that a returning phrase
# answers its opening bar with that bar's inversion.
SEQUENCE_RATE = 0.5
INVERSION_RATE = 0.35
# Where each section's melody sits, in semitones from the lead's centre.
_LIFT: dict[str, int] = {"chorus": 4, "verse": -2, "bridge": 0, "pre_chorus": 1, "outro": 0, "intro": -2}
_MAJOR_QUALITIES = frozenset({"maj", "7", "maj7", "6", "add9", "aug", "sus2", "sus4"})
_DIMINISHED_QUALITIES = frozenset({"dim", "m7b5", "dim7"})
_QUALITY_OF = {shape[1:]: quality for quality, shape in vocab.TRIAD_SHAPES.items()}  # (third, fifth)
# Sampling: a little below the model's own temperature, the nucleus wide enough to keep the rarer
# degrees (the 2nd, b6 and b7 of minor tunes), and a frequency penalty so that a melody does not sit on
# its tonic (the model's habit in minor) or on one chord tone. Measured against the corpus in the model card.
TEMPERATURE = 0.9
TOP_P = 0.98
VARIETY = 0.3
# A lift (nats) for the mode's characteristic tone, which the model, thinking in the parent major or
# minor, plays too rarely for the mode to be heard.
MODAL_LIFT = 1.0
# A cadence bar, (position, length) in 16ths, the first note the long chord tone: held a half note, a
# half and an 8th, or a dotted half; or held to beat three, then two 8ths leading into the next phrase.
_CADENCES: tuple[tuple[tuple[int, int], ...], ...] = (
    ((0, 8),),
    ((0, 10),),
    ((0, 12),),
    ((0, 10), (12, 2), (14, 2)),
)
_MODEL_CENTRE = 6  # the corpus was normalised so that a tune's median pitch sits about here above the tonic


@dataclass(frozen=True)
class Motif:
    """A theme's idea as the model wrote it: notes (pitch above the tonic) over its bars' chords."""

    bars: int
    notes: tuple[SampledNote, ...]
    chords: tuple[tuple[int, int], ...]

    def rhythm(self, bar: int) -> list[SampledNote]:
        return [n for n in self.notes if n.bar == bar]


@dataclass(frozen=True)
class _Voice:
    """Where the lead plays: its range, the MIDI pitch of the tonic the model's pitches sit on, and the
    mode's degree map (`modal_map`) between the song's pitch classes and the model's."""

    low: int
    high: int
    tonic: int
    to_model: tuple[int, ...] = tuple(range(12))

    def model_pitch(self, midi: int) -> int:
        """A MIDI pitch of the song as the model's pitch above the tonic."""
        step = midi - self.tonic
        return step - step % 12 + self.to_model[step % 12]

    def midi(self, model_pitch: int) -> int:
        """The model's pitch above the tonic as a MIDI pitch of the song (the map is its own inverse)."""
        return self.tonic + model_pitch - model_pitch % 12 + self.to_model[model_pitch % 12]


@functools.cache
def modal_map(mode: str) -> tuple[int, ...]:
    """Pitch classes above the tonic, song -> model: each degree a mode alters from the model's mode
    (major for major, Lydian and Mixolydian; minor for the rest) swapped with the degree it alters.

    The model learned major and minor tunes, so it almost never plays a Lydian #4, a Mixolydian b7, a
    Dorian 6, a Phrygian b2 or a harmonic-minor 7 even when the scale allows them: it thinks in the parent
    mode and its 4th, 7th, 6th, 2nd or 7th degree sounds as the mode's own. The swaps are of neighbouring
    semitones, so a pitch keeps its octave and the map is its own inverse."""
    parent = MODES["minor" if mode in MINOR_FAMILY else "major"]
    pcs = list(range(12))
    for own, theirs in zip(MODES[mode], parent, strict=True):
        if own != theirs:
            pcs[own], pcs[theirs] = theirs, own
    return tuple(pcs)


def write_lead(plan: SongPlan, inst: Instrument, rng: random.Random) -> list[NoteEvent]:
    """Model-sampled phrases per section; repeated sections repeat their melody, the intro rests."""
    with threadpool_limits(limits=1, user_api="blas"):  # tiny matrices: BLAS threads only add overhead
        return _write_lead(plan, inst, rng)


def _write_lead(plan: SongPlan, inst: Instrument, rng: random.Random) -> list[NoteEvent]:
    low, high, centre = register(Role.LEAD, inst, shift=plan.mood.register)
    salt = f"{rng.getrandbits(32)}:{plan.mood.name}"  # another mood, another tune from the same seed
    mode = "minor" if plan.mode in MINOR_FAMILY else "major"
    sixteenths = plan.profile.swing < 0.5 or plan.profile.swing_16ths
    playing = [s for s in plan.sections if not (s.name == "intro" and len(plan.sections) > 1)]
    usage = PitchUsage()  # shared by every sampler of this melody
    themes: dict[str, Section] = {}
    for section in playing:
        themes.setdefault(_theme(section, themes), section)
    motifs: dict[str, Motif] = {}
    for theme in sorted(themes, key=lambda name: name != "chorus"):
        section = themes[theme]
        voice = _voice(plan, section, low, high, centre)
        controls = _controls(plan, section, sixteenths)
        bars = 1 if theme in ("pre_chorus", "outro") else random.Random(f"{salt}:{theme}").choice((1, 2, 2))
        # The model's idea with the most rhythmic life of a few it offers (its density bias alone can
        # fill a bar with even 8ths).
        offers: list[tuple[Motif, PitchUsage]] = []
        for offer in range(MOTIF_OFFERS):
            seed = random.Random(f"{salt}:{theme}:motif:{offer}").getrandbits(64)
            trial = usage.copy()
            sampler = MelodySampler(melody_model(), mode, np.random.default_rng(seed), controls, usage=trial)
            if "chorus" in motifs:
                sampler.prompt(motifs["chorus"].notes, motifs["chorus"].chords)
            motif = _sample_motif(plan, sampler, section.start_bar, min(bars, section.bars), voice)
            offers.append((motif, trial))
        motifs[theme], chosen_usage = max(offers, key=lambda o: (_rhythmic_life(o[0]), -len(o[0].notes)))
        usage.take(chosen_usage)
    events: list[NoteEvent] = []
    written: dict[tuple[object, ...], list[SampledNote]] = {}
    bodies: dict[tuple[object, ...], list[SampledNote]] = {}  # a phrase's opening bars
    occurrences: dict[str, int] = defaultdict(int)
    last_section = plan.sections[-1]
    for section in playing:
        theme = _theme(section, motifs)
        phrase_events: list[NoteEvent] = []
        voice = _voice(plan, section, low, high, centre)
        starts = list(range(section.start_bar, section.start_bar + section.bars, PHRASE_BARS))
        for index, first_bar in enumerate(starts):
            length = min(PHRASE_BARS, section.start_bar + section.bars - first_bar)
            ends_song = section is last_section and index == len(starts) - 1
            answer = index % 2 == 1 or ends_song
            # Chords by content (not by position), so that a repeated section finds its phrases.
            chords = tuple(
                tuple((c.root, c.quality, c.pitch_classes) for c in _bar_chords(plan, first_bar + j))
                for j in range(length)
            )
            key = (theme, section.name, index, length, answer, ends_song, chords, voice)
            if key not in written:
                seed = random.Random(f"{salt}:{theme}:{section.name}:{index}").getrandbits(64)
                controls = _controls(plan, section, sixteenths)
                sampler = MelodySampler(
                    melody_model(), mode, np.random.default_rng(seed), controls, usage=usage
                )
                motif = motifs[theme]
                sampler.prompt(motif.notes, motif.chords)
                verbatim = index == 0 and section is themes[theme]
                # A phrase over the same chords as an earlier one in the section answers it: same
                # opening bars, then its own way to another cadence (antecedent and consequent).
                opening = min(OPENING_BARS, length - 1)
                body_key = (theme, section.name, chords[:opening], voice)
                body = bodies.get(body_key) if length > 1 else None
                written[key] = _phrase(
                    plan,
                    sampler,
                    motif,
                    first_bar,
                    length,
                    answer,
                    ends_song,
                    verbatim,
                    voice,
                    body,
                )
                if length > 1:
                    bodies.setdefault(body_key, [n for n in written[key] if n.bar < opening])
            notes = written[key]
            heard = min(occurrences[section.name], 2)  # how often this section was heard before
            if heard and length > 2:
                varied_key = (*key, heard)
                if varied_key not in written:
                    seed = random.Random(f"{salt}:{theme}:{section.name}:{index}:{heard}").getrandbits(64)
                    sampler = MelodySampler(
                        melody_model(),
                        mode,
                        np.random.default_rng(seed),
                        _controls(plan, section, sixteenths),
                        usage=usage,
                    )
                    sampler.prompt(motifs[theme].notes, motifs[theme].chords)
                    kept = 1 if index == 0 and theme == "chorus" else 0  # the hook returns as it was
                    written[varied_key] = _vary(
                        plan, sampler, notes, first_bar, length, voice, kept, heard > 1
                    )
                notes = written[varied_key]
            phrase_events.extend(_events(plan, section, first_bar, notes, voice, ends_song))
        occurrences[section.name] += 1
        # Seeded per theme: where a returning section plays what it played before, it bends it the same way.
        events.extend(bend_into_blue_notes(plan, phrase_events, random.Random(f"{salt}:blue:{theme}")))
    events = _break_runs(plan, sorted(events), low, high)
    return _with_pickup(plan, events, low) if plan.arrangement.pickup else events


def _with_pickup(plan: SongPlan, events: list[NoteEvent], low: int) -> list[NoteEvent]:
    """Two 8ths in the intro's last beat stepping up the scale into the lead's first note, when that
    note falls on the bar line after the intro."""
    intro = plan.sections[0]
    if intro.name != "intro" or len(plan.sections) < 2 or not events:
        return events
    entry = intro.bars * STEPS_PER_BAR
    first = events[0]
    if abs(first.start - plan.tick(entry)) > 1:
        return events
    below = [p for p in range(low, first.pitch) if p % 12 in plan.scale][-2:]
    if len(below) < 2:
        return events
    pickup = []
    for pitch, step in zip(below, (entry - 4, entry - 2), strict=True):
        start, duration = plan.span(step, 2)
        pickup.append(NoteEvent(start, duration - 20, pitch, max(1, first.velocity - 10)))
    return [*pickup, *events]


def _break_runs(plan: SongPlan, events: list[NoteEvent], low: int, high: int) -> list[NoteEvent]:
    """No pitch struck more than `PitchUsage.MAX_RUN` times running across phrase seams (the samplers
    see to it inside a phrase): the note that would exceed it moves to the nearest other tone of the
    scale over its chord."""
    out: list[NoteEvent] = []
    run = 0
    for event in events:
        run = run + 1 if out and out[-1].pitch == event.pitch else 1
        if run > PitchUsage.MAX_RUN:
            pcs = plan.melody_pitch_classes(plan.chord_at(event.start))
            options = [p for p in range(low, high + 1) if p % 12 in pcs and p != event.pitch]
            if options:
                event = event._replace(pitch=min(options, key=lambda p: (abs(p - event.pitch), p)))
                run = 1
        out.append(event)
    return out


def _rhythmic_life(motif: Motif) -> int:
    """How much a motif's rhythm does without getting busy: its distinct note lengths, a syncopation (a
    note of a quarter or more starting off the beat), a rest inside a bar; a bar of more than eight notes
    (a run of 16ths the rest of the song would restate) counts against it more than all of those."""
    lengths = {n.duration for n in motif.notes}
    syncopated = any(n.position % 4 and n.duration >= 4 for n in motif.notes)
    rests = any(
        later.position > earlier.position + earlier.duration
        for bar in range(motif.bars)
        for earlier, later in itertools.pairwise(motif.rhythm(bar))
    )
    busy = any(len(motif.rhythm(bar)) > 8 for bar in range(motif.bars))
    return len(lengths) + syncopated + rests - 10 * busy


def _theme(section: Section, known: Mapping[str, object]) -> str:
    return "chorus" if section.name == "outro" and "chorus" in known else section.name


def _voice(plan: SongPlan, section: Section, low: int, high: int, centre: int) -> _Voice:
    anchor = centre + _LIFT.get(section.name, 0) - _MODEL_CENTRE
    tonic = anchor + ((plan.key_pc - anchor + 6) % 12) - 6  # the tonic nearest the anchor
    return _Voice(low, high, tonic, modal_map(plan.mode))


def _controls(plan: SongPlan, section: Section, sixteenths: bool) -> Controls:
    density = plan.profile.density * plan.mood.density * (0.7 + 0.6 * section.energy)
    return Controls(
        temperature=TEMPERATURE,
        top_p=TOP_P,
        variety=VARIETY,
        density=2.5 * (min(0.95, density) - 0.45),
        sixteenths=sixteenths,
        colour=_colour(plan),
    )


def _colour(plan: SongPlan) -> tuple[tuple[int, float], ...]:
    """The characteristic tone's lift, in the model's pitch classes (through the mode's degree map)."""
    if plan.mode not in CHARACTERISTIC_TONES:
        return ()
    return ((modal_map(plan.mode)[CHARACTERISTIC_TONES[plan.mode]], MODAL_LIFT),)


def chord_token(plan: SongPlan, chord: Chord) -> int:
    """The model's token for a chord of the plan: root above the tonic and a triad quality, both as the
    model hears them through the mode's degree map (a Dorian IV is its minor iv)."""
    quality = (
        "dim"
        if chord.quality in _DIMINISHED_QUALITIES
        else "maj"
        if chord.quality in _MAJOR_QUALITIES
        else "min"
    )
    to_model = modal_map(plan.mode)
    root = (chord.root - plan.key_pc) % 12
    triad = [to_model[(root + step) % 12] for step in vocab.TRIAD_SHAPES[quality]]
    heard = ((triad[1] - triad[0]) % 12, (triad[2] - triad[0]) % 12)
    return vocab.chord_token(triad[0], _QUALITY_OF.get(heard, quality))


def _bar_chords(plan: SongPlan, bar: int) -> tuple[Chord, Chord]:
    start = plan.tick(bar * STEPS_PER_BAR)
    return plan.chord_at(start), plan.chord_at(plan.tick(bar * STEPS_PER_BAR + STEPS_PER_BAR // 2))


def _allowed(plan: SongPlan, chord: Chord, voice: _Voice, chord_tones: bool = False) -> frozenset[int]:
    """Pitches above the tonic (model units) the lead may take over a chord, inside its range."""
    pcs = frozenset(chord.pitch_classes) if chord_tones else plan.melody_pitch_classes(chord)
    pitches = _model_pitches(voice, pcs)
    if not pitches and chord_tones:
        return _allowed(plan, chord, voice)
    if not pitches:  # a range too narrow for the model's span: any in-range scale tone it can name
        pitches = _model_pitches(voice, frozenset(plan.scale))
    return pitches


def _model_pitches(voice: _Voice, pcs: frozenset[int]) -> frozenset[int]:
    """The voice's pitches of these pitch classes, in model units, that the model's vocabulary can name."""
    mapped = (voice.model_pitch(m) for m in range(voice.low, voice.high + 1) if m % 12 in pcs)
    return frozenset(p for p in mapped if vocab.PITCH_LOW <= p <= vocab.PITCH_HIGH)


def _request(plan: SongPlan, bar: int, voice: _Voice, **kwargs: object) -> BarRequest:
    first, second = _bar_chords(plan, bar)
    return BarRequest(
        chords=(chord_token(plan, first), chord_token(plan, second)),
        pitches=(_allowed(plan, first, voice), _allowed(plan, second, voice)),
        **kwargs,  # type: ignore[arg-type]
    )


def _sample_motif(plan: SongPlan, sampler: MelodySampler, first_bar: int, bars: int, voice: _Voice) -> Motif:
    notes: list[SampledNote] = []
    chords: list[tuple[int, int]] = []
    for j in range(bars):
        bar = first_bar + j
        first_chord = _bar_chords(plan, bar)[0]
        request = _request(
            plan,
            bar,
            voice,
            min_notes=2 if j == 0 else 1,
            first_at_downbeat=j == 0,
            first_pitches=_allowed(plan, first_chord, voice, chord_tones=True) if j == 0 else frozenset(),
        )
        chords.append(request.chords)
        notes.extend(sampler.bar(j, request))
    return Motif(bars=bars, notes=tuple(notes), chords=tuple(chords))


def _phrase(
    plan: SongPlan,
    sampler: MelodySampler,
    motif: Motif,
    first_bar: int,
    length: int,
    answer: bool,
    ends_song: bool,
    verbatim: bool,
    voice: _Voice,
    body: list[SampledNote] | None = None,
) -> list[SampledNote]:
    """Motif rhythm restated bar by bar with model pitches, then a cadence bar: a long chord tone, a rest.

    With `body` (the opening bars of an earlier phrase over the same chords) the phrase opens with it
    and the rest is sampled.
    """
    notes: list[SampledNote] = []
    rng = random.Random(int(sampler.rng.integers(2**32)))
    first = 0
    if body is not None:
        first = min(OPENING_BARS, length - 1)
        sampler.prompt(body, [_request(plan, first_bar + j, voice).chords for j in range(first)])
        notes = list(body)
    for j in range(first, length):
        bar = first_bar + j
        first_chord, _ = _bar_chords(plan, bar)
        if j == length - 1 and (length > 1 or ends_song):
            tones = _allowed(plan, first_chord, voice, chord_tones=True)
            if answer:
                roots = frozenset(p for p in tones if voice.midi(p) % 12 == first_chord.root)
                tones = roots or tones
            cadence: tuple[ForcedNote, ...] = (ForcedNote(0, STEPS_PER_BAR, tones),)
            if not ends_song:
                (_, held), *lead_in = rng.choice(_CADENCES)
                cadence = (ForcedNote(0, held, tones), *(ForcedNote(at, steps) for at, steps in lead_in))
            notes.extend(sampler.bar(j, _request(plan, bar, voice, rhythm=cadence)))
            break
        if j == 1 and motif.bars == 1 and body is None and rng.random() < SEQUENCE_RATE:
            idea = [n for n in notes if n.bar == 0]
            steps = steps_between(_bar_chords(plan, bar - 1)[0].root, first_chord.root, plan.scale)
            moved = _developed(plan, voice, idea, bar, steps)
            if steps and moved is not None:
                notes.extend(sampler.bar(j, _request(plan, bar, voice, rhythm=moved)))
                continue
        rhythm: list[ForcedNote] = []
        source = motif.rhythm(j % motif.bars)
        if verbatim and j < motif.bars:
            rhythm = [ForcedNote(n.position, n.duration, pitch=n.pitch) for n in source]
        # A four-bar phrase is a sentence: the idea (one bar and its restatement, or two bars), a
        # continuation that varies its rhythm, the cadence.
        continuation = j == 2 and length == 4
        cells = _reshaped(source) if continuation else [(n.position, n.duration) for n in source]
        for k, (position, duration) in enumerate(cells if not rhythm else ()):
            if k == 0 or (position % 8 == 0 and duration >= 4):
                # Restatements start on a chord tone, and long notes on beats one and three are chord
                # tones: the motif follows the chords.
                chord = _bar_chords(plan, bar)[position // 8]
                rhythm.append(ForcedNote(position, duration, _allowed(plan, chord, voice, True)))
            else:
                rhythm.append(ForcedNote(position, duration))
        notes.extend(sampler.bar(j, _request(plan, bar, voice, rhythm=tuple(rhythm))))
    return notes


def _vary(
    plan: SongPlan,
    sampler: MelodySampler,
    phrase: list[SampledNote],
    first_bar: int,
    length: int,
    voice: _Voice,
    kept: int,
    reshape: bool,
) -> list[SampledNote]:
    """A returning phrase developed: its first `kept` bars (the hook) as they were, the others with their
    rhythm and new pitches from the model, each bar starting on another chord tone (the third time, the bars
    between the opening and the cadence with their rhythm reshaped too: a long note split, or two 8ths
    joined)."""
    notes: list[SampledNote] = []
    rng = random.Random(int(sampler.rng.integers(2**32)))
    for j in range(length):
        bar_notes = [n for n in phrase if n.bar == j]
        if j == 1 < length - 1 and j >= kept and rng.random() < INVERSION_RATE:
            # The opening bar answered by its inversion, moved with the harmony.
            roots = (_bar_chords(plan, first_bar)[0].root, _bar_chords(plan, first_bar + 1)[0].root)
            idea = [n for n in notes if n.bar == 0]
            answer = _developed(plan, voice, idea, first_bar + 1, steps_between(*roots, plan.scale), True)
            if answer is not None:
                notes.extend(sampler.bar(j, _request(plan, first_bar + j, voice, rhythm=answer)))
                continue
        if j < kept:
            rhythm = tuple(ForcedNote(n.position, n.duration, pitch=n.pitch) for n in bar_notes)
        else:
            # The opening keeps its rhythm, so the phrase is recognised; the cadence keeps its own.
            vary = reshape and OPENING_BARS <= j < length - 1
            cells = _reshaped(bar_notes) if vary else [(n.position, n.duration) for n in bar_notes]
            chord = _bar_chords(plan, first_bar + j)[0]
            first = _allowed(plan, chord, voice, chord_tones=True)
            if bar_notes:  # another chord tone to start from, so the bar is heard anew
                first = first - {bar_notes[0].pitch} or first
            rhythm = tuple(
                ForcedNote(position, duration, first if k == 0 else frozenset())
                for k, (position, duration) in enumerate(cells)
            )
        notes.extend(sampler.bar(j, _request(plan, first_bar + j, voice, rhythm=rhythm)))
    return notes


def _developed(
    plan: SongPlan,
    voice: _Voice,
    idea: list[SampledNote],
    bar: int,
    steps: int,
    invert: bool = False,
) -> tuple[ForcedNote, ...] | None:
    """A bar's notes developed for another bar in their rhythm (inverted if asked, moved `steps` along
    the scale); None unless every note stays in the voice's range, the model's vocabulary and the scale
    over its chord, and the notes that carry the harmony (the first, and long notes on beats one and
    three) are tones of the chords under them."""
    if not idea:
        return None
    out = []
    pitches = developed([voice.midi(n.pitch) for n in idea], steps, plan.scale, invert)
    for note, midi in zip(idea, pitches, strict=True):
        chord = _bar_chords(plan, bar)[note.position // 8]
        carries = note is idea[0] or (note.position % 8 == 0 and note.duration >= 4)
        model = voice.model_pitch(midi)
        if not (voice.low <= midi <= voice.high and vocab.PITCH_LOW <= model <= vocab.PITCH_HIGH):
            return None
        if midi % 12 not in (chord.pitch_classes if carries else plan.melody_pitch_classes(chord)):
            return None
        out.append(ForcedNote(note.position, note.duration, pitch=model))
    return tuple(out)


def _reshaped(notes: list[SampledNote]) -> list[tuple[int, int]]:
    """A bar's rhythm varied: its longest even note of a quarter or more split in two (diminution), or
    else its last two 8ths on a beat joined into a quarter (augmentation)."""
    cells = [(n.position, n.duration) for n in notes]
    long = [c for c in cells if c[1] >= 4 and c[1] % 2 == 0]
    if long:
        position, duration = max(long, key=lambda c: (c[1], -c[0]))
        at = cells.index((position, duration))
        return [
            *cells[:at],
            (position, duration // 2),
            (position + duration // 2, duration // 2),
            *cells[at + 1 :],
        ]
    for at in range(len(cells) - 2, -1, -1):
        (p1, d1), (p2, d2) = cells[at], cells[at + 1]
        if p1 % 4 == 0 and d1 == d2 == 2 and p2 == p1 + 2:
            return [*cells[:at], (p1, 4), *cells[at + 2 :]]
    return cells


def _events(
    plan: SongPlan, section: Section, first_bar: int, notes: list[SampledNote], voice: _Voice, ends_song: bool
) -> list[NoteEvent]:
    events: list[NoteEvent] = []
    for note in notes:
        step = (first_bar + note.bar) * STEPS_PER_BAR + note.position
        start, duration = plan.span(step, note.duration)
        accent = 1.0 if note.position % 8 == 0 else 0.88
        velocity = plan.velocity(section.energy, accent, 60, 45)
        cut = 0 if ends_song and note is notes[-1] else 20 if note.duration < 8 else 30
        events.append(NoteEvent(start, max(1, duration - cut), voice.midi(note.pitch), velocity))
    return events
