from typing import Any

import pytest
from django.test import Client

from conftest import SHORT_SPEC
from core.exceptions import FIELDS_INVALID
from jobs.models import Job
from songs.models import Song


def _post(client: Client, body: dict[str, Any]) -> Any:
    return client.post("/api/songs/", body, content_type="application/json")


@pytest.mark.parametrize(
    ("change", "field", "fragment"),
    [
        ({"genre": "polka"}, "genre", "Unknown genre 'polka'"),
        ({"mood": "angsty"}, "mood", "Unknown mood"),
        ({"tempo": 300}, "tempo", "less than or equal to 240"),
        ({"tempo": 20}, "tempo", "greater than or equal to 40"),
        ({"key": "H"}, "key", "Unknown key 'H'"),
        ({"mode": "bebop"}, "mode", "Unknown mode"),
        ({"instruments": []}, "instruments", "at least 1"),
        ({"instruments": [{"instrument": "kazoo"}]}, "instruments.0", "Unknown instrument 'kazoo'"),
        (
            {"instruments": [{"instrument": "acoustic_grand_piano", "role": "drums"}]},
            "instruments.0",
            "not a drum kit",
        ),
        (
            {"instruments": [{"instrument": "standard_drum_kit"}, {"instrument": "jazz_drum_kit"}]},
            "non_field_errors",
            "at most one drum kit",
        ),
        ({"length_seconds": 30}, "non_field_errors", "either in seconds or in bars"),
        ({"length_bars": 1000}, "length_bars", "less than or equal to 600"),
        (
            {"tempo": 40, "length_bars": 256},
            "length_bars",
            "1,536 s long; the limit is 600 s (over by 936 s)",
        ),
    ],
)
@pytest.mark.django_db
def test_invalid_spec_is_rejected_with_a_message_per_field_and_nothing_is_created(
    owner_client: Client, change: dict[str, Any], field: str, fragment: str
) -> None:
    response = _post(owner_client, {**SHORT_SPEC, **change})

    assert response.status_code == 400
    body = response.json()
    assert body["message"] == FIELDS_INVALID
    messages = body["extra"]["fields"][field]
    assert any(fragment in m for m in messages), messages
    assert Song.objects.count() == 0
    assert Job.objects.count() == 0


@pytest.mark.django_db
def test_missing_fields_are_named(owner_client: Client) -> None:
    response = _post(owner_client, {"genre": "pop"})

    assert response.status_code == 400
    fields = response.json()["extra"]["fields"]
    assert {"mood", "tempo", "key", "instruments"} <= set(fields)


@pytest.mark.django_db
def test_create_requires_csrf_token_from_a_browser() -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.get("/api/options")  # the SPA's first call: session + CSRF cookie

    without_token = _post(browser, SHORT_SPEC)
    with_token = browser.post(
        "/api/songs/",
        SHORT_SPEC,
        content_type="application/json",
        HTTP_X_CSRFTOKEN=browser.cookies["csrftoken"].value,
    )

    assert without_token.status_code == 403
    assert with_token.status_code == 202
