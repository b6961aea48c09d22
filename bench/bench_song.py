"""Benchmark: compose, render, mix/master and encode a 3-minute, 6-instrument pop song.

The render is the one the app runs for a new song: the empty edit log's initial state through the
staged render (engine.edit.render.render_state), then what generation encodes (6 FLAC stems, the MP3
download, read back by the loudness meter: engine.mix.delivery).

Prints a table; exits 1 if the warm compose + render + master time exceeds TARGET_SECONDS.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine.allocator import tune_allocator
from engine.audio_io.ffmpeg import encode
from engine.compose import compose
from engine.edit.render import render_state
from engine.edit.state import initial_state
from engine.export import export_mix
from engine.mix import kernels
from engine.pipeline import default_mixes, mix_filename, stem_filename, write_midi
from engine.render.cache import MemoryStageCache
from engine.render.fluidsynth import load_synth
from engine.spec import SongSpec

TARGET_SECONDS = 10.0
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
        ],
        "length_seconds": 180,
        "seed": 7,
    }
)


def timed(fn, *args):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = fn(*args)
    return result, time.perf_counter() - started


def main() -> int:
    tune_allocator()  # as the web server and the workers do at start (engine/allocator.py),
    kernels.warm_up()  # and the mix loops they load there
    rows: list[tuple[str, float]] = []
    score, t_compose = timed(compose, SPEC)
    rows.append(("compose", t_compose))
    _, t_load = timed(load_synth)
    rows.append(("SoundFont load (cold, once per process)", t_load))
    state = initial_state(score, mixes=default_mixes(score))
    _, t_cold = timed(render_state, state, MemoryStageCache())
    rows.append(("render 6 stems + mix + master, first run", t_cold))
    rendered = render_state(state, MemoryStageCache())  # a fresh cache: every stage runs
    t_warm = rendered.timings["render"] + rendered.timings["process"]
    t_mix, t_master = rendered.timings["mix"], rendered.timings["master"]
    rows.append(("render 6 stems, warm", t_warm))
    rows.append(("mix", t_mix))
    rows.append(("master (-14 LUFS, -1 dBTP)", t_master))
    stems = [rendered.stems[track_id] for track_id in state.track_ids]
    mastered = rendered.master

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=2) as pool:
            jobs = [
                pool.submit(encode, stem, out / "stems" / stem_filename(i, t.name), "flac")
                for i, (t, stem) in enumerate(zip(score.tracks, stems, strict=True))
            ]
            jobs += [pool.submit(export_mix, mastered.audio, "mp3_192", out / mix_filename("mp3"))]
            write_midi(score, out / "song.mid")
            for job in jobs:
                job.result()
        t_encode = time.perf_counter() - started
    rows.append(("encode 6 FLAC stems + MP3 192k, metered (2 at a time)", t_encode))

    song_seconds = mastered.audio.shape[1] / 44100
    warm_total = t_compose + t_warm + t_mix + t_master
    cold_total = t_compose + t_load + t_cold + t_encode
    rows.append(("TOTAL warm compose+render+mix+master", warm_total))
    rows.append(("TOTAL cold, everything incl. load + encode", cold_total))
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(
        f"Song: {score.bars} bars at {score.tempo:g} BPM, {len(score.tracks)} tracks, "
        f"{song_seconds:.1f} s audio"
    )
    print(f"{'stage':58s} {'seconds':>8s}")
    print("-" * 67)
    for name, seconds in rows:
        print(f"{name:58s} {seconds:8.2f}")
    print("-" * 67)
    print(f"real-time factor (warm, song seconds per second of work): {song_seconds / warm_total:.1f}x")
    print(f"master: {mastered.integrated_lufs:.2f} LUFS, {mastered.true_peak_dbtp:.2f} dBTP")
    print(f"peak RSS: {peak_rss_mb:.0f} MiB")
    ok = warm_total <= TARGET_SECONDS
    print(f"target: warm compose+render+master <= {TARGET_SECONDS:.0f} s: {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
