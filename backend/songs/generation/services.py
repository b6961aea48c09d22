"""Making a song: validate the spec, create the song and its generate job."""

from __future__ import annotations

import random
from typing import Any

from django.db import transaction

from core.visibility import Requester
from engine.spec import SEED_MAX, SongSpec
from jobs.models import Job
from jobs.services import job_create
from songs.generation.spec_input import song_spec_from_input
from songs.job_params import SongJobKind
from songs.models import Song
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
