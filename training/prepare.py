"""Parse music21's bundled corpora into tokenised melodies with inferred chords; split by tune.

Run with `python -m training.prepare` (niced: it parses ~11,000 tunes on every core it is given).
Writes training/data/{train,valid,test}.npz, training/data/chords.json (gitignored) and the committed
training/manifest.json of counts. See training/README.md for the choices made here.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import multiprocessing
import os
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from engine.compose.model import vocab

DATA = Path(__file__).parent / "data"
MANIFEST = Path(__file__).parent / "manifest.json"
SPLITS = ("train", "valid", "test")

# Meters kept (2/2 is read as 4/4: the same 16 sixteenths per bar).
_METER_ALIASES = {"2/4": "2/4", "3/4": "3/4", "4/4": "4/4", "6/8": "6/8", "2/2": "4/4"}
# Candidate chords per mode: (root above the tonic, quality, prior bonus).
_CANDIDATES: dict[str, tuple[tuple[int, str, float], ...]] = {
    "major": (
        (0, "maj", 0.30),
        (2, "min", 0.05),
        (4, "min", 0.0),
        (5, "maj", 0.15),
        (7, "maj", 0.20),
        (9, "min", 0.05),
        (11, "dim", -0.10),
    ),
    "minor": (
        (0, "min", 0.30),
        (2, "dim", -0.10),
        (3, "maj", 0.05),
        (5, "min", 0.15),
        (7, "min", 0.05),
        (7, "maj", 0.15),
        (8, "maj", 0.05),
        (10, "maj", 0.05),
        (11, "dim", -0.15),
    ),
}


@dataclass
class Tune:
    tune_id: str
    source: str
    mode: str
    meter: str
    tokens: list[int]
    bar_chords: list[list[str]]  # per bar, its chords as "root_quality"


@dataclass
class FileResult:
    tunes: list[Tune] = field(default_factory=list)
    rejected: Counter[str] = field(default_factory=Counter)


def split_of(tune_id: str) -> str:
    """Fixed split by tune: sha1 of the id -> 90 % train, 5 % valid, 5 % test."""
    bucket = int(hashlib.sha1(tune_id.encode(), usedforsecurity=False).hexdigest()[:8], 16) % 100
    return "train" if bucket < 90 else "valid" if bucket < 95 else "test"


def melody_key(tokens: list[int]) -> tuple[int, ...]:
    """A tune's melody: its pitch and duration tokens (tonic-normalised; positions and chords ignored)."""
    return tuple(t for t in tokens if t >= vocab.PITCH0)


def deduplicate(tunes: list[Tune]) -> tuple[list[Tune], int]:
    """Keep the first tune (by id) of each melody: the collections share tunes under other ids and titles
    (Essen variants, Irish tunes in both O'Neill's and Ryan's, chorales that harmonise one melody), and a
    copy on both sides of the split would leak held-out tunes into training."""
    seen: set[tuple[int, ...]] = set()
    kept = []
    for tune in sorted(tunes, key=lambda t: t.tune_id):
        key = melody_key(tune.tokens)
        if key not in seen:
            seen.add(key)
            kept.append(tune)
    return kept, len(tunes) - len(kept)


def _corpus_jobs() -> list[tuple[str, str]]:
    import music21

    root = Path(music21.__file__).parent / "corpus"
    jobs: list[tuple[str, str]] = []
    for source in ("essenFolksong", "oneills1850", "ryansMammoth", "airdsAirs", "miscFolk"):
        jobs.extend((source, str(p)) for p in sorted((root / source).glob("*.abc")))
    jobs.extend(("bach_chorales", str(p)) for p in sorted((root / "bach").glob("bwv*.mxl")))
    return jobs


