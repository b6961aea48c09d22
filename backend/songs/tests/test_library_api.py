"""The library through HTTP: search, filters, sorts, pages, rename, favourite, delete, restore, covers."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.exceptions import FIELDS_INVALID, NOT_FOUND
from engine.score import Section
from songs.library.covers import COVER_BARS
from songs.library.services import SONG_RESTORE_EXPIRED, SONG_TITLE_EMPTY, songs_purge_deleted
from songs.models import RenderedStem, Song, SongRender, Track
from songs.state import state_hash
from tests.engine.song_fixtures import band_score

SPEC = {"genre": "pop", "mood": "happy", "tempo": 120, "key": "C", "mode": "major", "instruments": []}


def _session(client: Client) -> str:
    client.get("/api/options")
    key = client.session.session_key
    assert key
    return key


def _song(client: Client, title: str, **fields: Any) -> Song:
    values = {"genre": "pop", "mood": "happy", "tempo": 120.0, "key": "C", "duration_seconds": 60.0, **fields}
    return Song.objects.create(
        session_key=_session(client),
        title=title,
        status=Song.Status.READY,
        spec=SPEC,
        mode="major",
        seed=1,
        **values,
    )


def _library(client: Client, **query: Any) -> dict[str, Any]:
    response = client.get("/api/songs/", query)
    assert response.status_code == 200, response.content
    body: dict[str, Any] = response.json()
    return body


def _titles(client: Client, **query: Any) -> list[str]:
    return [s["title"] for s in _library(client, **query)["songs"]]


@pytest.fixture
def shelf(owner_client: Client, db: None) -> dict[str, Song]:
    songs = {
        "sunrise": _song(
            owner_client, "Morning Sunrise", genre="pop", mood="happy", key="C", duration_seconds=95
        ),
        "rain": _song(
            owner_client, "Rain on the Window", genre="jazz", mood="calm", key="F", duration_seconds=40
        ),
        "storm": _song(
            owner_client, "Storm Chaser", genre="rock", mood="dark", key="E", duration_seconds=180
        ),
        "sun": _song(owner_client, "sunset drive", genre="pop", mood="dreamy", key="F", duration_seconds=61),
    }
    base = timezone.now()
    for minutes, song in enumerate(songs.values()):  # made in this order, a minute apart
        Song.objects.filter(pk=song.pk).update(created_at=base - timedelta(minutes=10 - minutes))
    return songs


def test_search_matches_titles_case_insensitively(owner_client: Client, shelf: dict[str, Song]) -> None:
    assert _titles(owner_client, search="SUN") == ["sunset drive", "Morning Sunrise"]
    assert _titles(owner_client, search="  window ") == ["Rain on the Window"]
    assert _titles(owner_client, search="nothing like it") == []


def test_filters_by_genre_mood_key_and_favourite(owner_client: Client, shelf: dict[str, Song]) -> None:
    Song.objects.filter(pk=shelf["storm"].pk).update(is_favourite=True)

    assert _titles(owner_client, genre="pop") == ["sunset drive", "Morning Sunrise"]
    assert _titles(owner_client, key="F") == ["sunset drive", "Rain on the Window"]
    assert _titles(owner_client, genre="pop", mood="dreamy", key="F") == ["sunset drive"]
    assert _titles(owner_client, favourites="true") == ["Storm Chaser"]


def test_sorts_by_date_title_and_length(owner_client: Client, shelf: dict[str, Song]) -> None:
    assert _titles(owner_client) == ["sunset drive", "Storm Chaser", "Rain on the Window", "Morning Sunrise"]
    assert _titles(owner_client, sort="oldest")[0] == "Morning Sunrise"
    Song.objects.filter(pk=shelf["rain"].pk).update(title="rain on the window")  # case does not matter
    assert _titles(owner_client, sort="title") == [
        "Morning Sunrise",
        "rain on the window",
        "Storm Chaser",
        "sunset drive",
    ]
    assert _titles(owner_client, sort="title_desc")[0] == "sunset drive"
    assert _titles(owner_client, sort="longest") == [
        "Storm Chaser",
        "Morning Sunrise",
        "sunset drive",
        "rain on the window",
    ]
    assert _titles(owner_client, sort="shortest")[0] == "rain on the window"
    bad = owner_client.get("/api/songs/", {"sort": "loudest"})
    assert bad.status_code == 400 and "sort" in bad.json()["extra"]["fields"]


def test_pages(owner_client: Client, shelf: dict[str, Song]) -> None:
    first = _library(owner_client, page_size=3)
    second = _library(owner_client, page_size=3, page=2)
    past_the_end = _library(owner_client, page_size=3, page=9)

    assert (first["count"], first["pages"], first["page"], len(first["songs"])) == (4, 2, 1, 3)
    assert (second["page"], [s["title"] for s in second["songs"]]) == (2, ["Morning Sunrise"])
    assert past_the_end["page"] == 2
    assert owner_client.get("/api/songs/", {"page_size": 500}).status_code == 400


def test_entries_carry_what_a_card_shows(owner_client: Client, shelf: dict[str, Song]) -> None:
    Song.objects.filter(pk=shelf["rain"].pk).update(track_names=["Piano"])  # the head's tracks
    entry = next(s for s in _library(owner_client)["songs"] if s["title"] == "Rain on the Window")

    assert {k: entry[k] for k in ("genre", "mood", "key", "tempo", "duration_seconds", "is_favourite")} == {
        "genre": "jazz",
        "mood": "calm",
        "key": "F",
        "tempo": 120.0,
        "duration_seconds": 40.0,
        "is_favourite": False,
    }
    assert entry["instruments"] == ["Piano"]
    assert entry["cover_url"].startswith(f"/api/songs/{shelf['rain'].pk}/cover.svg")
    assert entry["created_at"] and entry["updated_at"]


def test_rename_and_favourite(owner_client: Client, shelf: dict[str, Song]) -> None:
    url = f"/api/songs/{shelf['rain'].pk}"

    renamed = owner_client.patch(url, {"title": "  Rain   Song "}, content_type="application/json")
    starred = owner_client.patch(url, {"is_favourite": True}, content_type="application/json")
    empty = owner_client.patch(url, {"title": "   "}, content_type="application/json")

    assert renamed.status_code == 200 and renamed.json()["title"] == "Rain Song"
    assert starred.status_code == 200
    assert empty.status_code == 400 and empty.json()["extra"]["fields"]["title"] == [SONG_TITLE_EMPTY]
    song = Song.objects.get(pk=shelf["rain"].pk)
    assert (song.title, song.is_favourite) == ("Rain Song", True)
    too_long = owner_client.patch(url, {"title": "x" * 121}, content_type="application/json")
    assert too_long.status_code == 400 and too_long.json()["message"] == FIELDS_INVALID


def test_delete_hides_the_song_everywhere_until_restored(
    owner_client: Client, shelf: dict[str, Song]
) -> None:
    song_id = shelf["storm"].pk

    deleted = owner_client.delete(f"/api/songs/{song_id}")

    assert deleted.status_code == 204
    assert "Storm Chaser" not in _titles(owner_client)
    assert owner_client.get(f"/api/songs/{song_id}").status_code == 404
    assert owner_client.get(f"/api/songs/{song_id}/cover.svg").status_code == 404
    assert owner_client.delete(f"/api/songs/{song_id}").status_code == 404

    restored = owner_client.post(f"/api/songs/{song_id}/restore")

    assert restored.status_code == 200 and restored.json()["title"] == "Storm Chaser"
    assert "Storm Chaser" in _titles(owner_client)
    assert owner_client.post(f"/api/songs/{song_id}/restore").status_code == 404  # not deleted any more


def test_restore_after_the_undo_window_is_refused_and_purge_removes_the_song(
    owner_client: Client, shelf: dict[str, Song], settings: Any
) -> None:
    settings.SONG_UNDO_DELETE_DAYS = 30
    song_id = shelf["storm"].pk
    owner_client.delete(f"/api/songs/{song_id}")
    Song.objects.filter(pk=song_id).update(deleted_at=timezone.now() - timedelta(days=31))

    late = owner_client.post(f"/api/songs/{song_id}/restore")
    purged, _ = songs_purge_deleted()

    assert late.status_code == 400 and late.json()["message"] == SONG_RESTORE_EXPIRED
    assert purged == 1
    assert not Song.objects.filter(pk=song_id).exists()
    assert Song.objects.count() == 3


def test_another_visitor_cannot_touch_the_library(
    owner_client: Client, other_client: Client, shelf: dict[str, Song]
) -> None:
    song_id = shelf["rain"].pk
    _session(other_client)

    assert _library(other_client)["count"] == 0
    assert (
        other_client.patch(
            f"/api/songs/{song_id}", {"title": "Mine"}, content_type="application/json"
        ).status_code
        == 404
    )
    assert other_client.delete(f"/api/songs/{song_id}").status_code == 404
    duplicate = other_client.post(f"/api/songs/{song_id}/duplicate", {}, content_type="application/json")
    assert duplicate.status_code == 404
    owner_client.delete(f"/api/songs/{song_id}")
    assert other_client.post(f"/api/songs/{song_id}/restore").json()["message"] == NOT_FOUND
    assert Song.objects.get(pk=song_id).title == "Rain on the Window"


def test_duplicate_of_a_song_still_being_made_is_refused(
    owner_client: Client, shelf: dict[str, Song]
) -> None:
    original = shelf["rain"]
    # A duplicate of a song that is still being made is refused with a message.
    Song.objects.filter(pk=original.pk).update(status=Song.Status.PENDING)
    pending = owner_client.post(f"/api/songs/{original.pk}/duplicate", {}, content_type="application/json")
    assert pending.status_code == 409 and "still being made" in pending.json()["message"]
    assert Song.objects.count() == 4


def test_cover_is_an_svg_waveform_of_the_song(owner_client: Client, shelf: dict[str, Song]) -> None:
    song = shelf["rain"]
    loud_then_quiet = [1.0] * 50 + [0.1] * 50
    # The head's render (an unedited song's is its first): a stem written 6 dB down so it does not clip.
    RenderedStem.objects.create(song=song, key="k1", file="x.flac", peaks=loud_then_quiet, file_gain_db=-6.0)
    SongRender.objects.create(
        song=song,
        state_hash=state_hash([]),
        master_key="m",
        stem_keys={"t1": "k1"},
        loudness_lufs=-14.0,
        true_peak_dbtp=-1.0,
        duration_seconds=40.0,
    )

    response = owner_client.get(f"/api/songs/{song.pk}/cover.svg")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert "default-src 'none'" in response["Content-Security-Policy"]
    svg = response.content.decode()
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    heights = [float(h) for h in re.findall(r'<rect x="[^"]+" y="[^"]+" width="[^"]+" height="([^"]+)"', svg)]
    assert len(heights) == COVER_BARS
    half = COVER_BARS // 2
    assert min(heights[:half]) > 5 * max(heights[half:])  # loud first half, quiet second half
    assert owner_client.get(f"/api/songs/{uuid.uuid4()}/cover.svg").status_code == 404


def test_a_page_takes_the_same_few_queries_for_any_number_of_songs_and_reads_no_score_or_peaks(
    owner_client: Client, db: None
) -> None:
    for n in range(12):
        _song(owner_client, f"Tune {n}", score={"notes": list(range(2000))}, track_names=["Drums", "Piano"])

    with CaptureQueriesContext(connection) as queries:
        page = _library(owner_client, page_size=12)

    assert len(page["songs"]) == 12
    assert all(entry["instruments"] == ["Drums", "Piano"] for entry in page["songs"])
    assert len(queries) == 3, [q["sql"] for q in queries]  # session, count, page
    read = " ".join(q["sql"] for q in queries)
    assert '."score"' not in read and '."spec"' not in read and '."peaks"' not in read


def test_a_songs_page_lists_its_sections_from_the_stored_score(owner_client: Client, db: None) -> None:
    sections = (
        Section(name="verse", start_bar=0, bars=8, energy=0.5),
        Section(name="chorus", start_bar=8, bars=4, energy=0.9),
    )
    score = band_score(bars=12).model_copy(update={"sections": sections})
    song = _song(owner_client, "Sections", score=score.model_dump(mode="json"))
    Track.objects.bulk_create(
        Track(
            song=song,
            index=i,
            name=t.name,
            instrument=t.instrument,
            role=t.role,
            program=t.program,
            bank=t.bank,
        )
        for i, t in enumerate(score.tracks)
    )
    pending = _song(owner_client, "Still being made", score=None)
    Song.objects.filter(pk=pending.pk).update(status=Song.Status.PENDING)
    expected = [{"name": "verse", "start_bar": 0, "bars": 8}, {"name": "chorus", "start_bar": 8, "bars": 4}]

    assert owner_client.get(f"/api/songs/{song.pk}").json()["sections"] == expected
    renamed = owner_client.patch(
        f"/api/songs/{song.pk}", {"title": "Renamed"}, content_type="application/json"
    )
    assert renamed.json()["sections"] == expected  # the same through the full read that PATCH answers with
    assert owner_client.get(f"/api/songs/{pending.pk}").json()["sections"] == []
