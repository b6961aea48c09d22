"""Staged, content-addressed render of a SongState: render -> process -> mix -> master.

    render   dry stem per track           stem recipe (notes, tempo, program/bank, length) + SoundFont sha256
    process  wet stem per track           dry key + the track's effect chain
    mix      faders summed, master chain  wet keys + every fader (gain, pan, mute, solo) + master chain
    master   -14 LUFS, <= -1 dBTP         mix key + loudness target and ceiling

So a fader move re-runs only mix + master, one track's effect change re-processes only that track, and
a tempo or key change re-renders the symbolic stems from MIDI. The pre-master mix is not stored: it is
never reused without mastering it again, and the master is stored under the key that implies it.
Identical states give identical keys and bit-identical audio (a fixed summation order, deterministic DSP).
"""

from __future__ import annotations

import contextlib
import json
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt

from engine.edit.audio_track import render_clip
from engine.edit.state import SongState
from engine.mix.buffers import scratch_audio
from engine.mix.effects import apply_chain
from engine.mix.master import CEILING_DBTP, TARGET_LUFS, MasterResult, master
from engine.mix.mixdown import mix_stems
from engine.progress import Progress, report_progress
from engine.render.cache import StageCache, stage_key
from engine.render.fluidsynth import (
    RENDER_WORKERS,
    SAMPLE_RATE,
    default_soundfont,
    render_cost,
    render_track,
    soundfont_sha256,
)

Audio = npt.NDArray[np.float32]
STAGES: tuple[str, ...] = ("render", "process", "mix", "master")


@dataclass
class StageCounts:
    hits: int = 0
    misses: int = 0


@dataclass(frozen=True)
class RenderKeys:
    dry: dict[str, str]  # track id -> dry stem key
    wet: dict[str, str]  # track id -> wet stem key (the dry key when the chain is empty)
    mix: str
    master: str


@dataclass(frozen=True)
class RenderedState:
    master: MasterResult
    stems: dict[str, Audio]  # track id -> wet stem (2, n) float32, pre-fader; read-only
    keys: RenderKeys
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage
    counts: dict[str, StageCounts] = field(default_factory=dict)  # cache hits/misses per stage


def _as_audio(array: npt.NDArray[np.floating]) -> Audio:
    if array.dtype != np.float32:
        raise ValueError(f"Cached audio must be float32, got {array.dtype}.")
    out: Audio = array.astype(np.float32, copy=False)
    return out


def wet_stems(
    state: SongState,
    cache: StageCache,
    *,
    soundfont: Path | None = None,
    progress: Progress | None = None,
    counts: dict[str, StageCounts] | None = None,
    timings: dict[str, float] | None = None,
) -> tuple[dict[str, Audio], dict[str, str], dict[str, str]]:
    """Every track's wet stem (rendering and processing only what the cache lacks), dry keys, wet keys."""
    counts = counts if counts is not None else {stage: StageCounts() for stage in STAGES}
    timings = timings if timings is not None else {}
    font = (soundfont or default_soundfont()).resolve()
    font_sha = soundfont_sha256(font)
    recipes = state.stem_recipes()
    dry_keys = {
        track_id: stage_key("dry", recipe.content_key(font_sha)) for track_id, recipe in recipes.items()
    }
    stems: dict[str, Audio] = {}
    wet_keys: dict[str, str] = {}
    mark = time.perf_counter()
    dry_stems = _dry_stems(state, cache, dry_keys, font, counts)
    render_s = time.perf_counter() - mark
    process_s = 0.0
    for done, track_state in enumerate(state.tracks, start=1):
        track_id = track_state.id
        dry = dry_stems[track_id]
        mark = time.perf_counter()
        if track_state.chain.is_empty:
            wet_keys[track_id], wet = dry_keys[track_id], dry
        else:
            wet_keys[track_id] = stage_key("wet", dry_keys[track_id], track_state.chain.content_key())
            cached = cache.get(wet_keys[track_id])
            if cached is None:
                counts["process"].misses += 1
                wet = apply_chain(track_state.chain, dry)
                cache.put(wet_keys[track_id], wet)
            else:
                counts["process"].hits += 1
                wet = _as_audio(cached)
        process_s += time.perf_counter() - mark
        stems[track_id] = wet
        report_progress(progress, "render", 0.8 * done / len(state.tracks))
    timings["render"] = timings.get("render", 0.0) + render_s
    timings["process"] = timings.get("process", 0.0) + process_s
    return stems, dry_keys, wet_keys


