"""Benchmark: lossy exports meet the delivery spec on 24 songs, 2 of every genre.

Each 30-second song is composed and rendered as generation renders it, then exported as the app exports
it (engine.export.export_mix) to MP3 at 320, 192 and 128 kbps and to Ogg Vorbis, and every file is read
by an independent meter: ffmpeg's `ebur128=peak=true`. For comparison the master is also encoded plainly
(what a lossy file would be without the delivery check).

Prints the worst true peak and the loudness range; exits 1 if any export reads over -1.0 dBTP or
outside -14 ± 0.5 LUFS.
"""

from __future__ import annotations

import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine.allocator import tune_allocator
from engine.audio_io.ffmpeg import Audio, Format, LoudnessReading, encode, measure_loudness
from engine.compose import compose
from engine.edit.render import render_state
from engine.edit.state import initial_state
from engine.export import export_mix, extension
from engine.export.audio import ExportFormat
from engine.mix import kernels
from engine.pipeline import default_mixes
from engine.presets import preset_spec
from engine.render.cache import MemoryStageCache
from engine.render.fluidsynth import load_synth
from engine.spec import GENRES, MOODS

SONGS_PER_GENRE = 2
SONG_SECONDS = 30.0
LOSSY: dict[ExportFormat, tuple[Format, int]] = {  # export format -> plain ffmpeg format, MP3 kbps
    "mp3_320": ("mp3", 320),
    "mp3_192": ("mp3", 192),
    "mp3_128": ("mp3", 128),
    "ogg": ("ogg", 192),
}
CEILING_DBTP = -1.0
TARGET_LUFS, TOLERANCE_LU = -14.0, 0.5


Key = tuple[str, int, ExportFormat]  # genre, take, format


def within_spec(reading: LoudnessReading) -> bool:
    loud_enough = abs(reading.integrated_lufs - TARGET_LUFS) <= TOLERANCE_LU
    return reading.true_peak_dbtp <= CEILING_DBTP and loud_enough


def delivered_reading(mastered: Audio, fmt: ExportFormat, path: Path) -> LoudnessReading:
    """The export as the app makes it, read by the meter."""
    return measure_loudness(export_mix(mastered, fmt, path))


def plain_reading(mastered: Audio, fmt: ExportFormat, path: Path) -> LoudnessReading:
    """The master encoded as it is, read by the meter."""
    codec, kbps = LOSSY[fmt]
    return measure_loudness(encode(mastered, path, codec, mp3_kbps=kbps))


def summary(label: str, readings: dict[Key, LoudnessReading]) -> str:
    worst = max(readings, key=lambda key: readings[key].true_peak_dbtp)
    loudness = [reading.integrated_lufs for reading in readings.values()]
    over = sum(reading.true_peak_dbtp > CEILING_DBTP for reading in readings.values())
    missed = sum(not within_spec(reading) for reading in readings.values())
    return (
        f"{label:>16s}: worst true peak {readings[worst].true_peak_dbtp:+.1f} dBTP "
        f"({worst[0]} #{worst[1] + 1} {worst[2]}), loudness {min(loudness):.1f} .. {max(loudness):.1f} LUFS, "
        f"{over} over -1.0 dBTP, {missed} outside the spec"
    )


def main() -> int:
    tune_allocator()
    kernels.warm_up()
    load_synth()
    started = time.perf_counter()
    delivered: dict[Key, LoudnessReading] = {}
    plain: dict[Key, LoudnessReading] = {}
    render_seconds = export_seconds = 0.0
    with tempfile.TemporaryDirectory() as tmp, ThreadPoolExecutor(max_workers=2) as pool:
        out = Path(tmp)
        for genre_index, genre in enumerate(GENRES):
            for take in range(SONGS_PER_GENRE):
                seed = genre_index * SONGS_PER_GENRE + take
                spec = preset_spec(
                    genre, mood=MOODS[seed % len(MOODS)], length_seconds=SONG_SECONDS, seed=seed
                )
                began = time.perf_counter()
                score = compose(spec)
                mastered = render_state(initial_state(score, mixes=default_mixes(score)), MemoryStageCache())
                render_seconds += time.perf_counter() - began
                audio, name = mastered.master.audio, f"{genre}-{take}"
                began = time.perf_counter()
                jobs = {
                    fmt: pool.submit(delivered_reading, audio, fmt, out / f"{name}-{fmt}.{extension(fmt)}")
                    for fmt in LOSSY
                }
                delivered.update({(genre, take, fmt): job.result() for fmt, job in jobs.items()})
                export_seconds += time.perf_counter() - began
                jobs = {
                    fmt: pool.submit(plain_reading, audio, fmt, out / f"{name}-{fmt}-plain.{extension(fmt)}")
                    for fmt in LOSSY
                }
                plain.update({(genre, take, fmt): job.result() for fmt, job in jobs.items()})
                figures = "  ".join(
                    f"{fmt} {reading.true_peak_dbtp:+.1f}/{reading.integrated_lufs:.1f}"
                    for fmt in LOSSY
                    for reading in [delivered[genre, take, fmt]]
                )
                print(f"{genre:>10s} #{take + 1} {spec.mood:9s} dBTP/LUFS  {figures}", flush=True)
    elapsed = time.perf_counter() - started

    print("-" * 104)
    print(
        f"{len(GENRES) * SONGS_PER_GENRE} songs ({SONGS_PER_GENRE} per genre, {len(GENRES)} genres) of "
        f"{SONG_SECONDS:.0f} s, {len(delivered)} lossy exports (MP3 320/192/128 kbps, Ogg Vorbis q6)"
    )
    print(summary("encoded plainly", plain))
    print(summary("delivered", delivered))
    for fmt in LOSSY:
        print(summary(fmt, {key: reading for key, reading in delivered.items() if key[2] == fmt}))
    print(
        f"time: render {render_seconds:.0f} s, lossy exports with their checks {export_seconds:.0f} s "
        f"({2 * export_seconds / len(delivered):.2f} s a file, 2 at a time), total {elapsed:.0f} s"
    )
    ok = all(within_spec(reading) for reading in delivered.values())
    target = f"every lossy export <= {CEILING_DBTP:.1f} dBTP and {TARGET_LUFS:.0f} ± {TOLERANCE_LU} LUFS"
    print(f"target: {target}: {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
