"""Text prompt benchmark: model load time and per-prompt latency of interpret_prompt()."""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine.prompt import interpret_prompt

PROMPTS = (
    "dreamy lo-fi for studying, slow, with rhodes and vinyl drums",
    "an epic orchestral trailer in D minor at 140 bpm, 2 minutes, with choir and timpani",
    "happy upbeat pop song with piano and synth bass",
    "a spooky halloween soundtrack",
    "something to fall asleep to",
    "funky groove with slap bass and brass, 16 bars",
    "tender love song on nylon guitar",
    "aggressive rock in E minor, fast, distorted guitars and power drums",
    "a calm ambient soundscape with pads and bells",
    "jazzy late night trio: piano, upright bass, brushes",
)
TARGET_MS = 100.0


def main() -> int:
    start = time.perf_counter()
    interpret_prompt("load the model")
    load_s = time.perf_counter() - start
    latencies = []
    for _ in range(3):
        for text in PROMPTS:
            mark = time.perf_counter()
            interpret_prompt(text)
            latencies.append((time.perf_counter() - mark) * 1000)
    median, worst = statistics.median(latencies), max(latencies)
    print(f"prompt model load (first call): {load_s:.2f} s")
    print(f"per prompt: median {median:.1f} ms, max {worst:.1f} ms over {len(latencies)} calls")
    ok = median <= TARGET_MS
    print(f"target: median <= {TARGET_MS:.0f} ms per prompt: {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