def _dry_stems(
    state: SongState,
    cache: StageCache,
    dry_keys: dict[str, str],
    font: Path,
    counts: dict[str, StageCounts],
) -> dict[str, Audio]:
    """Every track's dry stem: from the cache, or rendered — the missing ones on RENDER_WORKERS threads."""
    recipes = state.stem_recipes()
    found: dict[str, Audio] = {}
    missing: list[str] = []
    for track_id in state.track_ids:
        cached = cache.get(dry_keys[track_id])
        if cached is None:
            missing.append(track_id)
        else:
            found[track_id] = _as_audio(cached)
    counts["render"].hits += len(found)
    counts["render"].misses += len(missing)

    def render(track_id: str) -> Audio:
        recipe = recipes[track_id]
        if recipe.audio is not None:
            return render_clip(
                recipe.audio,
                tempo=recipe.tempo,
                beats_per_bar=recipe.beats_per_bar,
                total_samples=recipe.total_samples,
            )
        return render_track(recipe.track, state.score, total_samples=recipe.total_samples, soundfont=font)

    def cost(track_id: str) -> float:
        recipe = recipes[track_id]
        if recipe.audio is not None:  # a time-stretch/pitch-shift: about as heavy as a busy part
            return 4.0 * recipe.total_samples / SAMPLE_RATE
        return render_cost(recipe.track, state.score)

    missing.sort(key=lambda track_id: -cost(track_id))  # longest first: both workers busy to the end
    with ThreadPoolExecutor(max_workers=RENDER_WORKERS, thread_name_prefix="render") as pool:
        for track_id, dry in zip(missing, pool.map(render, missing), strict=True):
            cache.put(dry_keys[track_id], dry)
            found[track_id] = dry
    return found


def mix_key(state: SongState, wet_keys: dict[str, str]) -> str:
    faders = [
        [t.id, wet_keys[t.id], float(t.mix.gain_db).hex(), float(t.mix.pan).hex(), t.mix.mute, t.mix.solo]
        for t in state.tracks
    ]
    return stage_key("mix", json.dumps(faders), state.master_chain.content_key())


def premaster_mix(state: SongState, stems: dict[str, Audio], out: Audio | None = None) -> Audio:
    """The faders' sum of the wet stems (into `out` if given), through the master chain (before loudness
    mastering)."""
    mixed = mix_stems([stems[t.id] for t in state.tracks], state.mixes(), out)
    return apply_chain(state.master_chain, mixed)


def _meta_key(master_key: str) -> str:
    return stage_key("master-meta", master_key)


def render_state(
    state: SongState,
    cache: StageCache,
    *,
    soundfont: Path | None = None,
    progress: Progress | None = None,
) -> RenderedState:
    """Render a folded song through the cached stages; only stages whose inputs changed run."""
    counts = {stage: StageCounts() for stage in STAGES}
    timings: dict[str, float] = {}
    started = time.perf_counter()
    stems, dry_keys, wet_keys = wet_stems(
        state, cache, soundfont=soundfont, progress=progress, counts=counts, timings=timings
    )
    key = mix_key(state, wet_keys)
    master_key = stage_key("master", key, float(TARGET_LUFS).hex(), float(CEILING_DBTP).hex())
    audio, meta = cache.get(master_key), cache.get(_meta_key(master_key))
    if audio is not None and meta is not None:
        counts["mix"].hits += 1
        counts["master"].hits += 1
        lufs, peak, gain, reduction = (float(v) for v in meta)
        mastered = MasterResult(_as_audio(audio), lufs, peak, gain, reduction)
        timings["mix"] = timings["master"] = 0.0
    else:
        counts["mix"].misses += 1
        mark = time.perf_counter()
        shapes = {(stem.shape[0], stem.shape[1]) for stem in stems.values()}
        # The pre-master mix lives only until the master is written: its memory is reused render to render.
        reuse = scratch_audio(shapes.pop()) if len(shapes) == 1 else contextlib.nullcontext(None)
        with reuse as buffer:
            mixed = premaster_mix(state, stems, buffer)
            timings["mix"] = time.perf_counter() - mark
            report_progress(progress, "mix", 0.85)
            counts["master"].misses += 1
            mark = time.perf_counter()
            mastered = master(mixed)
            del mixed
        cache.put(master_key, mastered.audio)
        values = (
            mastered.integrated_lufs,
            mastered.true_peak_dbtp,
            mastered.gain_db,
            mastered.max_reduction_db,
        )
        cache.put(_meta_key(master_key), np.array(values, dtype=np.float64))
        timings["master"] = time.perf_counter() - mark
    report_progress(progress, "master", 1.0)
    timings["total"] = time.perf_counter() - started
    return RenderedState(
        master=mastered,
        stems=stems,
        keys=RenderKeys(dry=dry_keys, wet=wet_keys, mix=key, master=master_key),
        timings=timings,
        counts=counts,
    )
