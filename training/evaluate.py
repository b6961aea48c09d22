"""Evaluate the exported melody model: held-out NLL against a 4-gram baseline, melodies against the corpus.

Run with `nice -n 19 python -m training.evaluate`. Uses the numpy model the engine ships (no PyTorch).
Prints a table; `--json PATH` also writes the figures.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import random
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.stats import gaussian_kde

from engine.compose import compose
from engine.compose.genres import MINOR_FAMILY
from engine.compose.model import vocab
from engine.compose.model.sampler import BarRequest, Controls, MelodySampler
from engine.compose.model.transformer import melody_model
from engine.instruments import Role
from engine.spec import GENRES, MOODS, InstrumentPart, SongSpec
from engine.theory import MODES, TONICS
from training.dataset import Split, chunks

ORDER = 4


# --- NLL: the model and an interpolated Kneser-Ney 4-gram on the same chunks -------------------------


class KneserNey:
    """Interpolated Kneser-Ney n-gram over token ids; the first two tokens of a chunk are conditioning."""

    def __init__(self, order: int, vocab_size: int, discount: float = 0.75) -> None:
        self.order, self.vocab_size, self.discount = order, vocab_size, discount
        self.counts: list[dict[tuple[int, ...], Counter[int]]] = [defaultdict(Counter) for _ in range(order)]

    def fit(self, sequences: Iterable[np.ndarray]) -> None:
        highest = self.counts[self.order - 1]
        for seq in sequences:
            tokens = [int(t) for t in seq]
            for i in range(2, len(tokens)):
                history = tuple(tokens[max(0, i - self.order + 1) : i])
                highest_or_short = self.counts[len(history)] if len(history) < self.order - 1 else highest
                highest_or_short[history][tokens[i]] += 1
        # Lower orders count continuations: in how many distinct contexts a (shorter history, token) appears.
        for n in range(self.order - 1, 0, -1):
            for history, following in list(self.counts[n].items()):
                for token in following:
                    self.counts[n - 1][history[1:]][token] += 1
        self.totals = [{h: sum(c.values()) for h, c in table.items()} for table in self.counts]

    def prob(self, history: tuple[int, ...], token: int) -> float:
        if not history:
            following = self.counts[0].get((), Counter())
            total = self.totals[0].get((), 0)
            lower = 1.0 / self.vocab_size
        else:
            following = self.counts[len(history)].get(history, Counter())
            total = self.totals[len(history)].get(history, 0)
            lower = self.prob(history[1:], token)
        if total == 0:
            return lower
        d = self.discount
        return max(following.get(token, 0) - d, 0.0) / total + d * len(following) / total * lower

    def nll(self, sequences: Iterable[np.ndarray]) -> tuple[float, int]:
        total, count = 0.0, 0
        for seq in sequences:
            tokens = [int(t) for t in seq]
            for i in range(2, len(tokens)):
                history = tuple(tokens[max(0, i - self.order + 1) : i])
                total -= math.log(self.prob(history, tokens[i]))
                count += 1
        return total, count


MOTIONS = ("repeat", "step", "third", "leap")  # |interval|: 0, 1-2, 3-4, over 4 semitones
_PITCHES = np.arange(vocab.PITCH0, vocab.PITCH0 + vocab.PITCH_HIGH - vocab.PITCH_LOW + 1)


def motion(semitones: np.ndarray) -> np.ndarray:
    """The index into MOTIONS of each interval."""
    return np.digitize(np.abs(semitones), [1, 3, 5])


@dataclass
class ModelScores:
    """Teacher-forced scores of the model on held-out pieces.

    `nll` and `count`: summed NLL (nats) over the scored tokens. `expected` and `actual`: at every pitch
    token that has a pitch before it in its piece, the model's probability of each kind of motion from
    that pitch (its pitch logits alone, softmaxed) and the kind the tune takes, both summed. A model that
    has learned how melodies move puts as much probability on steps as the tunes take steps."""

    nll: float = 0.0
    count: int = 0
    expected: np.ndarray = field(default_factory=lambda: np.zeros(len(MOTIONS)))
    actual: np.ndarray = field(default_factory=lambda: np.zeros(len(MOTIONS)))


def model_scores(pieces: Sequence[np.ndarray]) -> ModelScores:
    model = melody_model()
    scores = ModelScores()
    kinds = motion(_PITCHES[None, :] - _PITCHES[:, None])  # [previous pitch, next pitch] -> motion
    for piece in pieces:
        logits = model.logits(piece[:-1]).astype(np.float64)
        logits -= logits.max(axis=1, keepdims=True)
        log_probs = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
        targets = piece[1:]
        scores.nll -= float(log_probs[np.arange(1, len(targets)), targets[1:]].sum())
        scores.count += len(targets) - 1
        where = [i for i in range(2, len(piece)) if vocab.is_pitch(int(piece[i]))]
        for before, i in itertools.pairwise(where):
            pitch = np.exp(log_probs[i - 1, _PITCHES])
            row = kinds[int(piece[before]) - vocab.PITCH0]
            scores.expected += np.bincount(row, weights=pitch / pitch.sum(), minlength=len(MOTIONS))
            scores.actual[row[int(piece[i]) - vocab.PITCH0]] += 1
    return scores


# --- melodies as notes --------------------------------------------------------------------------


@dataclass
class Melody:
    """A melody in the model's terms: (onset in 16ths, pitch above the tonic, chord pcs above the tonic)."""

    notes: list[tuple[int, int, frozenset[int]]]
    bar_steps: int


