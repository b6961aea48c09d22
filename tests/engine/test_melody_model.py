"""The melody model at serve time: numpy forward pass, seeded constrained sampling, learned harmony."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest

from engine.compose import allowed_pitch_classes, compose
from engine.compose.genres import genre_profile
from engine.compose.harmony import choose_progressions, learned_transitions, scale_set
from engine.compose.model import vocab
from engine.compose.model.sampler import (
    BarRequest,
    Controls,
    ForcedNote,
    MelodySampler,
    PitchUsage,
    SampledNote,
)
from engine.compose.model.transformer import WEIGHTS, MelodyModel, melody_model
from engine.compose.moods import mood_profile
from engine.instruments import Role, instrument
from engine.spec import InstrumentPart, SongSpec

CHORDS = [(0, "maj"), (5, "maj"), (7, "maj"), (9, "min"), (2, "min"), (7, "maj"), (0, "maj"), (0, "maj")]


def _requests(pitches: frozenset[int]) -> list[BarRequest]:
    out = []
    for (root, quality), (root2, quality2) in zip(CHORDS, CHORDS[1:] + CHORDS[:1], strict=True):
        chords = (vocab.chord_token(root, quality), vocab.chord_token(root2, quality2))
        out.append(BarRequest(chords=chords, pitches=(pitches, pitches), min_notes=1))
    return out


def _sample(
    seed: int, pitches: frozenset[int], controls: Controls | None = None
) -> tuple[list[SampledNote], MelodySampler]:
    sampler = MelodySampler(melody_model(), "major", np.random.default_rng(seed), controls or Controls())
    notes: list[SampledNote] = []
    for bar, request in enumerate(_requests(pitches)):
        notes += sampler.bar(bar, request)
    return notes, sampler


C_MAJOR = frozenset(p for p in range(-5, 17) if p % 12 in (0, 2, 4, 5, 7, 9, 11))


def test_numpy_forward_reproduces_the_torch_logits_stored_at_export() -> None:
    model = melody_model()
    assert len(model.reference_tokens) >= 16
    np.testing.assert_allclose(model.logits(model.reference_tokens), model.reference_logits, atol=1e-3)


def test_the_key_value_cache_gives_the_same_logits_token_by_token() -> None:
    model = melody_model()
    tokens = model.reference_tokens
    state = model.start()
    rows = [state.feed(tokens[:5].astype(np.int64))]
    rows += [state.step(int(t))[None] for t in tokens[5:]]
    np.testing.assert_allclose(np.concatenate(rows), model.reference_logits, atol=1e-3)


def test_the_weights_are_small_and_match_the_vocabulary() -> None:
    model = MelodyModel.load(WEIGHTS)
    parameters = (
        model.wte.size
        + model.wpe.size
        + sum(sum(getattr(layer, f).size for f in layer.__dataclass_fields__) for layer in model.layers)
    )
    assert parameters * 4 <= 20 * 2**20
    assert model.wte.shape[0] == len(vocab.TOKENS)


def test_sampling_is_deterministic_per_seed_and_differs_across_seeds() -> None:
    first, _ = _sample(1, C_MAJOR)
    again, _ = _sample(1, C_MAJOR)
    other, _ = _sample(2, C_MAJOR)
    assert first == again
    assert first != other


@pytest.mark.parametrize("seed", [3, 4])
def test_sampled_notes_keep_the_constraints_and_the_grammar(seed: int) -> None:
    pitches = frozenset(p for p in range(0, 13) if p % 12 in (0, 2, 4, 7, 9))  # a pentatonic octave
    notes, sampler = _sample(seed, pitches, Controls(sixteenths=False))
    assert notes
    assert {n.pitch for n in notes} <= pitches
    for bar, group in itertools.groupby(notes, key=lambda n: n.bar):
        placed = list(group)
        assert placed, bar
        for a, b in itertools.pairwise(placed):
            assert a.position + a.duration <= b.position  # one line, no overlaps
        for n in placed:
            assert n.position >= 0 and n.position + n.duration <= 16
            assert n.position % 2 == 0 and n.duration % 2 == 0  # 8th grid when 16ths are off
    # The history holds each bar's forced chords ahead of its first note, in grammar order.
    requests = _requests(pitches)
    bars = [b for b in sampler.history if b and b[0] == vocab.BAR]
    assert len(bars) == len(requests)
    for tokens, request in zip(bars, requests, strict=True):
        kinds = [
            "P"
            if vocab.is_pos(t)
            else "C"
            if vocab.is_chord(t)
            else "N"
            if vocab.is_pitch(t)
            else "D"
            if vocab.is_dur(t)
            else "?"
            for t in tokens[1:]
        ]
        assert "".join(kinds).replace("PCND", "x").replace("PND", "x").strip("x") == ""
        chords = [t for t in tokens if vocab.is_chord(t)]
        assert chords and set(chords) <= set(request.chords)


def test_a_forced_rhythm_is_kept_and_only_pitches_are_sampled() -> None:
    rhythm = (ForcedNote(0, 4), ForcedNote(4, 2), ForcedNote(6, 2), ForcedNote(8, 8, frozenset({0, 12})))
    sampler = MelodySampler(melody_model(), "minor", np.random.default_rng(5), Controls())
    chords = (vocab.chord_token(0, "min"), vocab.chord_token(7, "maj"))
    notes = sampler.bar(0, BarRequest(chords=chords, pitches=(C_MAJOR, C_MAJOR), rhythm=rhythm))
    assert [(n.position, n.duration) for n in notes] == [(r.position, r.duration) for r in rhythm]
    assert notes[-1].pitch in (0, 12)


def test_density_control_shortens_or_lengthens_the_notes() -> None:
    busy = [n.duration for seed in (1, 2, 3) for n in _sample(seed, C_MAJOR, Controls(density=1.5))[0]]
    calm = [n.duration for seed in (1, 2, 3) for n in _sample(seed, C_MAJOR, Controls(density=-1.5))[0]]
    assert np.mean(busy) < np.mean(calm)


def test_pitch_usage_penalises_a_degree_by_its_share_of_the_melody() -> None:
    usage = PitchUsage()
    assert not usage.penalty([0, 7, 12], 0.3).any()  # nothing sung yet: nothing penalised
    for pitch in (0, 2, 4, 5, 7, 9, 11) * 1000:  # the seven degrees, evenly: `variety` nats each
        usage.add(pitch)
    np.testing.assert_allclose(usage.penalty([0, 12, -1, 1], 0.3), [-0.3, -0.3, -0.3, 0.0], atol=1e-3)
    for _ in range(5000):  # the tonic now has half of the notes, the fifth 1/12
        usage.add(12)
    penalty = usage.penalty([0, 7], 0.3)
    np.testing.assert_allclose(penalty, [-0.3 * 7 / 2, -0.3 * 7 / 12], atol=1e-3)


def test_variety_steers_a_melody_off_the_degrees_it_has_leaned_on() -> None:
    def tonic_share(variety: float) -> float:
        pitches = []
        for seed in range(6):
            usage = PitchUsage()
            for _ in range(40):  # a melody so far that sat on its tonic
                usage.add(0)
            sampler = MelodySampler(
                melody_model(), "major", np.random.default_rng(seed), Controls(variety=variety), usage=usage
            )
            pitches += [n.pitch for bar, r in enumerate(_requests(C_MAJOR)) for n in sampler.bar(bar, r)]
        return sum(p % 12 == 0 for p in pitches) / len(pitches)

    plain, varied = tonic_share(0.0), tonic_share(0.3)
    assert varied < 0.75 * plain, (plain, varied)


def test_the_sampler_counts_every_note_it_writes_in_its_usage() -> None:
    notes, sampler = _sample(3, C_MAJOR)
    rhythm = (ForcedNote(0, 8, pitch=4), ForcedNote(8, 8))
    chords = (vocab.chord_token(0, "maj"), vocab.chord_token(7, "maj"))
    notes += sampler.bar(len(CHORDS), BarRequest(chords=chords, pitches=(C_MAJOR, C_MAJOR), rhythm=rhythm))
    expected = np.bincount([n.pitch % 12 for n in notes], minlength=12)
    np.testing.assert_array_equal(sampler.usage.counts, expected)


def test_classical_harmony_walks_the_learned_transitions() -> None:
    table = learned_transitions()["chorales"]["major"]
    profile, mood = genre_profile("classical"), mood_profile("calm")
    vocabulary = {p for p in profile.major_progressions}
    learned = 0
    for seed in range(8):
        chosen = choose_progressions(
            ["verse", "chorus", "bridge"],
            profile,
            mood,
            0,
            "major",
            scale_set(0, "major"),
            random.Random(seed),
        )
        for name in ("verse", "chorus", "bridge"):
            bars = [bar[0].split(":")[0] for bar in chosen[name]]
            if " ".join(bars) in vocabulary:
                continue
            learned += 1
            for a, b in itertools.pairwise(bars):
                assert b in table[a], (name, bars)
    assert learned >= 8  # most classical sections come from the learned chain (share 0.7)


def _rotations(progression: str) -> set[str]:
    bars = progression.split()
    return {" ".join(bars[i:] + bars[:i]) for i in range(len(bars))}


@pytest.mark.parametrize("seed", range(6))
def test_pop_keeps_its_own_idioms_and_its_moods(seed: int) -> None:
    # Pop learns nothing from a corpus: its themes are its own progressions or the mood's family,
    # the chorus heard from its tonic, a few bars reharmonised by a chord a third away.
    profile, mood = genre_profile("pop"), mood_profile("happy")
    chosen = choose_progressions(
        ["verse", "chorus"], profile, mood, 0, "major", scale_set(0, "major"), random.Random(seed)
    )
    idioms = set().union(*(_rotations(p) for p in (*profile.major_progressions, *mood.major_progressions)))
    for name in ("verse", "chorus"):
        # A chord borrowed from the parallel minor stands in for its own: bVII for V, bVI for vi, the
        # minor iv joining its IV.
        degrees = [
            {"~7": 5, "~6": 6}.get(t) or int(t.split(":")[0])
            for bar in chosen[name]
            for t in bar
            if t != "~4"
        ]
        assert any(_reharmonised(degrees, [int(d) for d in idiom.split()]) for idiom in idioms), degrees


def _reharmonised(degrees: list[int], idiom: list[int]) -> bool:
    """The same progression with at most a third of its chords swapped for one a third away."""
    if len(degrees) != len(idiom):
        return False
    swapped = [(a - b) % 7 for a, b in zip(degrees, idiom, strict=True) if a != b]
    return all(step in (2, 5) for step in swapped) and 3 * len(swapped) <= len(idiom)


@pytest.mark.parametrize(
    ("lead", "key", "mode", "genre"),
    [
        ("piccolo", "F#", "phrygian", "cinematic"),
        ("tuba", "Bb", "mixolydian", "folk"),
        ("trumpet", "C#", "harmonic_minor", "jazz"),
        ("ocarina", "G", "lydian", "ambient"),
    ],
)
def test_the_model_lead_stays_in_key_and_in_its_instruments_range(
    lead: str, key: str, mode: str, genre: str
) -> None:
    spec = SongSpec(
        genre=genre,
        mood="calm",
        tempo=100,
        key=key,
        mode=mode,
        instruments=(InstrumentPart(instrument=lead, role=Role.LEAD),),
        length_bars=24,
        seed=11,
    )
    track = compose(spec).tracks[0]
    inst = instrument(lead)
    allowed = allowed_pitch_classes(spec)
    assert len(track.notes) >= 24
    assert all(inst.low <= n.pitch <= inst.high for n in track.notes)
    assert all(n.pitch % 12 in allowed for n in track.notes)
