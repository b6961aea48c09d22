"""Benchmark: server time from an edit to the new master mix, per edit type, on a 3-minute 6-track song.

The cache is warm (the song was rendered once, as after generation). Each edit is folded from the base
and rendered through the staged cache, as the backend does.

For comparison, the naive way: ffmpeg re-applying the whole transformation list to the full mix from
scratch — the original mix file through every edit's filter, then loudness normalisation to the same
-14 LUFS / -1 dBTP our master stage delivers (ffmpeg's loudnorm), written as WAV. (It cannot even touch
one track: a per-track gain becomes a gain on the mix.) "bare" is the same without the normalisation,
which leaves the mix at the wrong loudness: printed for transparency, not used for the ratio. The last
row is an edit late in a session, when the list holds several edits: ours still re-runs only mix and
master, the naive way re-applies all of them. Prints both and the ratio; exits 1 if a target fails.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_song import SPEC
from engine.allocator import tune_allocator
from engine.audio_io.ffmpeg import encode
from engine.compose import compose
from engine.edit.fold import fold
from engine.edit.ops import (
    EditOp,
    LoopSection,
    SetTempo,
    TrackEffects,
    TrackGain,
    TrackMute,
    TrackPan,
    Transpose,
)
from engine.edit.render import RenderedState, render_state
from engine.mix import kernels
from engine.mix.presets import PRESETS
from engine.render.cache import MemoryStageCache
from engine.render.fluidsynth import load_synth
from engine.score import Score

# edit name -> (op, naive ffmpeg filter built from the same validated numbers, target seconds)
EDITS: list[tuple[str, EditOp, str, float | None]] = [
    ("gain (one track -4 dB)", TrackGain(track="t2", gain_db=-4.0), "volume=-4dB", 0.5),
    ("pan (one track 0.5)", TrackPan(track="t3", pan=0.5), "pan=stereo|c0=0.7*c0|c1=c1", 0.5),
    ("mute (one track)", TrackMute(track="t4", mute=True), "volume=0.8", 0.5),
    (
        "effects (one track: hall)",
        TrackEffects(track="t3", chain=PRESETS["hall"]),
        "aecho=0.8:0.7:60:0.3",
        1.5,
    ),
    ("tempo 116 -> 100 BPM", SetTempo(tempo=100.0), "atempo=0.862069", 5.0),
    ("transpose +2", Transpose(semitones=2), "asetrate=49496,aresample=44100,atempo=0.890899", 5.0),
    (
        "loop bars 8-16 once more",
        LoopSection(start_bar=8, end_bar=16, times=1),
        "aloop=loop=1:size=661764:start=1323529",
        None,
    ),
]


# What the master stage delivers, done the ffmpeg way (loudnorm works at 192 kHz: -ar brings 44.1 kHz back).
NAIVE_MASTER = "loudnorm=I=-14:TP=-1:LRA=11"

# A session: these edits first, then a gain edit (naive filters as in EDITS).
SESSION: list[tuple[EditOp, str]] = [
    (SetTempo(tempo=100.0), "atempo=0.862069"),
    (TrackEffects(track="t3", chain=PRESETS["hall"]), "aecho=0.8:0.7:60:0.3"),
    (LoopSection(start_bar=8, end_bar=16, times=1), "aloop=loop=1:size=661764:start=1323529"),
]
SESSION_EDIT: tuple[EditOp, str] = (TrackGain(track="t2", gain_db=-4.0), "volume=-4dB")


def naive(mix: Path, out: Path, audio_filter: str) -> float:
    started = time.perf_counter()
    subprocess.run(
        ["ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
         "-i", str(mix), "-af", audio_filter, "-ar", "44100", "-c:a", "pcm_s16le", str(out)],
        check=True,
    )  # fmt: skip
    return time.perf_counter() - started


def ours(score: Score, ops: list[EditOp], cache: MemoryStageCache) -> tuple[float, RenderedState]:
    started = time.perf_counter()
    rendered = render_state(fold(score, ops), cache)
    return time.perf_counter() - started, rendered


def main() -> int:
    load_before = os.getloadavg()  # timings on a shared 2-core machine mean little without it
    tune_allocator()  # as the web server and the workers do at start (engine/allocator.py)
    kernels.warm_up()
    load_synth()
    score = compose(SPEC)
    cache = MemoryStageCache(max_bytes=6 * 1024**3)
    started = time.perf_counter()
    base = render_state(fold(score, []), cache)
    first = time.perf_counter() - started
    seconds = base.master.audio.shape[1] / 44100
    print(
        f"Song: {score.bars} bars at {score.tempo:g} BPM, {len(score.tracks)} tracks, {seconds:.1f} s audio"
    )
    print(f"first full render (cold cache): {first:.2f} s  {base.timings}")
    ok = True
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        mix = encode(base.master.audio, Path(tmp) / "mix.wav", "wav16")
        out = Path(tmp) / "naive.wav"
        for name, op, audio_filter, target in EDITS:
            seconds, rendered = ours(score, [op], cache)
            bare = naive(mix, out, audio_filter)
            theirs = naive(mix, out, f"{audio_filter},{NAIVE_MASTER}")
            passed = target is None or seconds <= target
            ok &= passed
            rows.append((name, seconds, bare, theirs, target, passed, rendered))
            render_state(fold(score, []), cache)  # back to the base (an undo: all hits)
        history = [op for op, _ in SESSION]
        render_state(fold(score, history), cache)  # the session so far, rendered as it happened
        seconds, rendered = ours(score, [*history, SESSION_EDIT[0]], cache)
        chain = ",".join([*(f for _, f in SESSION), SESSION_EDIT[1]])
        bare, theirs = naive(mix, out, chain), naive(mix, out, f"{chain},{NAIVE_MASTER}")
        passed = seconds <= 0.5
        ok &= passed
        rows.append((f"gain after {len(SESSION)} edits", seconds, bare, theirs, 0.5, passed, rendered))
    load_after = os.getloadavg()
    gain_ratio = rows[0][3] / rows[0][1]
    ok &= gain_ratio >= 10.0
    print(
        f"{'edit':28s} {'ours s':>7s} {'naive s':>8s} {'bare s':>7s} {'ratio':>6s} {'target':>10s}"
        "  stage misses  (mix/master s)"
    )
    print("-" * 116)
    for name, seconds, bare, theirs, target, passed, rendered in rows:
        verdict = "-" if target is None else f"<={target:g} {'ok' if passed else 'FAIL'}"
        misses = "/".join(str(rendered.counts[s].misses) for s in ("render", "process", "mix", "master"))
        print(
            f"{name:28s} {seconds:7.2f} {theirs:8.2f} {bare:7.2f} {theirs / seconds:5.1f}x {verdict:>10s}"
            f"  {misses:>11s}  ({rendered.timings['mix']:.2f}/{rendered.timings['master']:.2f})"
        )
    print("-" * 116)
    print(
        f"gain edit vs naive ffmpeg: {gain_ratio:.1f}x (target >= 10x): "
        f"{'ok' if gain_ratio >= 10 else 'FAIL'}"
    )
    print(
        "stage misses = render/process/mix/master; naive = the original mix through every edit's filter "
        "and loudnorm to -14 LUFS/-1 dBTP, WAV out; bare = without loudnorm (wrong loudness)"
    )
    print(
        f"load average (1/5/15 min) at start {' '.join(f'{v:.2f}' for v in load_before)}, "
        f"at end {' '.join(f'{v:.2f}' for v in load_after)} on {os.cpu_count()} CPUs"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