def _tonic_and_mode(score: object, notes: list[tuple[int, int, int]]) -> tuple[int, str] | None:
    """Tonic from the key signature (ABC K: field), else Krumhansl analysis; mode from the third."""
    import music21

    keys = list(score.recurse().getElementsByClass(music21.key.Key))  # type: ignore[attr-defined]
    key = keys[0] if keys else score.analyze("key")  # type: ignore[attr-defined]
    tonic = key.tonic.pitchClass
    weight: Counter[int] = Counter()
    for _, duration, midi in notes:
        weight[(midi - tonic) % 12] += duration
    if weight[3] > weight[4]:
        return tonic, "minor"
    if weight[4] > weight[3]:
        return tonic, "major"
    minorish = key.mode in ("minor", "dorian", "phrygian", "aeolian", "locrian")
    return tonic, "minor" if minorish else "major"


def _meter(part: object) -> str | None:
    import music21

    signatures = {ts.ratioString for ts in part.recurse().getElementsByClass(music21.meter.TimeSignature)}  # type: ignore[attr-defined]
    if len(signatures) != 1:
        return None
    return _METER_ALIASES.get(signatures.pop())


def _line(part: object, bar_length: int) -> tuple[list[tuple[int, int, int]], int] | str:
    """The part's notes as (onset, duration, midi) in 16ths from bar 0, and its bar count; or why not."""
    measures = list(part.getElementsByClass("Measure"))  # type: ignore[attr-defined]
    if len(measures) < 4:
        return "short"
    out: list[tuple[int, int, int]] = []
    for index, measure in enumerate(measures):
        pad = float(measure.paddingLeft) if index == 0 else 0.0
        for element in measure.recurse().notes:
            length = float(element.duration.quarterLength)
            if length == 0:
                continue  # grace note
            onset = float(element.getOffsetInHierarchy(measure)) + pad
            position, duration = onset * 4, length * 4
            if position != int(position) or duration != int(duration):
                return "off_grid"
            if position >= bar_length:
                return "overfull_bar"
            midi = max(p.midi for p in element.pitches)
            out.append((index * bar_length + int(position), max(1, int(duration)), midi))
    out.sort()
    for a, b in itertools.pairwise(out):
        if b[0] == a[0]:
            return "polyphonic"
    return out, len(measures)


