"""Songs made before signing up or logging in move into the account, in the same browser only."""

from __future__ import annotations

from typing import Any

import pytest

from accounts.tests.support import Browser
from conftest import SHORT_SPEC
from jobs.models import Job
from songs.models import Song


def _make_song(browser: Browser) -> dict[str, Any]:
    # The job is not run: claiming is about ownership, not audio.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("jobs.services.transaction.on_commit", lambda fn: None)
        created = browser.send("post", "/api/songs/", SHORT_SPEC)
    assert created.status_code == 202, created.content
    body: dict[str, Any] = created.json()
    return body


@pytest.mark.django_db
def test_sign_up_claims_the_songs_of_this_browser_only() -> None:
    browser, stranger = Browser(), Browser()
    mine = _make_song(browser)
    theirs = _make_song(stranger)

    browser.sign_up("ana@example.com")

    song = Song.objects.get(pk=mine["song"]["id"])
    assert song.owner is not None and song.owner.email == "ana@example.com"
    assert song.session_key == ""
    assert Job.objects.get(pk=mine["job"]["id"]).owner == song.owner
    assert browser.get(f"/api/songs/{mine['song']['id']}").status_code == 200
    assert browser.get(f"/api/jobs/{mine['job']['id']}").status_code == 200
    assert Song.objects.get(pk=theirs["song"]["id"]).owner is None
    assert browser.get(f"/api/songs/{theirs['song']['id']}").status_code == 404
    assert stranger.get(f"/api/songs/{theirs['song']['id']}").status_code == 200


@pytest.mark.django_db
def test_log_in_claims_songs_made_while_logged_out_and_log_out_leaves_them_in_the_account() -> None:
    Browser().sign_up("ana@example.com")
    browser = Browser()
    made = _make_song(browser)

    browser.log_in("ana@example.com")
    library = browser.get("/api/songs/").json()
    browser.log_out()

    assert [s["id"] for s in library["songs"]] == [made["song"]["id"]]
    assert browser.get(f"/api/songs/{made['song']['id']}").status_code == 404  # signed out: not yours here
    assert browser.get("/api/songs/").json()["count"] == 0
