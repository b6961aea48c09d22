"""engine/compose/parts/development.py: motifs moved along the scale and mirrored."""

from __future__ import annotations

from engine.compose.parts.development import developed, inversion, sequence, steps_between

C_MAJOR = (0, 2, 4, 5, 7, 9, 11)
A_MINOR = (9, 11, 0, 2, 4, 5, 7)


def test_a_sequence_moves_every_note_the_same_number_of_scale_steps() -> None:
    assert sequence([60, 64, 67], 1, C_MAJOR) == [62, 65, 69]  # C E G -> D F A
    assert sequence([60, 64, 67], -3, C_MAJOR) == [55, 59, 62]  # -> G B D, below
    assert sequence([69, 72, 76], 2, A_MINOR) == [72, 76, 79]  # A C E -> C E G


def test_an_inversion_mirrors_each_step_around_the_first_note() -> None:
    assert inversion([60, 62, 64, 67], C_MAJOR) == [60, 59, 57, 53]  # up a step, a third, a fifth: down
    assert inversion([], C_MAJOR) == []
    assert developed([60, 62, 64], 3, C_MAJOR, invert=True) == [65, 64, 62]  # mirrored, then up a fourth


def test_roots_are_the_nearer_way_round_in_scale_steps() -> None:
    assert steps_between(0, 5, C_MAJOR) == 3  # I -> IV: up a fourth
    assert steps_between(0, 7, C_MAJOR) == -3  # I -> V: down a fourth
    assert steps_between(0, 9, C_MAJOR) == -2  # I -> vi
    assert steps_between(9, 2, A_MINOR) == 3  # i -> iv


def test_a_tone_off_the_scale_counts_as_the_scale_tone_below_it() -> None:
    assert sequence([63], 1, C_MAJOR) == [64]  # a blue third (D#) as D, moved up to E
