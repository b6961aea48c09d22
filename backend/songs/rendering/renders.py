"""The one render path: a song state through the cached stages into a SongRender with encoded stems.

Generation renders the empty edit log with it, the render job the head after every edit; exports and
downloads read the same stage cache."""

from __future__ import annotations

import math
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction

from engine.edit.render import Audio, render_state
from engine.edit.state import SongState
from engine.pipeline import encode_stem
from engine.progress import Progress
from engine.render.fluidsynth import SAMPLE_RATE
from songs.media import media_store
from songs.models import RenderedStem, Song, SongRender
from songs.rendering.cache import recording_stage_cache, render_cache_keys_record, soundfont_setting
from songs.state import OpData, song_state, state_hash

ENCODE_WORKERS = 2


def song_state_render(
    *, song: Song, ops: list[OpData], state: SongState | None = None, progress: Progress | None = None
) -> SongRender:
    """The render of the song in the state `ops` give (folded here unless `state` is that state),
    made now unless it exists: only the stages whose inputs changed run, only new stems are encoded."""
    target = state_hash(ops)
    existing = SongRender.objects.filter(song=song, state_hash=target).first()
    if existing is not None:
        return existing
    state = song_state(song, ops) if state is None else state
    cache = recording_stage_cache()
    rendered = render_state(
        state,
        cache,
        soundfont=soundfont_setting(),
        progress=None if progress is None else lambda stage, fraction: progress(stage, 0.9 * fraction),
    )
    missing = {
        key: rendered.stems[track_id]
        for track_id, key in rendered.keys.wet.items()
        if not RenderedStem.objects.filter(song=song, key=key).exists()
    }
    if progress is not None:
        progress("Encoding stems", 0.9)
    _store_stems(song, missing)
    render_cache_keys_record(song=song, state=target, keys=cache.keys)
    master = rendered.master
    try:
        with transaction.atomic():
            return SongRender.objects.create(
                song=song,
                state_hash=target,
                master_key=rendered.keys.master,
                stem_keys=rendered.keys.wet,
                loudness_lufs=_finite(master.integrated_lufs),
                true_peak_dbtp=_finite(master.true_peak_dbtp),
                duration_seconds=master.audio.shape[1] / SAMPLE_RATE,
            )
    except IntegrityError:  # another job rendered the same state meanwhile: same content
        return SongRender.objects.get(song=song, state_hash=target)


def _finite(value: float) -> float:
    return value if math.isfinite(value) else -120.0


def _store_stems(song: Song, stems: dict[str, Audio]) -> None:
    """Each wet stem as FLAC (scaled down only if it would clip; the gain is kept for playback), read a
    block at a time from the stage cache's memory maps, ENCODE_WORKERS at once."""
    scratch = Path(settings.VAR_DIR) / "tmp"
    scratch.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=scratch) as tmp, ThreadPoolExecutor(ENCODE_WORKERS) as pool:

        def encode_one(key: str, audio: Audio) -> tuple[str, Path, float, list[float]]:
            path, gain_db, peaks = encode_stem(audio, Path(tmp) / f"{key}.flac")
            return key, path, gain_db, peaks

        for key, path, gain_db, peaks in pool.map(lambda item: encode_one(*item), stems.items()):
            size = path.stat().st_size
            name = media_store(path=path)
            try:
                with transaction.atomic():
                    RenderedStem.objects.create(
                        song=song, key=key, file=name, size_bytes=size, peaks=peaks, file_gain_db=gain_db
                    )
            except IntegrityError:
                pass  # stored by a concurrent job
