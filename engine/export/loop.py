"""A section exported as a seamless loop.

The region is rendered on its own (the song trimmed to bars start..end, with every track's fader and
effects), so its release tail is exactly what the region's notes leave behind; that tail is folded back
onto the region's start, as it would sound when the loop plays again. The loop is cut at exact bar
boundaries in samples. It is then mastered as the middle copy of three, so the limiter's envelope at the
seam has the loop's own end before it and its own start after it: no step in gain at the loop point.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import numpy.typing as npt

from engine.edit.fold import apply_op
from engine.edit.ops import Trim
from engine.edit.render import premaster_mix, wet_stems
from engine.edit.state import SongState
from engine.export.audio import ExportFormat, export_mix
from engine.mix.master import CEILING_DBTP, TARGET_LUFS, MasterResult, master
from engine.render.cache import StageCache
from engine.render.fluidsynth import SAMPLE_RATE

Audio = npt.NDArray[np.float32]


def loop_audio(
    state: SongState, start_bar: int, end_bar: int, cache: StageCache, *, soundfont: Path | None = None
) -> MasterResult:
    """The mastered loop of bars start_bar..end_bar-1 (0-based, end exclusive): exactly their length."""
    return _master_loop(_loop_mix(state, start_bar, end_bar, cache, soundfont=soundfont))


def _loop_mix(
    state: SongState, start_bar: int, end_bar: int, cache: StageCache, *, soundfont: Path | None
) -> Audio:
    """The region's pre-master mix, its tail folded onto its start."""
    region = apply_op(state, Trim(start_bar=start_bar, end_bar=end_bar))
    stems, _, _ = wet_stems(region, cache, soundfont=soundfont)
    mixed = premaster_mix(region, stems)
    length = round(region.score.duration_seconds * SAMPLE_RATE)
    loop = mixed[:, :length].copy()
    tail = mixed[:, length:]
    for offset in range(0, tail.shape[1], length):  # a tail longer than the loop wraps more than once
        piece = tail[:, offset : offset + length]
        loop[:, : piece.shape[1]] += piece
    return loop


def _master_loop(
    loop: Audio, target_lufs: float = TARGET_LUFS, ceiling_dbtp: float = CEILING_DBTP
) -> MasterResult:
    length = loop.shape[1]
    mastered = master(
        np.concatenate([loop, loop, loop], axis=1), target_lufs=target_lufs, ceiling_dbtp=ceiling_dbtp
    )
    middle = mastered.audio[:, length : 2 * length].copy()
    return MasterResult(
        middle, mastered.integrated_lufs, mastered.true_peak_dbtp, mastered.gain_db, mastered.max_reduction_db
    )


def export_loop(
    state: SongState,
    start_bar: int,
    end_bar: int,
    path: Path,
    fmt: ExportFormat,
    cache: StageCache,
    *,
    soundfont: Path | None = None,
) -> Path:
    """Write the seamless loop of bars start_bar..end_bar-1 to `path` (use WAV/FLAC/OGG for gapless
    playback: MP3 encoders pad the start and end). A lossy loop that needs re-limiting is mastered again
    as the middle of three copies, like the loop itself, so its seam stays smooth."""
    loop = _loop_mix(state, start_bar, end_bar, cache, soundfont=soundfont)
    return export_mix(
        _master_loop(loop).audio,
        fmt,
        path,
        remaster=lambda target, ceiling: _master_loop(loop, target, ceiling),
    )
