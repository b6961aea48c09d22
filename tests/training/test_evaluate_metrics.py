"""training/evaluate.py: the melody features, the overlapping area and the n-gram baseline, on melodies whose
answers are known by construction."""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine.compose.model import vocab
from training.evaluate import (
    MOTIONS,
    KneserNey,
    Melody,
    groove_consistency,
    histogram_overlap,
    interval_histogram,
    model_scores,
    motion,
    overlap_area,
    pitch_class_entropy,
    pitch_class_histogram,
    scale_consistency,
    section_self_similarity,
    strong_beat_chord_tones,
)

C_MAJOR = frozenset({0, 4, 7})
SCALE = [0, 2, 4, 5, 7, 9, 11, 12]


def _melody(pitches: list[int], step: int = 4, chord: frozenset[int] = C_MAJOR) -> Melody:
    return Melody([(i * step, p, chord) for i, p in enumerate(pitches)], 16)


def test_pitch_class_histogram_and_entropy_of_a_major_scale() -> None:
    histogram = pitch_class_histogram(_melody(SCALE))
    assert histogram.sum() == pytest.approx(1.0)
    assert histogram[0] == pytest.approx(2 / 8)  # C twice (0 and 12)
    assert np.count_nonzero(histogram) == 7
    assert pitch_class_entropy(_melody([0, 0, 0, 0])) == 0.0
    assert pitch_class_entropy(_melody(list(range(12)))) == pytest.approx(math.log2(12))


def test_interval_histogram_clips_leaps_to_an_octave() -> None:
    histogram = interval_histogram(_melody([0, 2, 0, 19]))  # +2, -2, +19 (counted as +12)
    assert histogram[12 + 2] == pytest.approx(1 / 3)
    assert histogram[12 - 2] == pytest.approx(1 / 3)
    assert histogram[24] == pytest.approx(1 / 3)


def test_scale_consistency() -> None:
    assert scale_consistency(_melody(SCALE)) == 1.0
    assert scale_consistency(_melody([0, 1, 2, 3, 4, 5, 6, 7])) < 1.0
    assert scale_consistency(_melody([*SCALE[:7], 6])) == pytest.approx(7 / 8)  # F# is outside C major...
    assert scale_consistency(_melody([7, 9, 11, 0, 2, 4, 6])) == 1.0  # ...but inside G major


def test_strong_beat_chord_tones_counts_beats_one_and_three_only() -> None:
    # 16ths 0 and 8 are beats 1 and 3: C and E are chord tones, D (16th 4) and F (12) are not counted.
    assert strong_beat_chord_tones(_melody([0, 2, 4, 5])) == 1.0
    assert strong_beat_chord_tones(_melody([2, 0, 5, 0])) == 0.0
    assert strong_beat_chord_tones(_melody([0, 2, 5, 0])) == 0.5


def test_groove_consistency_of_repeated_and_changing_rhythms() -> None:
    same = Melody([(bar * 16 + pos, 0, C_MAJOR) for bar in range(4) for pos in (0, 4, 8, 12)], 16)
    assert groove_consistency(same) == 1.0
    # Bars alternate between onsets {0, 8} and {0, 4}: 2 of 16 positions differ between neighbours.
    onsets = [(bar * 16 + pos, 0, C_MAJOR) for bar in range(4) for pos in (0, 8 if bar % 2 else 4)]
    alternating = Melody(onsets, 16)
    assert groove_consistency(alternating) == pytest.approx(1 - 2 / 16)
    assert math.isnan(groove_consistency(_melody([0, 2])))


def test_section_self_similarity_sees_returning_phrases() -> None:
    phrase = [(s, p) for s, p in zip(range(0, 64, 8), SCALE, strict=True)]
    repeated = Melody([(offset + s, p, C_MAJOR) for offset in (0, 64) for s, p in phrase], 16)
    assert section_self_similarity(repeated) == 1.0
    other = [(s, p + 1) for s, p in phrase]
    different = Melody([(s, p, C_MAJOR) for s, p in phrase] + [(64 + s, p, C_MAJOR) for s, p in other], 16)
    assert section_self_similarity(different) == 0.0


def test_overlap_area_of_same_and_of_disjoint_distributions() -> None:
    rng = np.random.default_rng(0)
    a, b = rng.normal(0, 1, 400), rng.normal(0, 1, 400)
    assert overlap_area(a, b) > 0.9
    assert overlap_area(a, b + 20) < 0.01
    assert 0.2 < overlap_area(a, b + 1.5) < 0.6  # two unit normals 1.5 sigma apart overlap by ~0.45


def test_histogram_overlap_tells_a_like_set_from_an_unlike_one() -> None:
    rng = np.random.default_rng(1)

    def scale_tunes(count: int, scale: list[int]) -> list[np.ndarray]:
        return [pitch_class_histogram(_melody(list(rng.choice(scale, 24)))) for _ in range(count)]

    corpus, like = scale_tunes(60, SCALE), scale_tunes(60, SCALE)
    chromatic = scale_tunes(60, [1, 3, 6, 8, 10])
    assert histogram_overlap(corpus, like) > 0.85
    assert histogram_overlap(corpus, chromatic) < 0.1


def test_kneser_ney_is_a_distribution_that_prefers_what_it_saw() -> None:
    # Token 0 and 1 are the conditioning prefix; the sequences then alternate 5 6 5 6 ...
    model = KneserNey(order=4, vocab_size=10)
    model.fit([np.array([0, 1, 5, 6, 5, 6, 5, 6, 5, 6]), np.array([0, 1, 5, 6, 7, 5, 6, 5])])
    history = (6, 5, 6)
    assert sum(model.prob(history, t) for t in range(10)) == pytest.approx(1.0)
    assert model.prob(history, 5) > 0.5
    assert 0 < model.prob(history, 9) < model.prob(history, 7)  # unseen, but smoothed
    total, count = model.nll([np.array([0, 1, 5, 6, 5, 6])])
    assert count == 4 and total / count < model.nll([np.array([0, 1, 9, 8, 9, 8])])[0] / 4


def test_motion_kinds_of_intervals() -> None:
    kinds = motion(np.array([0, 1, -2, 3, -4, 5, -12]))
    assert [MOTIONS[k] for k in kinds] == ["repeat", "step", "step", "third", "third", "leap", "leap"]


def test_model_scores_count_the_tunes_motion_and_the_models_probabilities() -> None:
    notes = [(0, 0), (4, 2), (8, 2), (12, 9)]  # step, repeat, leap
    piece = [vocab.mode_token("major"), vocab.meter_token("4/4"), vocab.BAR]
    for position, pitch in notes:
        piece += [vocab.pos_token(position)]
        piece += [vocab.chord_token(0, "maj")] if position == 0 else []
        piece += [vocab.pitch_token(pitch), vocab.dur_token(4)]
    scores = model_scores([np.array(piece, dtype=np.int64)])
    assert scores.actual.tolist() == [1, 1, 0, 1]
    assert scores.expected.sum() == pytest.approx(3.0)  # one distribution per scored pitch
    assert scores.count == len(piece) - 2  # every token after the prefix
    assert 0 < scores.nll / scores.count < 5