def decode(tune: np.ndarray) -> Melody:
    meter = vocab.TOKENS[int(tune[1])].removeprefix("METER_")
    steps = vocab.METERS[meter]
    bar, position, chord = -1, 0, frozenset[int]()
    notes: list[tuple[int, int, frozenset[int]]] = []
    for token in (int(t) for t in tune[2:]):
        if token == vocab.BAR:
            bar += 1
        elif vocab.is_pos(token):
            position = token - vocab.POS0
        elif vocab.is_chord(token):
            chord = _chord_pcs(token)
        elif vocab.is_pitch(token):
            notes.append((bar * steps + position, token - vocab.PITCH0 + vocab.PITCH_LOW, chord))
    return Melody(notes, steps)


def song_lead(spec: SongSpec) -> Melody:
    score = compose(spec)
    lead = next(t for t in score.tracks if t.role is Role.LEAD)
    tonic = TONICS.index(spec.key)
    notes = []
    for note in lead.notes:
        step = round(note.start / 120)
        chord = next(c for c in score.chords if c.start <= note.start < c.start + c.duration)
        pcs = frozenset((pc - tonic) % 12 for pc in chord.pitch_classes)
        notes.append((step, note.pitch - tonic - 60, pcs))
    return Melody(notes, 16)


def random_spec(rng: random.Random, modes: Sequence[str]) -> SongSpec:
    mode = rng.choice(sorted(modes))
    return SongSpec(
        genre=rng.choice(GENRES),
        mood=rng.choice(MOODS),
        tempo=rng.randint(70, 160),
        key=rng.choice(TONICS),
        mode=mode,
        instruments=(
            InstrumentPart(instrument=rng.choice(("flute", "violin", "trumpet", "clarinet", "oboe"))),
        ),
        length_bars=rng.choice((16, 24, 32)),
        seed=rng.randint(0, 10**6),
    )


