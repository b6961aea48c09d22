"""The render job: the song's current edit state through the one render path (songs.renders)."""

from __future__ import annotations

from engine.progress import Progress
from jobs.models import Job
from songs.head import song_head_render_landed
from songs.job_params import RenderParams
from songs.models import Song
from songs.rendering.renders import song_state_render
from songs.state import applied_ops


def song_render_task(job: Job, params: RenderParams, report: Progress) -> None:
    """Render whatever state the song is in when the job runs (later edits supersede earlier jobs)."""
    assert job.song_id is not None
    song = Song.objects.get(pk=job.song_id)
    render = song_state_render(
        song=song,
        ops=applied_ops(song),
        progress=lambda stage, fraction: report(stage.capitalize(), fraction),
    )
    song_head_render_landed(song=song, render=render)
