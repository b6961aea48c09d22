"""The generate job: compose the score, render every stem, master, encode, store. Safe to re-run."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.conf import settings
from django.db import transaction

from engine.compose import compose
from engine.edit.fold import initial_state
from engine.edit.render import wet_stems
from engine.pipeline import default_mixes, produce
from engine.score import Score
from engine.spec import SongSpec
from jobs.models import Job
from jobs.runner import ProgressReporter
from songs.media import media_store
from songs.melody_services import MelodySource
from songs.melody_tasks import melody_song_compose
from songs.models import Song, Track
from songs.render_cache import soundfont_setting, stage_cache

COMPOSE_SHARE = 0.05  # of the progress bar


def song_generate_task(job: Job, report: ProgressReporter) -> None:
    """Compose and render the job's song; on failure the song is marked failed and the error re-raised."""
    song = job.song
    assert song is not None
    try:
        _generate(song, report, job.target)
    except BaseException:
        Song.objects.filter(pk=song.pk).update(status=Song.Status.FAILED)
        raise


def _generate(song: Song, report: ProgressReporter, target: str = "") -> None:
    melody = MelodySource.from_target(target)
    stored = Song.objects.filter(pk=song.pk).values_list("score", flat=True).first()
    if stored:  # a re-run renders the score composed the first time: no model or composer runs again
        score = Score.model_validate(stored)
    elif melody is not None:  # hum-to-song: the song is arranged around a recorded melody
        score = melody_song_compose(song=song, source=melody, report=report)
    else:
        report("Composing", 0.01)
        score = compose(SongSpec.model_validate(song.spec))
    report("Rendering", COMPOSE_SHARE)

    def on_progress(stage: str, fraction: float) -> None:
        report(stage, COMPOSE_SHARE + (1 - COMPOSE_SHARE) * fraction)

    scratch = Path(settings.VAR_DIR) / "tmp"
    scratch.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=scratch) as tmp:
        soundfont = soundfont_setting()
        mixes = default_mixes(score)
        # Rendered through the edit stage cache, so the editor's first render reuses these stems.
        dry, _, _ = wet_stems(
            initial_state(score, mixes=mixes),
            stage_cache(),
            soundfont=soundfont,
            progress=lambda stage, fraction: on_progress(stage, 0.6 * fraction / 0.8),
        )
        produced = produce(
            score,
            Path(tmp),
            soundfont=soundfont,
            mixes=mixes,
            progress=on_progress,
            stems=list(dry.values()),
        )
        stems = [(media_store(path=stem.path), stem.peaks) for stem in produced.stems]
        files = {
            "mix_mp3": media_store(path=produced.mix_mp3),
            "mix_wav16": media_store(path=produced.mix_wav16),
            "mix_wav24": media_store(path=produced.mix_wav24),
            "midi": media_store(path=produced.midi),
        }

    with transaction.atomic():
        Track.objects.filter(song=song).delete()  # a re-run replaces, never duplicates
        Track.objects.bulk_create(
            Track(
                song=song,
                index=index,
                name=track.name,
                instrument=track.instrument,
                role=track.role.value,
                program=track.program,
                bank=track.bank,
                stem=stem_name,
                peaks=peaks,
                gain_db=mix.gain_db,
                pan=mix.pan,
            )
            for index, (track, (stem_name, peaks), mix) in enumerate(
                zip(score.tracks, stems, mixes, strict=True)
            )
        )
        Song.objects.filter(pk=song.pk).update(
            score=score.model_dump(mode="json"),
            bars=score.bars,
            duration_seconds=produced.duration_seconds,
            loudness_lufs=produced.integrated_lufs,
            true_peak_dbtp=produced.true_peak_dbtp,
            status=Song.Status.READY,
            **files,
        )