def _fit_octave(relative: list[int]) -> int | None:
    """Octave shift (in semitones) that puts the tune inside PITCH_LOW..PITCH_HIGH, median near 0..12."""
    median = sorted(relative)[len(relative) // 2]
    for shift in sorted(range(-48, 49, 12), key=lambda s: abs(median + s - 6)):
        if min(relative) + shift >= vocab.PITCH_LOW and max(relative) + shift <= vocab.PITCH_HIGH:
            return shift
    return None


def _infer_chords(
    sounding: list[tuple[int, int, int]],
    bass: list[tuple[int, int, int]],
    spans: list[tuple[int, int]],
    mode: str,
) -> list[tuple[int, str]]:
    """Best diatonic triad per span by template matching the (tonic-relative) pitch classes sounding in it."""
    chords: list[tuple[int, str]] = []
    previous = (0, "maj" if mode == "major" else "min")
    for start, end in spans:
        weight: Counter[int] = Counter()
        low_weight: Counter[int] = Counter()
        for notes, target in ((sounding, weight), (bass, low_weight)):
            for onset, duration, pc in notes:
                overlap = min(end, onset + duration) - max(start, onset)
                if overlap > 0:
                    strong = 1.5 if onset == start or (onset - start) % 4 == 0 else 1.0
                    target[pc] += overlap * strong
        total = sum(weight.values())
        if total == 0:
            chords.append(previous)
            continue
        best, best_score = previous, -1e9
        for root, quality, prior in _CANDIDATES[mode]:
            tones = {(root + i) % 12 for i in vocab.TRIAD_SHAPES[quality]}
            inside = sum(w for pc, w in weight.items() if pc in tones)
            score = (inside - 0.6 * (total - inside)) / total + prior + 0.3 * weight[root] / total
            if low_weight:
                score += 0.5 * low_weight[root] / sum(low_weight.values())
            if (root, quality) == previous:
                score += 0.05  # harmony tends to persist
            if score > best_score:
                best, best_score = (root, quality), score
        chords.append(best)
        previous = best
    return chords


def _spans(meter: str, bars: int) -> list[tuple[int, int]]:
    length = vocab.METERS[meter]
    halves = 2 if meter in ("4/4", "6/8") else 1
    step = length // halves
    return [(b * length + h * step, b * length + (h + 1) * step) for b in range(bars) for h in range(halves)]


def _tokenise(
    notes: list[tuple[int, int, int]], chords: list[tuple[int, str]], mode: str, meter: str, bars: int
) -> tuple[list[int], list[list[str]]]:
    length = vocab.METERS[meter]
    halves = len(chords) // bars
    step = length // halves
    tokens = [vocab.mode_token(mode), vocab.meter_token(meter)]
    bar_chords: list[list[str]] = [
        [f"{r}_{q}" for r, q in chords[b * halves : (b + 1) * halves]] for b in range(bars)
    ]
    by_bar: dict[int, list[tuple[int, int, int]]] = {}
    for onset, duration, pitch in notes:
        by_bar.setdefault(onset // length, []).append((onset % length, duration, pitch))
    for bar in range(bars):
        tokens.append(vocab.BAR)
        current: tuple[int, str] | None = None
        for position, duration, pitch in by_bar.get(bar, []):
            tokens.append(vocab.pos_token(position))
            chord = chords[bar * halves + position // step]
            if chord != current:
                tokens.append(vocab.chord_token(*chord))
                current = chord
            tokens.append(vocab.pitch_token(pitch))
            tokens.append(vocab.dur_token(min(duration, vocab.MAX_DURATION)))
    tokens.append(vocab.END)
    return tokens, bar_chords


def _tune(score: object, tune_id: str, source: str) -> Tune | str:
    parts = list(score.parts)  # type: ignore[attr-defined]
    if not parts:
        return "no_part"
    melody = parts[0].stripTies()
    meter = _meter(melody)
    if meter is None:
        return "meter"
    bar_length = vocab.METERS[meter]
    line = _line(melody, bar_length)
    if isinstance(line, str):
        return line
    notes, bars = line
    if len(notes) < 12:
        return "short"
    found = _tonic_and_mode(score, notes)
    if found is None:
        return "key"
    tonic, mode = found
    relative = [midi - 60 - tonic for _, _, midi in notes]
    shift = _fit_octave(relative)
    if shift is None:
        return "range"
    melody_rel = [(o, d, r + shift) for (o, d, _), r in zip(notes, relative, strict=True)]
    sounding = [(o, d, (m - tonic) % 12) for o, d, m in notes]
    bass: list[tuple[int, int, int]] = []
    if len(parts) >= 3:  # a chorale: the harmony is written out in the other voices
        for index, part in enumerate(parts[1:], start=1):
            voice = _line(part.stripTies(), bar_length)
            if isinstance(voice, str):
                continue
            pcs = [(o, d, (m - tonic) % 12) for o, d, m in voice[0]]
            sounding.extend(pcs)
            if index == len(parts) - 1:
                bass = pcs
    chords = _infer_chords(sounding, bass, _spans(meter, bars), mode)
    tokens, bar_chords = _tokenise(melody_rel, chords, mode, meter, bars)
    return Tune(tune_id, source, mode, meter, tokens, bar_chords)


def _parse_file(job: tuple[str, str]) -> FileResult:
    import warnings

    import music21

    warnings.filterwarnings("ignore")
    source, path = job
    result = FileResult()
    try:
        parsed = music21.converter.parse(path, forceSource=True)
    except Exception:
        result.rejected["unparsable_file"] += 1
        return result
    scores = list(parsed.scores) if isinstance(parsed, music21.stream.Opus) else [parsed]
    for index, score in enumerate(scores):
        title = score.metadata.title if score.metadata and score.metadata.title else ""
        tune_id = f"{source}/{Path(path).name}/{index}/{title}"
        try:
            tune = _tune(score, tune_id, source)
        except Exception:
            tune = "error"
        if isinstance(tune, str):
            result.rejected[tune] += 1
        else:
            result.tunes.append(tune)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--limit", type=int, default=0, help="parse only the first N files of each source")
    parser.add_argument(
        "--resplit",
        action="store_true",
        help="re-deduplicate and re-save the tunes already in training/data instead of parsing again",
    )
    args = parser.parse_args()
    if args.resplit:
        tunes, rejected, seconds = _load_prepared()
        _save(tunes, rejected, seconds)
        return
    jobs = _corpus_jobs()
    if args.limit:
        per_source: Counter[str] = Counter()
        limited = []
        for job in jobs:
            per_source[job[0]] += 1
            if per_source[job[0]] <= args.limit:
                limited.append(job)
        jobs = limited
    # Big files first, so that the pool's workers finish together.
    jobs.sort(key=lambda job: -Path(job[1]).stat().st_size)
    started = time.time()
    tunes: list[Tune] = []
    rejected: Counter[str] = Counter()
    with multiprocessing.Pool(args.workers) as pool:
        for done, result in enumerate(pool.imap_unordered(_parse_file, jobs, chunksize=1), start=1):
            tunes.extend(result.tunes)
            rejected.update(result.rejected)
            if done % 100 == 0:
                print(
                    f"{done}/{len(jobs)} files, {len(tunes)} tunes, {time.time() - started:.0f} s", flush=True
                )
    tunes.sort(key=lambda t: t.tune_id)
    _save(tunes, rejected, time.time() - started)


def _load_prepared() -> tuple[list[Tune], Counter[str], float]:
    """The tunes of a previous run (its splits and chords), with its parse-time rejections and time."""
    manifest = json.loads(MANIFEST.read_text())
    rejected = Counter({k: v for k, v in manifest["rejected"].items() if k != "duplicate"})
    chords = {entry["id"]: entry for entry in json.loads((DATA / "chords.json").read_text())}
    meters = {vocab.meter_token(m): m for m in vocab.METERS}
    tunes = []
    for split in SPLITS:
        with np.load(DATA / f"{split}.npz") as data:
            offsets, ids, sources = data["offsets"], data["ids"], data["sources"]
            for i, tune_id in enumerate(ids):
                tokens = data["tokens"][offsets[i] : offsets[i + 1]].astype(int).tolist()
                entry = chords[str(tune_id)]
                meter = meters[tokens[1]]
                tunes.append(Tune(str(tune_id), str(sources[i]), entry["mode"], meter, tokens, entry["bars"]))
    tunes.sort(key=lambda t: t.tune_id)
    return tunes, rejected, float(manifest["parse_seconds"])


def _save(tunes: list[Tune], rejected: Counter[str], seconds: float) -> None:
    DATA.mkdir(parents=True, exist_ok=True)
    tunes, duplicates = deduplicate(tunes)
    rejected = Counter(rejected)
    rejected["duplicate"] = duplicates
    manifest: dict[str, object] = {
        "vocabulary_size": len(vocab.TOKENS),
        "parse_seconds": round(seconds),
        "rejected": dict(sorted(rejected.items())),
        "splits": {},
    }
    chords_out = []
    for split in SPLITS:
        chosen = [t for t in tunes if split_of(t.tune_id) == split]
        offsets = np.cumsum([0, *(len(t.tokens) for t in chosen)]).astype(np.int64)
        tokens = np.concatenate([np.asarray(t.tokens, dtype=np.int16) for t in chosen])
        np.savez_compressed(
            DATA / f"{split}.npz",
            tokens=tokens,
            offsets=offsets,
            ids=np.asarray([t.tune_id for t in chosen]),
            sources=np.asarray([t.source for t in chosen]),
        )
        manifest["splits"][split] = {  # type: ignore[index]
            "tunes": len(chosen),
            "tokens": int(offsets[-1]),
            "by_source": dict(sorted(Counter(t.source for t in chosen).items())),
            "by_meter": dict(sorted(Counter(t.meter for t in chosen).items())),
            "by_mode": dict(sorted(Counter(t.mode for t in chosen).items())),
        }
        chords_out.extend(
            {"id": t.tune_id, "split": split, "source": t.source, "mode": t.mode, "bars": t.bar_chords}
            for t in chosen
        )
    (DATA / "chords.json").write_text(json.dumps(chords_out))
    MANIFEST.write_text(json.dumps(manifest, indent=2) + "\n")
    print(json.dumps(manifest, indent=2))


if __name__ == "__main__":
    main()
