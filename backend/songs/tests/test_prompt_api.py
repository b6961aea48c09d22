from typing import Any

import pytest
from django.test import Client

from core.exceptions import FIELDS_INVALID
from engine.spec import SongSpec
from songs.models import Song

LOFI = "dreamy lo-fi for studying, slow, with rhodes and vinyl drums"
TRAILER = "an epic orchestral trailer in D minor at 140 bpm, 2 minutes, with choir and timpani"


def _post(client: Client, body: dict[str, Any]) -> Any:
    return client.post("/api/prompt", body, content_type="application/json")


@pytest.mark.django_db
def test_prompt_returns_a_generatable_spec_and_what_was_read(owner_client: Client) -> None:
    response = _post(owner_client, {"text": TRAILER})

    assert response.status_code == 200
    body = response.json()
    spec = SongSpec.model_validate(body["spec"])
    assert (spec.genre, spec.mood, spec.tempo) == ("cinematic", "epic", 140)
    assert (spec.key, spec.mode) == ("D", "minor")
    assert spec.length_seconds == 120.0
    assert body["spec"]["length_bars"] is None
    slugs = {part["instrument"] for part in body["spec"]["instruments"]}
    assert {"choir_aahs", "timpani"} <= slugs
    assert body["matched"]["tempo"] == "140 bpm → 140 BPM"
    assert body["matched"]["key"] == "in D minor → D"
    assert "choir → Choir Aahs" in body["matched"]["instruments"]
    assert Song.objects.count() == 0  # a draft only: nothing is created


@pytest.mark.django_db
def test_prompt_spec_can_be_posted_to_songs_unchanged(owner_client: Client) -> None:
    spec = _post(owner_client, {"text": LOFI}).json()["spec"]

    created = owner_client.post("/api/songs/", spec, content_type="application/json")

    assert created.status_code == 202, created.json()


@pytest.mark.django_db
def test_same_text_gives_the_same_draft(owner_client: Client, other_client: Client) -> None:
    first = _post(owner_client, {"text": LOFI}).json()
    second = _post(other_client, {"text": LOFI}).json()

    assert first == second


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"text": ""}, "may not be blank"),
        ({"text": "   "}, "may not be blank"),
        ({"text": "x" * 501}, "no more than 500 characters"),
        ({}, "required"),
    ],
)
@pytest.mark.django_db
def test_empty_or_too_long_text_is_rejected(client: Client, body: dict[str, Any], fragment: str) -> None:
    response = _post(client, body)

    assert response.status_code == 400
    assert response.json()["message"] == FIELDS_INVALID
    assert any(fragment in m for m in response.json()["extra"]["fields"]["text"])


@pytest.mark.django_db
def test_text_of_exactly_500_characters_is_accepted(owner_client: Client) -> None:
    text = ("slow jazz with piano " * 30)[:500]

    response = _post(owner_client, {"text": text})

    assert response.status_code == 200
    assert response.json()["spec"]["genre"] == "jazz"


@pytest.mark.django_db
def test_prompt_needs_the_csrf_token_from_a_browser() -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.get("/api/options")

    without_token = _post(browser, {"text": LOFI})
    with_token = browser.post(
        "/api/prompt",
        {"text": LOFI},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=browser.cookies["csrftoken"].value,
    )

    assert without_token.status_code == 403
    assert with_token.status_code == 200


@pytest.mark.django_db
def test_prompt_is_in_the_openapi_schema(owner_client: Client) -> None:
    schema = owner_client.get("/api/schema/", HTTP_ACCEPT="application/json").json()

    operation = schema["paths"]["/api/prompt"]["post"]
    assert operation["operationId"] == "prompt_interpret"
    assert "200" in operation["responses"]
