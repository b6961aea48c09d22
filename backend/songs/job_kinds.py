"""The songs app's kinds of job: registered with `jobs` in SongsConfig.ready()."""

from __future__ import annotations

from typing import Any

from jobs.registry import RENDERS_QUEUE, JobKind
from songs.generation.tasks import song_generate_task
from songs.job_params import ExportParams, GenerateParams, RenderParams, SongJobKind
from songs.rendering.exports import song_export_task
from songs.rendering.tasks import song_render_task


def _render_state(params: RenderParams) -> str:
    return params.state_hash


SONG_JOB_KINDS: tuple[JobKind[Any], ...] = (
    JobKind(name=SongJobKind.GENERATE, task=song_generate_task, params=GenerateParams),
    # Renders are keyed by edit state: a second request for a state already queued joins that job. A
    # render job renders the head when it runs, so a newer state retargets a job still queued.
    JobKind(
        name=SongJobKind.RENDER,
        task=song_render_task,
        params=RenderParams,
        queue=RENDERS_QUEUE,
        dedup_key=_render_state,
        supersedes=True,
    ),
    JobKind(name=SongJobKind.EXPORT, task=song_export_task, params=ExportParams, queue=RENDERS_QUEUE),
)
