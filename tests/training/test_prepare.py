"""training/prepare.py: the fixed split and the deduplication of tunes across the corpora."""

from __future__ import annotations

from collections import Counter

from engine.compose.model import vocab
from training.prepare import Tune, deduplicate, melody_key, split_of


def _tune(tune_id: str, notes: list[tuple[int, int, int]], chord: tuple[int, str] = (0, "maj")) -> Tune:
    """A one-bar 4/4 tune of (position, pitch, duration) notes under one chord."""
    tokens = [vocab.mode_token("major"), vocab.meter_token("4/4"), vocab.BAR]
    for index, (position, pitch, duration) in enumerate(notes):
        tokens.append(vocab.pos_token(position))
        if index == 0:
            tokens.append(vocab.chord_token(*chord))
        tokens += [vocab.pitch_token(pitch), vocab.dur_token(duration)]
    bar_chords = [[f"{chord[0]}_{chord[1]}"]]
    return Tune(tune_id, tune_id.split("/")[0], "major", "4/4", [*tokens, vocab.END], bar_chords)


MELODY = [(0, 0, 4), (4, 2, 4), (8, 4, 4), (12, 5, 4)]


def test_melody_key_is_the_pitches_and_durations_only() -> None:
    a = _tune("essen/a", MELODY)
    shifted = _tune("oneills/b", [(p + 1 if p < 12 else p, n, d) for p, n, d in MELODY], chord=(7, "maj"))
    assert melody_key(a.tokens) == melody_key(shifted.tokens)  # other positions and chord, same melody
    assert len(melody_key(a.tokens)) == 2 * len(MELODY)
    changed = _tune("essen/c", [*MELODY[:3], (12, 7, 4)])
    assert melody_key(a.tokens) != melody_key(changed.tokens)


def test_deduplicate_keeps_the_first_copy_by_id_and_every_distinct_melody() -> None:
    copy_late = _tune("ryansMammoth/x/0/Tune", MELODY)
    copy_early = _tune("oneills1850/x/3/Tune", MELODY, chord=(5, "maj"))
    other = _tune("essenFolksong/y/0/Other", [*MELODY[:3], (12, 9, 4)])
    kept, dropped = deduplicate([copy_late, other, copy_early])
    assert dropped == 1
    assert [t.tune_id for t in kept] == ["essenFolksong/y/0/Other", "oneills1850/x/3/Tune"]


def test_deduplicated_copies_cannot_straddle_the_split() -> None:
    # Copies of one melody under ids that hash to different splits: one survives, so it is in one split.
    copies = [_tune(f"essenFolksong/f{i}/0/Same", MELODY) for i in range(40)]
    assert len({split_of(t.tune_id) for t in copies}) > 1
    kept, dropped = deduplicate(copies)
    assert (len(kept), dropped) == (1, 39)


def test_split_is_fixed_by_the_tune_id_in_ninety_five_five_proportions() -> None:
    ids = [f"essenFolksong/file{i}.abc/{i % 7}/Title {i}" for i in range(20_000)]
    assert [split_of(i) for i in ids[:50]] == [split_of(i) for i in ids[:50]]
    shares = Counter(split_of(i) for i in ids)
    assert abs(shares["train"] / len(ids) - 0.90) < 0.01
    assert abs(shares["valid"] / len(ids) - 0.05) < 0.006
    assert abs(shares["test"] / len(ids) - 0.05) < 0.006
