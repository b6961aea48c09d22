"""The export job: one file from a frozen edit state — a mix format, MIDI, a stems ZIP or a loop."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.conf import settings

from core.exceptions import ApplicationError
from engine.edit.render import render_state
from engine.edit.state import SongState
from engine.export.audio import download_name, export_mix, extension
from engine.export.loop import export_loop
from engine.export.midi import export_midi
from engine.export.stems import export_stems_zip
from engine.mix.mixdown import TrackMix, audible
from engine.progress import Progress
from jobs.models import Job
from songs.job_params import ExportParams
from songs.media import media_store
from songs.models import SongExport
from songs.rendering.cache import (
    RecordingStageCache,
    recording_stage_cache,
    render_cache_keys_record,
    soundfont_setting,
)
from songs.state import song_state
from songs.titles import song_state_title

MIX_FORMATS = ("mp3_128", "mp3_192", "mp3_320", "wav16", "wav24", "flac", "flac24", "ogg")
EXPORT_FORMATS = (*MIX_FORMATS, "midi", "stems")
NO_AUDIBLE_STEMS = "Every track is muted, so there are no stems to export."


def song_export_task(job: Job, params: ExportParams, report: Progress) -> None:
    export = SongExport.objects.select_related("song").get(pk=params.export_id)
    try:
        export_make(export=export, report=report)
    except BaseException:
        SongExport.objects.filter(pk=export.pk).update(status=SongExport.Status.FAILED)
        raise


def export_make(*, export: SongExport, report: Progress | None = None) -> SongExport:
    """Make the export's file from its frozen state and mark it ready."""
    report = report or (lambda stage, fraction: None)
    song = export.song
    state = song_state(song, list(export.ops))
    score = state.score
    title = song_state_title(song=song, key=score.key, mode=score.mode)
    scratch = Path(settings.VAR_DIR) / "tmp"
    scratch.mkdir(parents=True, exist_ok=True)
    looped = export.start_bar is not None and export.end_bar is not None
    cache = recording_stage_cache()
    if export.format == "midi":
        ext, suffix = "mid", ""
    elif export.format == "stems":
        ext, suffix = "zip", "stems"
    else:
        ext, suffix = extension(export.format), ""  # type: ignore[arg-type]
    if looped:
        suffix = f"loop bars {export.start_bar + 1}-{export.end_bar}"  # type: ignore[operator]
    with tempfile.TemporaryDirectory(dir=scratch) as tmp:
        path = Path(tmp) / f"export.{ext}"
        report("Rendering", 0.1)
        if export.format == "midi":
            export_midi(state, path)
        elif export.format == "stems":
            _stems_zip(state, path, title=title, cache=cache)
        elif looped:
            export_loop(
                state,
                int(export.start_bar),  # type: ignore[arg-type]
                int(export.end_bar),  # type: ignore[arg-type]
                path,
                export.format,  # type: ignore[arg-type]
                cache,
                soundfont=soundfont_setting(),
            )
        else:
            rendered = render_state(state, cache, soundfont=soundfont_setting())
            report("Encoding", 0.7)
            export_mix(rendered.master.audio, export.format, path)  # type: ignore[arg-type]
        size = path.stat().st_size
        stored = media_store(path=path)
    render_cache_keys_record(song=song, state=export.state_hash, keys=cache.keys)
    filename = download_name(
        title, tempo=score.tempo, key=score.key, mode=score.mode, fmt=export.format, suffix=suffix, ext=ext
    )
    SongExport.objects.filter(pk=export.pk).update(
        status=SongExport.Status.READY, file=stored, size_bytes=size, filename=filename
    )
    export.status, export.file, export.filename = SongExport.Status.READY, stored, filename
    export.size_bytes = size
    return export


def _stems_zip(state: SongState, path: Path, *, title: str, cache: RecordingStageCache) -> None:
    """Each audible track as heard in the mix: effects, fader and pan applied."""
    rendered = render_state(state, cache, soundfont=soundfont_setting())
    playing = audible(state.mixes())
    stems, names, faders = [], [], []
    for track_state, track, heard in zip(state.tracks, state.score.tracks, playing, strict=True):
        if not heard:
            continue
        stems.append(rendered.stems[track_state.id])
        names.append(track.name)
        faders.append(TrackMix(gain_db=track_state.mix.gain_db, pan=track_state.mix.pan))
    if not stems:
        raise ApplicationError(NO_AUDIBLE_STEMS)
    score = state.score
    export_stems_zip(
        stems, names, path, tempo=score.tempo, key=score.key, mode=score.mode, title=title, mixes=faders
    )
