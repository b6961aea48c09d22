"""Command line: compose a song and produce its stems, mixes and MIDI in a folder.

    python -m engine.cli compose --genre pop --mood happy --tempo 120 --key C --mode major \\
        --instruments acoustic_grand_piano:chords fingered_electric_bass standard_drum_kit \\
        --seconds 30 --seed 1 --out DIR
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from engine.allocator import tune_allocator
from engine.errors import AudioToolError
from engine.spec import SongSpec

EXIT_USAGE = 2
EXIT_FAILURE = 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m engine.cli", description="Music-AI-Generator engine")
    commands = parser.add_subparsers(dest="command", required=True)
    compose = commands.add_parser("compose", help="compose a song and render it to files")
    compose.add_argument("--genre", required=True)
    compose.add_argument("--mood", required=True)
    compose.add_argument("--tempo", type=int, required=True, help="beats per minute")
    compose.add_argument("--key", required=True, help="tonic, e.g. C, F#, Eb")
    compose.add_argument("--mode", default="major")
    compose.add_argument(
        "--instruments",
        nargs="+",
        required=True,
        metavar="SLUG[:ROLE]",
        help="e.g. acoustic_grand_piano:chords",
    )
    length = compose.add_mutually_exclusive_group(required=True)
    length.add_argument("--seconds", type=float)
    length.add_argument("--bars", type=int)
    compose.add_argument("--seed", type=int, default=0)
    compose.add_argument("--out", type=Path, required=True, help="folder for stems, mixes and MIDI")
    compose.add_argument("--soundfont", type=Path, default=None)
    return parser


def _spec(args: argparse.Namespace) -> SongSpec:
    parts = []
    for item in args.instruments:
        slug, _, role = item.partition(":")
        parts.append({"instrument": slug, "role": role or None})
    return SongSpec.model_validate(
        {
            "genre": args.genre,
            "mood": args.mood,
            "tempo": args.tempo,
            "key": args.key,
            "mode": args.mode,
            "instruments": parts,
            "length_seconds": args.seconds,
            "length_bars": args.bars,
            "seed": args.seed,
        }
    )


def _human_errors(error: ValidationError) -> list[str]:
    lines = []
    for problem in error.errors():
        where = ".".join(str(part) for part in problem["loc"])
        message = problem["msg"].removeprefix("Value error, ")
        lines.append(f"{where}: {message}" if where else message)
    return lines


def _db(value: float) -> str:
    return "-inf" if math.isinf(value) else f"{value:.1f}"


def _compose(args: argparse.Namespace) -> int:
    try:
        spec = _spec(args)
    except ValidationError as error:
        for line in _human_errors(error):
            print(f"error: {line}", file=sys.stderr)
        return EXIT_USAGE
    # Imported here so the CLI (and its validation) works before and without the composer's heavy deps.
    from engine.compose import compose
    from engine.pipeline import produce

    score = compose(spec)
    print(
        f"Composed {score.bars} bars at {score.tempo:g} BPM in {score.key} {score.mode}, "
        f"{len(score.tracks)} tracks"
    )
    song = produce(score, args.out, soundfont=args.soundfont)
    print(f"Wrote {song.out_dir}")
    for stem in song.stems:
        print(f"  stem  {stem.path.relative_to(song.out_dir)}  (peak {_db(stem.peak_dbfs)} dBFS)")
    for fmt, path in song.mixes.items():
        print(f"  mix   {path.relative_to(song.out_dir)}  ({fmt})")
    print(f"  midi  {song.midi.relative_to(song.out_dir)}")
    print(
        f"Length {song.duration_seconds:.1f} s, loudness {_db(song.integrated_lufs)} LUFS, "
        f"true peak {_db(song.true_peak_dbtp)} dBTP"
    )
    print("Timings: " + ", ".join(f"{stage} {seconds:.2f} s" for stage, seconds in song.timings.items()))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the process exit code (2 for invalid input, 1 for a tool failure)."""
    args = _parser().parse_args(argv)
    tune_allocator()
    try:
        if args.command == "compose":
            return _compose(args)
    except AudioToolError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_FAILURE
    return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
