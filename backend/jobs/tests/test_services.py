"""job_create validates a job's params by its kind, stores them as JSON and reuses a pending job by key."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from pydantic import ValidationError as ParamsInvalid

from core.visibility import Requester
from jobs.models import Job
from jobs.registry import JobKind, UnknownJobKindError
from jobs.services import job_create
from jobs.tests.conftest import ECHO, EchoParams
from songs.job_params import ExportParams, GenerateParams, MelodySource, RenderParams, SongJobKind

STATE_HASH = "ab" * 32


def _create(kind: str, params: Any) -> Job:
    return job_create(kind=kind, requester=Requester(user=None, session_key="s"), params=params)


def test_params_are_stored_as_their_json(db: None, echo_kind: JobKind[EchoParams]) -> None:
    job = _create(ECHO, EchoParams(words="la la"))

    job.refresh_from_db()
    assert (job.kind, job.params, job.status) == (ECHO, {"words": "la la", "take": 1}, Job.Status.QUEUED)
    assert job.dedup_key == "la la"


def test_params_given_as_json_are_validated_and_completed(db: None, echo_kind: JobKind[EchoParams]) -> None:
    job = _create(ECHO, {"words": "hm"})

    assert Job.objects.get(pk=job.pk).params == {"words": "hm", "take": 1}


@pytest.mark.parametrize(
    ("kind", "params"),
    [
        (ECHO, {"words": ""}),
        (ECHO, {"words": "hm", "volume": 11}),
        (ECHO, None),
        (SongJobKind.RENDER, {"state_hash": "not a hash"}),
        (SongJobKind.RENDER, GenerateParams()),  # another kind's params
        (SongJobKind.EXPORT, {"export_id": "17"}),
        (SongJobKind.GENERATE, {"melody": {"upload_id": "u"}}),
    ],
)
def test_params_that_do_not_fit_the_kind_are_refused(
    db: None, echo_kind: JobKind[EchoParams], kind: str, params: Any
) -> None:
    with pytest.raises(ParamsInvalid):
        _create(kind, params)

    assert Job.objects.count() == 0


def test_an_unknown_kind_is_refused(db: None) -> None:
    with pytest.raises(UnknownJobKindError):
        _create("transcribe-backwards", {})

    assert Job.objects.count() == 0


def test_a_pending_job_with_the_same_key_is_reused_a_finished_one_is_not(
    db: None, echo_kind: JobKind[EchoParams]
) -> None:
    first = _create(ECHO, {"words": "hm"})

    assert _create(ECHO, {"words": "hm", "take": 2}) == first
    assert _create(ECHO, {"words": "la"}) != first
    Job.objects.filter(pk=first.pk).update(status=Job.Status.RUNNING)
    assert _create(ECHO, {"words": "hm"}) == first
    Job.objects.filter(pk=first.pk).update(status=Job.Status.SUCCEEDED)
    assert _create(ECHO, {"words": "hm"}) != first
    assert Job.objects.count() == 3


def test_song_params_round_trip_through_json() -> None:
    melody = MelodySource(upload_id="u1", tempo_given=True, key_given=False, starts_on_downbeat=True)
    for params in [
        GenerateParams(),
        GenerateParams(melody=melody),
        RenderParams(state_hash=STATE_HASH),
        ExportParams(export_id=uuid.uuid4()),
    ]:
        assert type(params).model_validate(params.model_dump(mode="json")) == params
    assert GenerateParams(melody=melody).model_dump(mode="json") == {
        "melody": {
            "upload_id": "u1",
            "tempo_given": True,
            "key_given": False,
            "starts_on_downbeat": True,
            "length_given": False,
        }
    }


def test_a_job_row_is_cleaned_against_its_kind(echo_kind: JobKind[EchoParams]) -> None:
    Job(kind=ECHO, params={"words": "hm"}).clean()
    with pytest.raises(ValidationError, match="params"):
        Job(kind=ECHO, params={"words": 3}).clean()
    with pytest.raises(ValidationError, match="kind"):
        Job(kind="transcribe-backwards").clean()
