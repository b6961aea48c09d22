"""The render job: the song's current edit state through the cached stages; changed stems re-encoded."""

from __future__ import annotations

import math
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
from django.conf import settings
from django.db import IntegrityError, transaction

from engine.audio_io.ffmpeg import encode
from engine.audio_io.peaks import waveform_peaks
from engine.edit.render import Audio, render_state
from engine.pipeline import stem_file_gain
from engine.progress import Progress
from engine.render.fluidsynth import SAMPLE_RATE
from jobs.models import Job
from songs.edit_state import applied_ops, song_state, state_hash
from songs.job_params import RenderParams
from songs.media import media_store
from songs.models import RenderedStem, Song, SongRender
from songs.render_cache import soundfont_setting, stage_cache

ENCODE_WORKERS = 2


def song_render_task(job: Job, params: RenderParams, report: Progress) -> None:
    """Render whatever state the song is in when the job runs (later edits supersede earlier jobs)."""
    assert job.song_id is not None
    song = Song.objects.get(pk=job.song_id)
    ops = applied_ops(song)
    target = state_hash(ops)
    if SongRender.objects.filter(song=song, state_hash=target).exists():
        return
    state = song_state(song, ops)
    rendered = render_state(
        state,
        stage_cache(),
        soundfont=soundfont_setting(),
        progress=lambda stage, fraction: report(stage.capitalize(), 0.8 * fraction),
    )
    missing = {
        key: rendered.stems[track_id]
        for track_id, key in rendered.keys.wet.items()
        if not RenderedStem.objects.filter(song=song, key=key).exists()
    }
    report("Encoding stems", 0.85)
    _store_stems(song, missing)
    master = rendered.master
    try:
        with transaction.atomic():
            SongRender.objects.create(
                song=song,
                state_hash=target,
                master_key=rendered.keys.master,
                stem_keys=rendered.keys.wet,
                loudness_lufs=_finite(master.integrated_lufs),
                true_peak_dbtp=_finite(master.true_peak_dbtp),
                duration_seconds=master.audio.shape[1] / SAMPLE_RATE,
            )
    except IntegrityError:
        pass  # another job rendered the same state meanwhile: same content


def _finite(value: float) -> float:
    return value if math.isfinite(value) else -120.0


def _store_stems(song: Song, stems: dict[str, Audio]) -> None:
    scratch = Path(settings.VAR_DIR) / "tmp"
    scratch.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=scratch) as tmp, ThreadPoolExecutor(ENCODE_WORKERS) as pool:

        def encode_one(key: str, audio: Audio) -> tuple[str, Path, float, list[float]]:
            gain = stem_file_gain([audio])
            scaled = audio if gain == 1.0 else audio * np.float32(gain)
            path = encode(scaled, Path(tmp) / f"{key}.flac", "flac")
            return key, path, 20 * math.log10(gain), waveform_peaks(scaled)

        for key, path, gain_db, peaks in pool.map(lambda item: encode_one(*item), stems.items()):
            name = media_store(path=path)
            try:
                with transaction.atomic():
                    RenderedStem.objects.create(
                        song=song, key=key, file=name, peaks=peaks, file_gain_db=gain_db
                    )
            except IntegrityError:
                pass  # stored by a concurrent job
