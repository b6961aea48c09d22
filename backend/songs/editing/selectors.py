"""Reads for the editor: the folded state with stems, history, versions and render status."""

from __future__ import annotations

import uuid
from typing import Any

from core.exceptions import NOT_FOUND, NotFoundError
from engine.edit.state import SongState
from jobs.models import Job
from songs.editing.summaries import describe_ops
from songs.head import head_tracks
from songs.job_params import SongJobKind
from songs.models import Edit, RenderedStem, Song, SongExport, SongRender, Version
from songs.state import applied_ops, song_start_state, song_state, state_hash


def version_get(*, song: Song, version_id: int) -> Version:
    version = Version.objects.filter(song=song, pk=version_id).first()
    if version is None:
        raise NotFoundError(NOT_FOUND)
    return version


def export_get(*, song: Song, export_id: uuid.UUID) -> SongExport:
    export = SongExport.objects.filter(song=song, pk=export_id).first()
    if export is None:
        raise NotFoundError(NOT_FOUND)
    return export


def rendered_stem_get(*, song: Song, key: str) -> RenderedStem:
    stem = RenderedStem.objects.filter(song=song, key=key).first()
    if stem is None:
        raise NotFoundError(NOT_FOUND)
    return stem


def _notes(state: SongState, index: int) -> list[list[float]]:
    tpb = state.score.ticks_per_beat
    return [
        [round(n.start / tpb, 4), round(n.duration / tpb, 4), n.pitch, n.velocity]
        for n in state.score.tracks[index].notes
    ]


def song_editor_state(*, song: Song) -> dict[str, Any]:
    """Everything the editor page shows for the song's current state."""
    log = list(Edit.objects.filter(song=song).order_by("seq"))  # the whole log, read once
    ops = [edit.as_op_data() for edit in log if edit.seq <= song.head]
    state = song_state(song, ops)
    score = state.score
    render = SongRender.objects.filter(song=song, state_hash=state_hash(ops)).first()
    # The whole log (redo tail too) replayed once more, each edit described on the song it changed.
    every_op = [edit.as_op_data() for edit in log]
    summaries, _ = describe_ops(song_start_state(song, every_op), every_op)
    tracks = [
        {
            **track,
            "chain": track_state.chain.model_dump(mode="json"),
            "notes": _notes(state, index),
            "upload_id": track_state.audio.source.upload if track_state.audio else None,
        }
        for index, (track, track_state) in enumerate(
            zip(head_tracks(song=song, state=state, render=render), state.tracks, strict=True)
        )
    ]

    edits = [
        {
            "seq": edit.seq,
            "type": edit.type,
            "params": edit.params,
            "summary": summary,
            "applied": edit.seq <= song.head,
            "created_at": edit.created_at,
        }
        for edit, summary in zip(log, summaries, strict=True)
    ]
    return {
        "song_id": song.pk,
        "title": song.title,
        "head": song.head,
        "can_undo": song.head > 0,
        "can_redo": any(not e["applied"] for e in edits),
        "tempo": score.tempo,
        "key": score.key,
        "mode": score.mode,
        "bars": score.bars,
        "beats_per_bar": score.beats_per_bar,
        "duration_seconds": score.duration_seconds,
        "sections": [{"name": s.name, "start_bar": s.start_bar, "bars": s.bars} for s in score.sections],
        "tracks": tracks,
        "master_chain": state.master_chain.model_dump(mode="json"),
        "edits": edits,
        "versions": [
            {"id": v.pk, "name": v.name, "edits": len(v.ops), "created_at": v.created_at}
            for v in Version.objects.filter(song=song).order_by("created_at")
        ],
        "render": _render_status(song, render, state_hash(ops)),
    }


def _render_status(song: Song, render: SongRender | None, head_hash: str) -> dict[str, Any]:
    """`ready` once the head is rendered, `rendering` while a job is on it, `failed` with its message."""
    job = (
        None
        if render
        else Job.objects.filter(song=song, kind=SongJobKind.RENDER).order_by("-created_at").first()
    )
    if job is not None and job.is_finished and job.status != Job.Status.FAILED:
        # The job may have finished after the render was looked up: look again.
        render = SongRender.objects.filter(song=song, state_hash=head_hash).first()
        job = None if render else job
    if render is not None:
        status = "ready"
    elif job is not None and job.status == Job.Status.FAILED:
        status = "failed"
    else:
        status = "rendering"  # the API queues a render when none is on its way (songs.edit_apis)
    return {
        "status": status,
        "job_id": job.pk if job is not None and not job.is_finished else None,
        "error": job.error if status == "failed" and job is not None else "",
        "loudness_lufs": render.loudness_lufs if render else None,
        "true_peak_dbtp": render.true_peak_dbtp if render else None,
    }


def version_diff(*, song: Song, version: Version) -> dict[str, Any]:
    """What differs between the current state and a version: the ops after their common start."""
    current = applied_ops(song)
    other = list(version.ops)
    common = 0
    while common < min(len(current), len(other)) and current[common] == other[common]:
        common += 1
    start = song_start_state(song, current + other)
    _, shared = describe_ops(start, current[:common])
    fork = shared[-1] if shared else start
    return {
        "common": common,
        "only_current": describe_ops(fork, current[common:])[0],
        "only_version": describe_ops(fork, other[common:])[0],
    }
