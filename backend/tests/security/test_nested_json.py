"""Deeply nested JSON through HTTP: a 400 with a human message, never a 500, and nothing written."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from core.parsers import JSON_MAX_DEPTH, JSON_TOO_DEEP
from jobs.models import Job
from security.songs import ready_song
from songs.models import Edit, Song

TOO_DEEP = JSON_TOO_DEEP.format(limit=JSON_MAX_DEPTH)


def _nested(depth: int) -> str:
    """An edit-shaped object whose last parameter nests `depth` levels in all (arrays and objects)."""
    inner = "[" * (depth - 1) + "]" * (depth - 1)
    return '{"type": "set_tempo", "tempo": ' + inner + "}"


@pytest.mark.django_db
@pytest.mark.parametrize("depth", [JSON_MAX_DEPTH + 1, 1000, 100_000])
def test_deeply_nested_json_is_a_400_on_songs_and_edits(owner_client: Client, depth: int) -> None:
    song = ready_song(owner_client, bars=4, tempo=120)
    counts = (Song.objects.count(), Edit.objects.count(), Job.objects.count())
    for url in ("/api/songs/", f"/api/songs/{song.pk}/edits"):
        response = owner_client.post(url, _nested(depth), content_type="application/json")
        print(
            f"\nnested JSON depth {depth:,} on {url.split('/')[-1] or 'songs'}: status {response.status_code}"
        )
        assert response.status_code == 400
        assert response.json() == {"message": TOO_DEEP, "extra": {}}
    assert (Song.objects.count(), Edit.objects.count(), Job.objects.count()) == counts


@pytest.mark.django_db
def test_json_nested_up_to_the_limit_reaches_validation(owner_client: Client) -> None:
    song = ready_song(owner_client, bars=4, tempo=120)
    response = owner_client.post(
        f"/api/songs/{song.pk}/edits", _nested(JSON_MAX_DEPTH), content_type="application/json"
    )
    body: dict[str, Any] = response.json()
    print(
        f"\nnested JSON depth {JSON_MAX_DEPTH} on edits: status {response.status_code}, {body['message']!r}"
    )
    assert response.status_code == 400
    assert "tempo" in body["extra"]["fields"], "parsed, then refused for what it says"


@pytest.mark.django_db
def test_nested_json_in_a_form_field_is_a_400(owner_client: Client) -> None:
    response = owner_client.post(
        "/api/songs/from-melody", {"instruments": "[" * 5000 + "]" * 5000, "upload": "x"}
    )
    print(f"\nnested JSON in the from-melody form: status {response.status_code}")
    assert response.status_code == 400
