"""Benchmark: peak memory of one render of a 10-minute, 12-track song (the longest, widest a spec allows).

A 10-minute float32 stereo stem is 212 MB, so the song's 12 dry and 12 wet stems (5 GB) cannot all be held:
the staged render must stream them through the on-disk stage cache. Each figure is measured in a fresh
child process, so it is that work's own: the child's peak resident set (VmHWM, mapped file pages
included), with what the process held before the work began (imports, the SoundFont, the score) shown
apart.

    render (cold)       compose, then engine.edit.render.render_state into an on-disk stage cache, as the
                        app's workers do: every stage runs (7 tracks with effect chains, a master chain)
    render + encode     the same state again in a new process (every stage a cache hit), then what the
                        render job stores: 12 FLAC stems with their waveform peaks (2 at a time), and the
                        MP3 download of the master

Prints a table; exits 1 if any child's peak exceeds LIMIT_MIB.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine.allocator import tune_allocator
from engine.compose import compose
from engine.edit.render import render_state
from engine.edit.state import SongState, initial_state, with_track_state
from engine.export import export_mix
from engine.mix import kernels
from engine.mix.presets import PRESETS
from engine.pipeline import default_mixes, encode_stem
from engine.render.cache import DirectoryStageCache
from engine.render.fluidsynth import load_synth
from engine.spec import SongSpec

LIMIT_MIB = 1024
SPEC = SongSpec.model_validate(
    {
        "genre": "pop",
        "mood": "happy",
        "tempo": 116,
        "key": "C",
        "mode": "major",
        "instruments": [
            {"instrument": "standard_drum_kit"},
            {"instrument": "fingered_electric_bass"},
            {"instrument": "acoustic_grand_piano", "role": "chords"},
            {"instrument": "string_ensemble_1", "role": "pad"},
            {"instrument": "square_lead", "role": "lead"},
            {"instrument": "electric_piano_1_rhodes", "role": "arpeggio"},
            {"instrument": "violin", "role": "counter_melody"},
            {"instrument": "choir_aahs", "role": "pad"},
            {"instrument": "vibraphone", "role": "arpeggio"},
            {"instrument": "overdriven_guitar", "role": "chords"},
            {"instrument": "flute", "role": "lead"},
            {"instrument": "cello", "role": "counter_melody"},
        ],
        "length_seconds": 600,
        "seed": 11,
    }
)
# A production a user might set up: effects on most tracks, a master chain.
TRACK_CHAINS = {
    "t1": "room",
    "t3": "warm",
    "t4": "hall",
    "t5": "slapback",
    "t6": "wide chorus",
    "t8": "hall",
    "t10": "radio",
}
MASTER_CHAIN = "bright"


def song_state() -> SongState:
    score = compose(SPEC)
    state = initial_state(score, mixes=default_mixes(score))
    for track_id, chain in TRACK_CHAINS.items():
        state = with_track_state(state, track_id, chain=PRESETS[chain])
    return state.model_copy(update={"master_chain": PRESETS[MASTER_CHAIN]})


def peak_mib() -> float:
    """This process's peak resident set so far (VmHWM), in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(phase: str, cache_dir: Path) -> dict[str, float]:
    """One phase in this (fresh) process; its figures as a dict."""
    tune_allocator()  # as the web server and the workers do at start
    kernels.warm_up()
    load_synth()
    state = song_state()
    before = peak_mib()
    started = time.perf_counter()
    rendered = render_state(state, DirectoryStageCache(cache_dir))
    figures = {
        "before_mib": before,
        "render_s": time.perf_counter() - started,
        "render_peak_mib": peak_mib(),
        "song_s": rendered.master.audio.shape[1] / 44100,
        "lufs": rendered.master.integrated_lufs,
        "dbtp": rendered.master.true_peak_dbtp,
    }
    if phase == "encode":
        started = time.perf_counter()
        with tempfile.TemporaryDirectory() as tmp, ThreadPoolExecutor(max_workers=2) as pool:
            out = Path(tmp)
            jobs = [
                pool.submit(encode_stem, rendered.stems[track_id], out / f"{key}.flac")
                for track_id, key in rendered.keys.wet.items()
            ]
            jobs.append(pool.submit(export_mix, rendered.master.audio, "mp3_192", out / "mix.mp3"))
            for job in jobs:
                job.result()
        figures["encode_s"] = time.perf_counter() - started
    figures["peak_mib"] = peak_mib()
    return figures


def run_child(phase: str, cache_dir: Path) -> dict[str, float]:
    completed = subprocess.run(
        [sys.executable, __file__, "--child", phase, str(cache_dir)],
        check=True,
        capture_output=True,
        text=True,
    )
    figures: dict[str, float] = json.loads(completed.stdout.strip().splitlines()[-1])
    return figures


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as tmp:
        cache_dir = Path(tmp) / "render-cache"
        cold = run_child("render", cache_dir)
        warm = run_child("encode", cache_dir)
    print(
        f"Song: {cold['song_s']:.1f} s, {len(SPEC.instruments)} tracks ({len(TRACK_CHAINS)} with effects, "
        f"master chain '{MASTER_CHAIN}'): {cold['lufs']:.2f} LUFS, {cold['dbtp']:.2f} dBTP"
    )
    print(f"{'child process':44s} {'seconds':>8s} {'before MiB':>11s} {'peak MiB':>9s}")
    print("-" * 75)
    rows = [
        ("render, cold (every stage runs)", cold["render_s"], cold["before_mib"], cold["peak_mib"]),
        (
            "render, warm (every stage a cache hit)",
            warm["render_s"],
            warm["before_mib"],
            warm["render_peak_mib"],
        ),
        (
            "  + encode 12 FLAC stems + peaks, MP3 master",
            warm["encode_s"],
            warm["before_mib"],
            warm["peak_mib"],
        ),
    ]
    for name, seconds, before, peak in rows:
        print(f"{name:44s} {seconds:8.2f} {before:11.0f} {peak:9.0f}")
    print("-" * 75)
    worst = max(cold["peak_mib"], warm["peak_mib"])
    ok = worst <= LIMIT_MIB
    print(f"target: peak RSS of each child <= {LIMIT_MIB} MiB: {worst:.0f} MiB, {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", nargs=2, metavar=("PHASE", "CACHE_DIR"))
    arguments = parser.parse_args()
    if arguments.child:
        phase, folder = arguments.child
        print(json.dumps(child(phase, Path(folder))))
        sys.exit(0)
    sys.exit(main())
