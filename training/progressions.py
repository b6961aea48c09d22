"""Count bar-to-bar chord transitions of the training split into engine/compose/model/progressions.json.

Run after prepare: `python -m training.progressions`. Chords are the composer's scale-degree tokens
(see engine/compose/genres.py): "1".."7" diatonic in the tune's mode, "5:maj" the harmonic-minor dominant.
The chorales' chords come from their four written voices, the folk tunes' from their melodies.
"""

from __future__ import annotations

import itertools
import json
from collections import Counter, defaultdict
from pathlib import Path

from training.dataset import DATA

OUT = Path(__file__).parent.parent / "engine" / "compose" / "model" / "progressions.json"
_SCALES = {"major": (0, 2, 4, 5, 7, 9, 11), "minor": (0, 2, 3, 5, 7, 8, 10)}
_MIN_COUNT = 3  # transitions seen fewer times are dropped as noise


def degree_token(chord: str, mode: str) -> str:
    """ "7_maj" in minor -> "5:maj"; "5_maj" in major -> "4"."""
    root_text, quality = chord.split("_")
    root = int(root_text)
    if mode == "minor" and ((root == 7 and quality == "maj") or (root == 11 and quality == "dim")):
        return "5:maj"  # the dominant (or its leading-tone chord) with the raised 7th
    scale = _SCALES[mode]
    if root in scale:
        return str(scale.index(root) + 1)
    return str(min(range(7), key=lambda i: abs(scale[i] - root)) + 1)


def main() -> None:
    tunes = json.loads((DATA / "chords.json").read_text())
    groups: dict[str, dict[str, dict[str, Counter[str]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(Counter))
    )
    for tune in tunes:
        if tune["split"] != "train":
            continue
        group = "chorales" if tune["source"] == "bach_chorales" else "folk"
        bars = [degree_token(bar[0], tune["mode"]) for bar in tune["bars"] if bar]
        table = groups[group][tune["mode"]]
        for a, b in itertools.pairwise(bars):
            table[a][b] += 1
        for a, b, c in zip(bars, bars[1:], bars[2:], strict=False):
            table[f"{a} {b}"][c] += 1
    out = {
        group: {
            mode: {
                context: dict(sorted((t, n) for t, n in following.items() if n >= _MIN_COUNT))
                for context, following in sorted(table.items())
                if sum(n for n in following.values() if n >= _MIN_COUNT)
            }
            for mode, table in sorted(modes.items())
        }
        for group, modes in sorted(groups.items())
    }
    OUT.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n")
    for group, modes in out.items():
        for mode, table in modes.items():
            print(group, mode, len(table), "contexts")


if __name__ == "__main__":
    main()
