"""Making a song: validate the spec, create the song and its generate job."""

from __future__ import annotations

import random
from typing import Any

from django.db import transaction

from core.visibility import Requester
from engine.pipeline import default_mixes
from engine.score import Score
from engine.spec import SEED_MAX, SongSpec
from jobs.models import Job
from jobs.services import job_create
from songs.generation.spec_input import song_spec_from_input
from songs.job_params import SongJobKind
from songs.models import Song, Track
from songs.titles import song_default_title


def song_pending_create(*, requester: Requester, spec: SongSpec, title: str, title_is_custom: bool) -> Song:
    """The pending song row for a validated spec (its job composes and renders it)."""
    return Song.objects.create(
        owner=requester.user,
        session_key=requester.session_key,
        title=title,
        title_is_custom=title_is_custom,
        spec=spec.model_dump(mode="json"),
        genre=spec.genre,
        mood=spec.mood,
        tempo=spec.tempo,
        key=spec.key,
        mode=spec.mode,
        seed=spec.seed,
    )


def song_tracks_replace(*, song: Song, score: Score) -> None:
    """The song's track rows for its composed score, with the default mix (a re-run replaces, never
    duplicates)."""
    Track.objects.filter(song=song).delete()
    Track.objects.bulk_create(
        Track(
            song=song,
            index=index,
            name=track.name,
            instrument=track.instrument,
            role=track.role.value,
            program=track.program,
            bank=track.bank,
            gain_db=mix.gain_db,
            pan=mix.pan,
        )
        for index, (track, mix) in enumerate(zip(score.tracks, default_mixes(score), strict=True))
    )


@transaction.atomic
def song_create(*, requester: Requester, data: dict[str, Any], title: str = "") -> tuple[Song, Job]:
    """Validate a spec, create a pending song and queue the job that composes and renders it."""
    payload = dict(data)
    if payload.get("seed") is None:
        payload["seed"] = random.SystemRandom().randint(0, SEED_MAX)
    spec = song_spec_from_input(payload)
    song = song_pending_create(
        requester=requester,
        spec=spec,
        title=title.strip() or song_default_title(spec),
        title_is_custom=bool(title.strip()),
    )
    job = job_create(kind=SongJobKind.GENERATE, requester=requester, song_id=song.id)
    return song, job