def free_samples(tunes: Sequence[np.ndarray], count: int, seed: int) -> list[Melody]:
    """The model alone: 8 bars sampled over a held-out tune's chords and meter, any pitch in its range."""
    model = melody_model()
    out = []
    pitches = frozenset(range(-5, 20))
    for index, tune in enumerate(tunes[:count]):
        meter = vocab.TOKENS[int(tune[1])].removeprefix("METER_")
        if meter != "4/4":
            continue
        mode = vocab.TOKENS[int(tune[0])].removeprefix("MODE_")
        sampler = MelodySampler(model, mode, np.random.default_rng(seed + index), Controls())
        bar_chords = _bar_chords(tune)
        notes = []
        for bar, chords in enumerate(bar_chords[:8]):
            notes += sampler.bar(bar, BarRequest(chords=chords, pitches=(pitches, pitches), min_notes=1))
        out.append(
            Melody(
                [
                    (n.bar * 16 + n.position, n.pitch, _chord_pcs(bar_chords[n.bar][n.position // 8]))
                    for n in notes
                ],
                16,
            )
        )
    return out


def _bar_chords(tune: np.ndarray) -> list[tuple[int, int]]:
    """Each bar's (first half, second half) chord tokens, carried over where a bar states none."""
    bars: list[list[tuple[int, int]]] = []
    position = 0
    for token in (int(t) for t in tune[2:]):
        if token == vocab.BAR:
            bars.append([])
        elif vocab.is_pos(token):
            position = token - vocab.POS0
        elif vocab.is_chord(token) and bars:
            bars[-1].append((position, token))
    out: list[tuple[int, int]] = []
    active = vocab.chord_token(0, "maj")
    for changes in bars:
        first = next((c for p, c in changes if p < 8), active)
        second = next((c for p, c in reversed(changes) if p >= 8), changes[-1][1] if changes else first)
        out.append((first, second))
        active = second
    return out


def _chord_pcs(token: int) -> frozenset[int]:
    root, quality = divmod(token - vocab.CHORD0, len(vocab.CHORD_QUALITIES))
    return frozenset((root + i) % 12 for i in vocab.TRIAD_SHAPES[vocab.CHORD_QUALITIES[quality]])


# --- features (per melody) ----------------------------------------------------------------------


def pitch_class_histogram(m: Melody) -> np.ndarray:
    h = np.bincount([p % 12 for _, p, _ in m.notes], minlength=12).astype(float)
    return h / max(1.0, h.sum())


def interval_histogram(m: Melody) -> np.ndarray:
    steps = [max(-12, min(12, b[1] - a[1])) + 12 for a, b in itertools.pairwise(m.notes)]
    h = np.bincount(steps, minlength=25).astype(float)
    return h / max(1.0, h.sum())


def pitch_class_entropy(m: Melody) -> float:
    h = pitch_class_histogram(m)
    h = h[h > 0]
    return float(-(h * np.log2(h)).sum())


def scale_consistency(m: Melody) -> float:
    """Share of notes in the best-fitting major or minor scale (any tonic)."""
    pcs = [p % 12 for _, p, _ in m.notes]
    best = 0.0
    for tonic in range(12):
        for mode in ("major", "minor"):
            scale = {(tonic + s) % 12 for s in MODES[mode]}
            best = max(best, sum(pc in scale for pc in pcs) / max(1, len(pcs)))
    return best


def strong_beat_chord_tones(m: Melody) -> float:
    strong = [(p, c) for s, p, c in m.notes if s % m.bar_steps in (0, m.bar_steps // 2) and c]
    return sum(p % 12 in c for p, c in strong) / max(1, len(strong))


def groove_consistency(m: Melody) -> float:
    """1 - mean Hamming distance between onset patterns of consecutive bars with notes (Wu & Yang 2020)."""
    bars: dict[int, set[int]] = defaultdict(set)
    for s, _, _ in m.notes:
        bars[s // m.bar_steps].add(s % m.bar_steps)
    keys = sorted(bars)
    pairs = [(bars[a], bars[b]) for a, b in itertools.pairwise(keys) if b == a + 1]
    if not pairs:
        return float("nan")
    return 1.0 - float(np.mean([len(a ^ b) / m.bar_steps for a, b in pairs]))


def section_self_similarity(m: Melody, phrase_bars: int = 4) -> float:
    """How much of the melody's material returns: the melody cut into 4-bar phrases, each phrase's best
    match among the others (Jaccard similarity of its (onset within the phrase, pitch) pairs), averaged.
    1: every phrase recurs verbatim; 0: nothing comes back."""
    span = phrase_bars * m.bar_steps
    phrases: dict[int, set[tuple[int, int]]] = defaultdict(set)
    for step, pitch, _ in m.notes:
        phrases[step // span].add((step % span, pitch))
    found = [phrases[k] for k in sorted(phrases) if phrases[k]]
    if len(found) < 2:
        return float("nan")
    best = [max(len(a & b) / len(a | b) for j, b in enumerate(found) if j != i) for i, a in enumerate(found)]
    return float(np.mean(best))


# --- overlapping area (Yang & Lerch 2020) ---------------------------------------------------------


def overlap_area(a: np.ndarray, b: np.ndarray) -> float:
    a, b = a[np.isfinite(a)], b[np.isfinite(b)]
    if np.ptp(np.concatenate([a, b])) == 0:
        return 1.0
    low, high = min(a.min(), b.min()), max(a.max(), b.max())
    pad = 0.1 * (high - low)
    grid = np.linspace(low - pad, high + pad, 1000)
    pa, pb = _kde(a)(grid), _kde(b)(grid)
    return float(np.trapezoid(np.minimum(pa, pb), grid))


def _kde(values: np.ndarray) -> gaussian_kde:
    if np.ptp(values) == 0:
        values = values + np.random.default_rng(0).normal(0, 1e-3, len(values))
    return gaussian_kde(values)


def histogram_overlap(real: list[np.ndarray], generated: list[np.ndarray]) -> float:
    """OA of the intra-set distances of the corpus and the inter-set distances corpus-generated."""
    r, g = np.stack(real), np.stack(generated)
    intra = np.linalg.norm(r[:, None] - r[None], axis=-1)[np.triu_indices(len(r), 1)]
    inter = np.linalg.norm(r[:, None] - g[None], axis=-1).ravel()
    return overlap_area(intra, inter)


def _mode_matched_overlap(
    held_out: Sequence[Melody], modes: Sequence[str], songs: Sequence[Melody], specs: Sequence[SongSpec]
) -> float:
    """Pitch-class histogram OA with each song compared only with held-out tunes of its mode family
    (major, Lydian, Mixolydian with the major tunes; the other modes with the minor ones), averaged over
    the families weighted by their song counts. The training corpus is 88 % major, so the plain OA
    largely measures how major a song is."""
    total, weight = 0.0, 0
    for family in ("major", "minor"):
        real = [
            pitch_class_histogram(m)
            for m, mode in zip(held_out, modes, strict=True)
            if mode == f"MODE_{family}"
        ]
        mine = [
            pitch_class_histogram(m)
            for m, spec in zip(songs, specs, strict=True)
            if (spec.mode in MINOR_FAMILY) == (family == "minor")
        ]
        if len(real) >= 2 and mine:
            total += len(mine) * histogram_overlap(real, mine)
            weight += len(mine)
    return total / max(1, weight)


def _mode_mix_control(spare: Sequence[np.ndarray], specs: Sequence[SongSpec]) -> list[Melody]:
    """Real held-out tunes (none of them in the reference) in the songs' mix of mode families: one minor
    tune per song in a minor-family mode, one major tune per other song, drawn with a fixed seed (with
    replacement: the test split has few minor tunes). Their plain pitch-class OA is what a set of real
    melodies with the songs' modes scores, the bar the plain figure can be read against."""
    rng = random.Random(2022)
    by_family: dict[str, list[np.ndarray]] = {"major": [], "minor": []}
    for tune in spare:
        by_family[vocab.TOKENS[int(tune[0])].removeprefix("MODE_")].append(tune)
    return [decode(rng.choice(by_family["minor" if s.mode in MINOR_FAMILY else "major"])) for s in specs]


# --- the report ---------------------------------------------------------------------------------


def _nll(pieces: dict[str, list[np.ndarray]]) -> dict[str, float]:
    """Test NLL of the 4-gram (discount tuned on valid) and of the model, nats per token."""
    out: dict[str, float] = {}
    best = None
    for discount in (0.6, 0.75, 0.9):
        kn = KneserNey(ORDER, len(vocab.TOKENS), discount)
        if best is None:
            kn.fit(pieces["train"])
            fitted = kn
        else:
            kn.counts, kn.totals = fitted.counts, fitted.totals
        total, count = kn.nll(pieces["valid"])
        if best is None or total / count < best[0]:
            best = (total / count, discount)
    assert best is not None
    kn = KneserNey(ORDER, len(vocab.TOKENS), best[1])
    kn.counts, kn.totals = fitted.counts, fitted.totals
    total, count = kn.nll(pieces["test"])
    out["kn4_discount"] = best[1]
    out["kn4_nll"] = total / count
    scores = model_scores(pieces["test"])
    out["model_nll"] = scores.nll / scores.count
    out["nll_reduction"] = 1 - out["model_nll"] / out["kn4_nll"]
    for name, expected, actual in zip(MOTIONS, scores.expected, scores.actual, strict=True):
        out[f"motion_{name}_model"] = expected / scores.actual.sum()
        out[f"motion_{name}_tunes"] = actual / scores.actual.sum()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--songs", type=int, default=100)
    parser.add_argument("--tunes", type=int, default=200, help="held-out tunes compared with the songs")
    parser.add_argument("--json", default="")
    parser.add_argument("--modes", default=",".join(MODES), help="modes of the random specs")
    parser.add_argument("--no-nll", action="store_true", help="only the melody statistics")
    parser.add_argument("--seed", type=int, default=2020, help="which draw of random specs")
    args = parser.parse_args()
    started = time.time()
    model = melody_model()
    train, valid, test = Split.load("train"), Split.load("valid"), Split.load("test")
    pieces = {
        name: [c for t in s.tunes for c in chunks(t, model.context)]
        for name, s in (("train", train), ("valid", valid), ("test", test))
    }
    results: dict[str, object] = {"test_tokens": sum(len(p) - 2 for p in pieces["test"])}
    if not args.no_nll:
        results.update(_nll(pieces))
        print(f"NLL done in {time.time() - started:.0f} s", flush=True)
    # The reference: a seeded sample of the test tunes (the split is sorted by id, hence by collection).
    order = random.Random(2021).sample(range(len(test.tunes)), len(test.tunes))
    reference = [test.tunes[i] for i in order[: args.tunes]]
    spare = [test.tunes[i] for i in order[args.tunes :]]
    held_out = [decode(t) for t in reference]
    rng = random.Random(args.seed)
    specs = [random_spec(rng, args.modes.split(",")) for _ in range(args.songs)]
    songs = [song_lead(spec) for spec in specs]
    free = free_samples(reference, args.tunes, seed=7)
    sets = {"corpus (held-out)": held_out, "composer lead": songs, "model alone": free}
    scalar = {
        "pitch-class entropy": pitch_class_entropy,
        "scale consistency": scale_consistency,
        "strong-beat chord tones": strong_beat_chord_tones,
        "groove consistency": groove_consistency,
        "section self-similarity": section_self_similarity,
    }
    table: dict[str, dict[str, float]] = {}
    for name, feature in scalar.items():
        values = {label: np.array([feature(m) for m in melodies]) for label, melodies in sets.items()}
        row = {label: float(np.nanmean(v)) for label, v in values.items()}
        for label in ("composer lead", "model alone"):
            row[f"OA {label}"] = overlap_area(values["corpus (held-out)"], values[label])
        table[name] = row
    for name, feature in (
        ("pitch-class histogram", pitch_class_histogram),
        ("interval histogram", interval_histogram),
    ):
        real = [feature(m) for m in held_out]
        table[name] = {
            f"OA {label}": histogram_overlap(real, [feature(m) for m in sets[label]])
            for label in ("composer lead", "model alone")
        }
    table["pitch-class histogram, mode-matched"] = {
        "OA composer lead": _mode_matched_overlap(
            held_out, [vocab.TOKENS[int(t[0])] for t in reference], songs, specs
        )
    }
    table["pitch-class histogram, control"] = {
        "OA real tunes": histogram_overlap(
            [pitch_class_histogram(m) for m in held_out],
            [pitch_class_histogram(m) for m in _mode_mix_control(spare, specs)],
        )
    }
    results["features"] = table
    results["counts"] = {label: len(m) for label, m in sets.items()}
    results["seconds"] = round(time.time() - started)
    _print(results)
    if args.json:
        with open(args.json, "w") as handle:
            json.dump(results, handle, indent=2)


def _print(results: dict[str, object]) -> None:
    if "kn4_nll" in results:
        print(f"\nHeld-out NLL (nats/token, {results['test_tokens']:,} test tokens)")
        kn4, model = float(results["kn4_nll"]), float(results["model_nll"])  # type: ignore[arg-type]
        print(f"  4-gram Kneser-Ney (D={results['kn4_discount']}): {kn4:.4f}  ppl {math.exp(kn4):.2f}")
        print(f"  transformer:                   {model:.4f}  ppl {math.exp(model):.2f}")
        print(f"  reduction: {100 * results['nll_reduction']:.1f} %")  # type: ignore[operator]
        print("  motion from the previous pitch, teacher-forced (model's probability / the tunes' share):")
        print(
            "    "
            + "  ".join(
                f"{m} {results[f'motion_{m}_model']:.3f} / {results[f'motion_{m}_tunes']:.3f}"
                for m in MOTIONS
            )
        )
    print(f"\nMelody features ({results['counts']})")
    features: dict[str, dict[str, float]] = results["features"]  # type: ignore[assignment]
    columns = sorted({c for row in features.values() for c in row}, key=lambda c: (c.startswith("OA"), c))
    print(f"  {'feature':26}" + "".join(f"{c:>22}" for c in columns))
    for name, row in features.items():
        print(f"  {name:26}" + "".join(f"{row[c]:>22.3f}" if c in row else f"{'':>22}" for c in columns))


if __name__ == "__main__":
    main()
