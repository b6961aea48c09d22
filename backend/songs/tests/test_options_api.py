from typing import Any

import pytest
from django.test import Client

from engine.instruments import INSTRUMENTS
from engine.spec import GENRES, MOODS, SongSpec


@pytest.mark.django_db
def test_options_lists_engine_choices_and_sets_csrf_cookie(owner_client: Client) -> None:
    response = owner_client.get("/api/options")

    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    assert [g["value"] for g in body["genres"]] == list(GENRES)
    assert [m["value"] for m in body["moods"]] == list(MOODS)
    assert len(body["keys"]) == 12
    assert {"major", "minor"} <= {m["value"] for m in body["modes"]}
    assert len(body["instruments"]) == len(INSTRUMENTS)
    assert any(i["is_drum_kit"] for i in body["instruments"])
    assert body["tempo"] == {"min": 40, "max": 240, "default": body["default_spec"]["tempo"]}
    assert "csrftoken" in response.cookies


@pytest.mark.django_db
def test_every_default_in_options_is_a_valid_spec(owner_client: Client) -> None:
    body = owner_client.get("/api/options").json()

    SongSpec.model_validate(body["default_spec"])
    for genre, defaults in body["genre_defaults"].items():
        SongSpec.model_validate(
            {
                **body["default_spec"],
                "genre": genre,
                "tempo": defaults["tempo"],
                "mode": defaults["mode"],
                "instruments": defaults["instruments"],
            }
        )
