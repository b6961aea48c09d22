"""Writes for hum-to-song: a new song whose lead is a recorded melody (transcribed, then arranged)."""

from __future__ import annotations

import random
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from core.exceptions import FIELDS_INVALID, ApplicationError
from core.ownership import media_release
from core.visibility import Requester
from engine.compose.from_melody import NEEDS_LEAD
from engine.instruments import Role
from engine.presets import GENRE_PRESETS, MOOD_LABELS
from engine.spec import LENGTH_BARS_MIN, LENGTH_SECONDS_MAX, SEED_MAX, TEMPO_MAX, TEMPO_MIN, SongSpec
from jobs.models import Job
from jobs.services import job_create
from songs.generation.services import song_pending_create
from songs.generation.spec_input import song_spec_from_input
from songs.job_params import GenerateParams, MelodySource, SongJobKind
from songs.models import Song
from uploads.models import Upload
from uploads.services import upload_create

MELODY_TOO_LONG = "Hum or play at most {seconds:g} seconds of melody; this recording is longer."
MELODY_MAX_SECONDS = LENGTH_SECONDS_MAX  # the longest song a spec may ask for


def melody_spec_input(data: dict[str, Any], *, upload: Upload | None) -> SongSpec:
    """The song's spec before the melody is transcribed: the user's choices, and where they left tempo
    or key out, the upload's measured ones (the job replaces them with the melody's own)."""
    payload = {k: v for k, v in data.items() if v is not None}
    if "tempo" not in payload:
        payload["tempo"] = round(min(TEMPO_MAX, max(TEMPO_MIN, upload.tempo if upload else 100)))
    if "key" not in payload:
        payload["key"] = upload.key if upload else "C"
        payload.setdefault("mode", upload.mode if upload else "major")
    payload.setdefault("seed", random.SystemRandom().randint(0, SEED_MAX))
    payload.pop("length_seconds", None)
    # The song is at least this long, in whole repeats of the melody (the job settles it).
    payload.setdefault("length_bars", LENGTH_BARS_MIN)
    spec = song_spec_from_input(payload)
    if not any(part.resolved_role is Role.LEAD for part in spec.instruments):
        raise ApplicationError(FIELDS_INVALID, {"fields": {"instruments": [NEEDS_LEAD]}})
    return spec


def melody_song_title(spec: SongSpec) -> str:
    """E.g. "Happy Pop from a melody" (the key is the melody's, known once it is transcribed)."""
    return f"{MOOD_LABELS[spec.mood]} {GENRE_PRESETS[spec.genre].label.split(' /')[0]} from a melody"


@transaction.atomic
def song_from_melody_create(
    *,
    requester: Requester,
    upload: Upload,
    data: dict[str, Any],
    title: str = "",
    starts_on_downbeat: bool = False,
) -> tuple[Song, Job]:
    """Create a pending song from a recorded melody and queue the job that transcribes, arranges and
    renders it."""
    if upload.duration_seconds > MELODY_MAX_SECONDS:
        message = MELODY_TOO_LONG.format(seconds=MELODY_MAX_SECONDS)
        raise ApplicationError(message, {"fields": {"upload": [message]}})
    spec = melody_spec_input(data, upload=upload)
    song = song_pending_create(
        requester=requester,
        spec=spec,
        title=title.strip() or melody_song_title(spec),
        title_is_custom=bool(title.strip()),
    )
    source = MelodySource(
        upload_id=str(upload.pk),
        tempo_given=data.get("tempo") is not None,
        key_given=data.get("key") is not None,
        starts_on_downbeat=starts_on_downbeat,
        length_given=data.get("length_bars") is not None,
    )
    job = job_create(
        kind=SongJobKind.GENERATE,
        requester=requester,
        song_id=song.id,
        params=GenerateParams(melody=source),
    )
    return song, job


def song_from_melody_file(
    *,
    requester: Requester,
    file: UploadedFile,
    data: dict[str, Any],
    title: str = "",
    starts_on_downbeat: bool = False,
) -> tuple[Song, Job, Upload]:
    """Ingest a recording (the uploads app's checks) and make a song from it; if the song is refused,
    a recording stored just for it is removed again, so a refused request leaves nothing behind."""
    upload, created = upload_create(requester=requester, file=file)
    try:
        song, job = song_from_melody_create(
            requester=requester, upload=upload, data=data, title=title, starts_on_downbeat=starts_on_downbeat
        )
    except ApplicationError:
        if created:
            names = {upload.original, upload.working}
            upload.delete()
            media_release(names=names)
        raise
    return song, job, upload
