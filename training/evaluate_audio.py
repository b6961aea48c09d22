"""Controllability from rendered audio: does the mix have the key and tempo the spec asked for?

Draws seeded random SongSpecs (any genre with its preset band, any mood, tempo 60-180 BPM, 12 tonics,
major or minor), composes, renders, mixes and masters each song with the engine, then estimates from the
mastered audio, with estimators that know nothing of the score:

- tempo: `librosa.beat.beat_track` on the mono mix. Two readings are scored: librosa's own tempo, and
  60 / the slope of a straight line fitted through the tracked beat times (frame-quantised beats averaged
  over the song). Correct within 2 % of the request, or of its double or half; the double and half
  readings are also counted apart.
- key: the chroma (`librosa.feature.chroma_cqt`) averaged over the song, correlated with the 24 rotated
  Krumhansl-Kessler profiles; the best must be the requested tonic and mode (relative major/minor is a miss).

Run with `nice -n 19 python -m training.evaluate_audio --songs 100 --seconds 30`. Needs librosa
(`pip install -e ".[train]"`). Prints a per-genre table; `--json PATH` also writes every song's result.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections import defaultdict

import librosa
import numpy as np

from engine.compose import compose
from engine.pipeline import default_mixes, mix_and_master, render_stems
from engine.presets import GENRE_PRESETS
from engine.render.fluidsynth import SAMPLE_RATE
from engine.spec import GENRES, MOODS, InstrumentPart, SongSpec
from engine.theory import TONICS

ANALYSIS_RATE = 22050
HOP = 256  # 11.6 ms frames
TEMPO_TOLERANCE = 0.02
# Krumhansl & Kessler (1982) probe-tone profiles, tonic first.
MAJOR_PROFILE = np.array([6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88])
MINOR_PROFILE = np.array([6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17])


def random_spec(rng: random.Random, seconds: float) -> SongSpec:
    genre = rng.choice(GENRES)
    return SongSpec(
        genre=genre,
        mood=rng.choice(MOODS),
        tempo=rng.randint(60, 180),
        key=rng.choice(TONICS),
        mode=rng.choice(("major", "minor")),
        instruments=tuple(
            InstrumentPart(instrument=name, role=role) for name, role in GENRE_PRESETS[genre].instruments
        ),
        length_seconds=seconds,
        seed=rng.randint(0, 10**6),
    )


def render_mix(spec: SongSpec) -> np.ndarray:
    """The mastered mix as mono float32 at ANALYSIS_RATE."""
    score = compose(spec)
    stems = render_stems(score)
    mastered = mix_and_master(stems, default_mixes(score)).audio
    return librosa.resample(mastered.mean(axis=0), orig_sr=SAMPLE_RATE, target_sr=ANALYSIS_RATE)


def estimate_tempo(mono: np.ndarray) -> tuple[float, float]:
    """(librosa's tempo, 60 / slope of the beat times against their index), in BPM."""
    tempo, beats = librosa.beat.beat_track(y=mono, sr=ANALYSIS_RATE, hop_length=HOP, units="time")
    librosa_bpm = float(np.atleast_1d(tempo)[0])
    if len(beats) < 4:
        return librosa_bpm, librosa_bpm
    slope = np.polyfit(np.arange(len(beats)), beats, 1)[0]
    return librosa_bpm, 60.0 / float(slope)


def estimate_key(mono: np.ndarray) -> tuple[str, str]:
    """The (tonic, mode) whose Krumhansl-Kessler profile best correlates with the mean chroma."""
    chroma = librosa.feature.chroma_cqt(y=mono, sr=ANALYSIS_RATE, hop_length=HOP * 2).mean(axis=1)
    candidates = [
        (np.corrcoef(chroma, np.roll(profile, tonic))[0, 1], TONICS[tonic], mode)
        for mode, profile in (("major", MAJOR_PROFILE), ("minor", MINOR_PROFILE))
        for tonic in range(12)
    ]
    _, tonic, mode = max(candidates)
    return tonic, mode


def tempo_ok(estimate: float, requested: float) -> bool:
    return tempo_reading(estimate, requested) != "miss"


def tempo_reading(estimate: float, requested: float) -> str:
    """How a tempo estimate relates to the request: "exact", "double", "half" (metrical-level readings,
    counted as correct but reported apart) or "miss"."""
    for name, factor in (("exact", 1.0), ("double", 2.0), ("half", 0.5)):
        if abs(estimate - requested * factor) <= TEMPO_TOLERANCE * requested * factor:
            return name
    return "miss"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--songs", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--json", help="also write every song's result here")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    rows: list[dict[str, object]] = []
    started = time.perf_counter()
    render_s = analyse_s = 0.0
    for index in range(args.songs):
        spec = random_spec(rng, args.seconds)
        mark = time.perf_counter()
        mono = render_mix(spec)
        render_s += time.perf_counter() - mark
        mark = time.perf_counter()
        librosa_bpm, beat_bpm = estimate_tempo(mono)
        tonic, mode = estimate_key(mono)
        analyse_s += time.perf_counter() - mark
        row = {
            "genre": spec.genre,
            "mood": spec.mood,
            "seed": spec.seed,
            "tempo": spec.tempo,
            "key": f"{spec.key} {spec.mode}",
            "librosa_bpm": round(librosa_bpm, 2),
            "beat_fit_bpm": round(beat_bpm, 2),
            "key_estimate": f"{tonic} {mode}",
            "key_ok": (tonic, mode) == (spec.key, spec.mode),
            "librosa_tempo_ok": tempo_ok(librosa_bpm, spec.tempo),
            "beat_fit_tempo_ok": tempo_ok(beat_bpm, spec.tempo),
            "beat_fit_reading": tempo_reading(beat_bpm, spec.tempo),
        }
        rows.append(row)
        misses = [name for name in ("key_ok", "librosa_tempo_ok", "beat_fit_tempo_ok") if not row[name]]
        if misses:
            print(
                f"  {index + 1:3d} {spec.genre:10} {row['key']:>9} -> {row['key_estimate']:>9}"
                f"  {spec.tempo:3d} BPM -> {librosa_bpm:6.1f} / {beat_bpm:6.1f}  miss: {', '.join(misses)}",
                flush=True,
            )
    elapsed = time.perf_counter() - started
    _print(rows, args, elapsed, render_s, analyse_s)
    if args.json:
        with open(args.json, "w") as handle:
            json.dump(rows, handle, indent=2)


