"""The generate job: compose the score (the base), then render it as the first state of its empty edit log.

Generation has no render path of its own: the base's empty log goes through songs.renders like any
edit's state, so the editor finds the song rendered and a download of an unedited song is that render.
Safe to re-run: a base already composed is kept (replay never composes), renders are content-keyed."""

from __future__ import annotations

from django.db import transaction

from engine.compose import compose
from engine.edit.state import initial_state
from engine.pipeline import default_mixes
from engine.progress import Progress
from engine.score import Score
from engine.spec import SongSpec
from jobs.models import Job
from songs.generation.services import song_tracks_replace
from songs.head import song_head_sync
from songs.job_params import GenerateParams, MelodySource
from songs.library.downloads import song_download
from songs.melody.tasks import melody_song_compose
from songs.models import Song
from songs.rendering.renders import song_state_render

COMPOSE_SHARE = 0.05  # of the progress bar


def song_generate_task(job: Job, params: GenerateParams, report: Progress) -> None:
    """Compose and render the job's song; on failure the song is marked failed and the error re-raised."""
    song = job.song
    assert song is not None
    try:
        _generate(song, report, params.melody)
    except BaseException:
        Song.objects.filter(pk=song.pk).update(status=Song.Status.FAILED)
        raise


def _generate(song: Song, report: Progress, melody: MelodySource | None = None) -> None:
    # A base composed by an earlier run of this job is kept: replay never composes.
    score = Score.model_validate(song.score) if song.score else _compose(song, report, melody)
    mixes = default_mixes(score)
    song_state_render(
        song=song,
        ops=[],
        state=initial_state(score, mixes=mixes),
        progress=lambda stage, fraction: report(stage, COMPOSE_SHARE + (1 - COMPOSE_SHARE) * fraction),
    )
    song.status = Song.Status.READY
    # Its MP3 now, as the player's and the library's download and what a share link of it plays.
    report("Encoding", 0.97)
    song_download(song=song, fmt="mp3", bit_depth=16)
    Song.objects.filter(pk=song.pk).update(status=Song.Status.READY)
    song_head_sync(song=song)


def _compose(song: Song, report: Progress, melody: MelodySource | None) -> Score:
    """Compose the base and store it with its tracks' starting faders, once."""
    if melody is not None:  # hum-to-song: the song is arranged around a recorded melody
        score = melody_song_compose(song=song, source=melody, report=report)
    else:
        report("Composing", 0.01)
        score = compose(SongSpec.model_validate(song.spec))
    report("Rendering", COMPOSE_SHARE)
    with transaction.atomic():
        song_tracks_replace(song=song, score=score)
        Song.objects.filter(pk=song.pk).update(score=score.model_dump(mode="json"), bars=score.bars)
    song.score = score.model_dump(mode="json")
    return score
