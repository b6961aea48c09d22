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

import dataclasses
import json
import threading
import time
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt

from engine.blocks import column_blocks
from engine.edit.audio_track import render_clip
from engine.edit.state import SongState
from engine.mix.effects import STREAM_BLOCK, apply_chain, process_blocks
from engine.mix.master import CEILING_DBTP, TARGET_LUFS, MasterResult, master
from engine.mix.mixdown import mix_blocks, mix_stems
from engine.progress import Progress, report_progress
from engine.render.cache import StageCache, stage_key
from engine.render.fluidsynth import (
    RENDER_WORKERS,
    SAMPLE_RATE,
    default_soundfont,
    render_cost,
    render_track_blocks,
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
    # track id -> wet stem (2, n) float32, pre-fader; read-only: the cache's array (with a directory cache,
    # a memory map: read it with engine.blocks.column_blocks to keep only a block resident)
    stems: dict[str, Audio]
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
    """Every track's wet stem (rendering and processing only what the cache lacks), dry keys, wet keys.

    The stems are the cache's arrays: with a directory cache, memory maps of its files. Tracks the cache
    lacks are made on RENDER_WORKERS threads, each streaming its track through render and process a block
    at a time into the cache, so memory stays bounded however long and wide the song.
    """
    counts = counts if counts is not None else {stage: StageCounts() for stage in STAGES}
    timings = timings if timings is not None else {}
    font = (soundfont or default_soundfont()).resolve()
    font_sha = soundfont_sha256(font)
    recipes = state.stem_recipes()
    dry_keys = {
        track_id: stage_key("dry", recipe.content_key(font_sha)) for track_id, recipe in recipes.items()
    }
    wet_keys = {
        t.id: dry_keys[t.id] if t.chain.is_empty else stage_key("wet", dry_keys[t.id], t.chain.content_key())
        for t in state.tracks
    }
    lock = threading.Lock()
    seconds = {"render": 0.0, "process": 0.0}  # summed over the tracks, as if they ran one after another

    def count(stage: str, hit: bool, took: float = 0.0) -> None:
        with lock:
            if hit:
                counts[stage].hits += 1
            else:
                counts[stage].misses += 1
            seconds[stage] += took

    def dry_blocks(track_id: str) -> Iterator[Audio]:
        recipe = recipes[track_id]
        if recipe.audio is not None:
            clip = render_clip(
                recipe.audio,
                tempo=recipe.tempo,
                beats_per_bar=recipe.beats_per_bar,
                total_samples=recipe.total_samples,
            )
            return column_blocks(clip, STREAM_BLOCK)
        return render_track_blocks(
            recipe.track, state.score, total_samples=recipe.total_samples, soundfont=font, block=STREAM_BLOCK
        )

    def make(track_id: str) -> Audio:
        """The track's wet stem, from the cache or streamed into it (its dry stem too, if missing)."""
        track_state = state.tracks[state.index(track_id)]
        shape = (2, recipes[track_id].total_samples)
        mark = time.perf_counter()
        dry = cache.get(dry_keys[track_id])
        if dry is None:
            dry = cache.put_blocks(dry_keys[track_id], shape, dry_blocks(track_id))
            count("render", False, time.perf_counter() - mark)
        else:
            count("render", True, time.perf_counter() - mark)
        if track_state.chain.is_empty:
            return _as_audio(dry)
        mark = time.perf_counter()
        wet = cache.get(wet_keys[track_id])
        if wet is None:
            blocks = process_blocks(track_state.chain, column_blocks(dry, STREAM_BLOCK))
            wet = cache.put_blocks(wet_keys[track_id], shape, blocks)
            count("process", False, time.perf_counter() - mark)
        else:
            count("process", True, time.perf_counter() - mark)
        return _as_audio(wet)

    def cost(track_id: str) -> float:
        recipe = recipes[track_id]
        if recipe.audio is not None:  # a time-stretch/pitch-shift: about as heavy as a busy part
            return 4.0 * recipe.total_samples / SAMPLE_RATE
        return render_cost(recipe.track, state.score)

    # Longest first: every worker busy to the end.
    order = sorted(state.track_ids, key=lambda track_id: -cost(track_id))
    stems: dict[str, Audio] = {}
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=RENDER_WORKERS, thread_name_prefix="render") as pool:
        jobs = {pool.submit(make, track_id): track_id for track_id in order}
        for done, job in enumerate(as_completed(jobs), start=1):
            stems[jobs[job]] = job.result()
            report_progress(progress, "render", 0.8 * done / len(order))
    # The two stages overlap on the workers: their wall time is shared out by the time each took.
    wall, busy = time.perf_counter() - started, seconds["render"] + seconds["process"]
    render_share = seconds["render"] / busy if busy > 0 else 1.0
    timings["render"] = timings.get("render", 0.0) + wall * render_share
    timings["process"] = timings.get("process", 0.0) + wall * (1.0 - render_share)
    return {track_id: stems[track_id] for track_id in state.track_ids}, dry_keys, wet_keys


def mix_key(state: SongState, wet_keys: dict[str, str]) -> str:
    faders = [
        [t.id, wet_keys[t.id], float(t.mix.gain_db).hex(), float(t.mix.pan).hex(), t.mix.mute, t.mix.solo]
        for t in state.tracks
    ]
    return stage_key("mix", json.dumps(faders), state.master_chain.content_key())


def premaster_mix(state: SongState, stems: Mapping[str, Audio], out: Audio | None = None) -> Audio:
    """The faders' sum of the wet stems (into `out` if given), through the master chain (before loudness
    mastering), in place: one full-length array however many stems."""
    mixed = mix_stems([stems[t.id] for t in state.tracks], state.mixes(), out)
    return apply_chain(state.master_chain, mixed, out=mixed)


def premaster_blocks(state: SongState, stems: Mapping[str, Audio]) -> Iterator[Audio]:
    """`premaster_mix` as consecutive blocks of STREAM_BLOCK samples, the mix never whole in memory."""
    mixed = mix_blocks([stems[t.id] for t in state.tracks], state.mixes())
    return mixed if state.master_chain.is_empty else process_blocks(state.master_chain, mixed)


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
        first = stems[state.tracks[0].id]
        # The pre-master mix lives only until the master is written: spilled by the cache (to an unnamed
        # file for a directory cache, read back mapped a block at a time: never whole in memory; reused
        # scratch memory for a memory cache).
        with cache.spill((2, first.shape[1]), premaster_blocks(state, stems)) as mixed:
            timings["mix"] = time.perf_counter() - mark
            report_progress(progress, "mix", 0.85)
            counts["master"].misses += 1
            mark = time.perf_counter()
            mastered = master(mixed)
            del mixed
        cache.put(master_key, mastered.audio)
        stored = cache.get(master_key)  # as the cache keeps it (mapped, for a directory): same values
        if stored is not None:
            mastered = dataclasses.replace(mastered, audio=_as_audio(stored))
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