def _print(
    rows: list[dict[str, object]], args: argparse.Namespace, elapsed: float, render_s: float, analyse_s: float
) -> None:
    groups: dict[str, list[dict[str, object]]] = defaultdict(list)
    for row in rows:
        groups[str(row["genre"])].append(row)
    groups = {genre: groups[genre] for genre in GENRES if genre in groups} | {"overall": rows}
    columns = ("key_ok", "librosa_tempo_ok", "beat_fit_tempo_ok")
    print(f"\nControllability from rendered audio: {len(rows)} songs x {args.seconds:g} s, seed {args.seed}")
    print(
        f"  {'genre':12}{'songs':>6}{'key':>8}{'tempo (librosa)':>17}{'tempo (beat fit)':>18}"
        f"{'of which x2 / x0.5':>20}"
    )
    for genre, members in groups.items():
        shares = [100.0 * sum(bool(r[c]) for r in members) / len(members) for c in columns]
        double, half = (
            100.0 * sum(r["beat_fit_reading"] == level for r in members) / len(members)
            for level in ("double", "half")
        )
        print(
            f"  {genre:12}{len(members):>6}{shares[0]:>7.0f}%{shares[1]:>16.0f}%{shares[2]:>17.0f}%"
            f"{double:>12.0f}% / {half:.0f}%"
        )
    per_song = elapsed / max(1, len(rows))
    print(
        f"  time: {elapsed:.0f} s ({per_song:.1f} s/song: compose+render+master {render_s:.0f} s,"
        f" estimation {analyse_s:.0f} s)"
    )


if __name__ == "__main__":
    main()
