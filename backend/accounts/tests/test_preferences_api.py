"""Preferences: read and update through the API, checked against what the composer offers."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import Preferences
from accounts.tests.support import Browser
from core.exceptions import FIELDS_INVALID

URL = "/api/account/preferences"


@pytest.fixture
def ana(db: None) -> Browser:
    browser = Browser()
    assert browser.sign_up("ana@example.com").status_code == 200
    return browser


def test_new_user_has_no_preferences(ana: Browser) -> None:
    body = ana.get(URL).json()

    assert body == {
        "genre": "",
        "mood": "",
        "tempo": None,
        "key": "",
        "mode": "",
        "instruments": [],
        "export_format": "",
    }


def test_preferences_are_saved_and_read_back(ana: Browser) -> None:
    parts = [
        {"instrument": "standard_drum_kit", "role": "drums"},
        {"instrument": "acoustic_grand_piano", "role": "chords"},
    ]
    saved = ana.send(
        "patch",
        URL,
        {
            "genre": "jazz",
            "mood": "calm",
            "tempo": 96,
            "key": "F#",
            "instruments": parts,
            "export_format": "flac",
        },
    )

    assert saved.status_code == 200, saved.content
    again = ana.get(URL).json()
    assert again["genre"] == "jazz" and again["mood"] == "calm" and again["tempo"] == 96
    assert again["key"] == "F#" and again["export_format"] == "flac"
    assert again["instruments"] == parts
    assert ana.send("patch", URL, {"tempo": None}).json()["genre"] == "jazz"  # partial update
    assert Preferences.objects.get().tempo is None


@pytest.mark.parametrize(
    ("change", "field", "fragment"),
    [
        ({"genre": "polka"}, "genre", "Unknown genre 'polka'"),
        ({"mood": "angsty"}, "mood", "Unknown mood"),
        ({"key": "H"}, "key", "Unknown key"),
        ({"tempo": 400}, "tempo", "between 40 and 240"),
        ({"export_format": "aac"}, "export_format", "Unknown export format"),
        ({"instruments": [{"instrument": "kazoo"}]}, "instruments.0", "Unknown instrument 'kazoo'"),
    ],
)
def test_bad_preferences_are_refused_and_nothing_changes(
    ana: Browser, change: dict[str, object], field: str, fragment: str
) -> None:
    ana.send("patch", URL, {"genre": "rock"})

    response = ana.send("patch", URL, change)

    assert response.status_code == 400
    assert response.json()["message"] == FIELDS_INVALID
    assert any(fragment in m for m in response.json()["extra"]["fields"][field]), response.json()
    assert ana.get(URL).json()["genre"] == "rock"


@pytest.mark.django_db
def test_anonymous_visitors_have_no_preferences() -> None:
    visitor = Client()

    assert visitor.get(URL).status_code == 403
    assert visitor.patch(URL, {"genre": "rock"}, content_type="application/json").status_code == 403
    assert Preferences.objects.count() == 0


def test_generate_page_starts_from_the_preferences(ana: Browser) -> None:
    plain = ana.get("/api/options").json()["default_spec"]
    ana.send("patch", URL, {"genre": "jazz", "mood": "calm", "key": "F#"})

    options = ana.get("/api/options").json()
    spec = options["default_spec"]

    assert (plain["genre"], plain["key"]) == ("pop", "C")
    assert (spec["genre"], spec["mood"], spec["key"]) == ("jazz", "calm", "F#")
    assert spec["tempo"] == options["genre_defaults"]["jazz"]["tempo"]  # the genre's own tempo and band
    assert spec["instruments"] == options["genre_defaults"]["jazz"]["instruments"]
    piano = [{"instrument": "acoustic_grand_piano", "role": "chords"}]
    ana.send("patch", URL, {"tempo": 70, "instruments": piano})
    spec = ana.get("/api/options").json()["default_spec"]
    assert (spec["tempo"], spec["instruments"]) == (70, piano)
    assert Client().get("/api/options").json()["default_spec"]["genre"] == "pop"  # others keep the defaults


def test_a_preferred_part_without_a_role_starts_with_its_instruments_usual_role(ana: Browser) -> None:
    ana.send("patch", URL, {"instruments": [{"instrument": "acoustic_grand_piano", "role": None}]})

    spec = ana.get("/api/options").json()["default_spec"]

    assert spec["instruments"] == [{"instrument": "acoustic_grand_piano", "role": "chords"}]


def test_a_part_with_an_unknown_field_is_refused(ana: Browser) -> None:
    response = ana.send("patch", URL, {"instruments": [{"instrument": "koto", "colour": "red"}]})

    assert response.status_code == 400
    assert response.json()["extra"]["fields"]["instruments"] == {"0": {"colour": ["Unknown field."]}}
