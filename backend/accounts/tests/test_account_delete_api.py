"""Deleting an account removes its songs and every stored file nobody else uses, and logs out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from accounts.services import WRONG_PASSWORD
from accounts.tests.support import PASSWORD, Browser
from conftest import SHORT_SPEC, wait_for_job
from core.ownership import files_of
from core.visibility import Requester
from songs.library.services import song_duplicate
from songs.models import Song, SongExport

URL = "/api/account/delete"


def _generated(browser: Browser) -> dict[str, Any]:
    created = browser.send("post", "/api/songs/", SHORT_SPEC)
    assert created.status_code == 202, created.content
    assert wait_for_job(browser, created.json()["job"]["id"])["status"] == "succeeded"
    song: dict[str, Any] = created.json()["song"]
    return song


def _stored(name: str) -> bool:
    return (Path(settings.MEDIA_ROOT) / name).is_file()


@pytest.mark.usefixtures("transactional_db")
def test_deleting_an_account_removes_its_songs_and_files_but_not_files_another_user_still_uses() -> None:
    ana, bo = Browser(), Browser()
    ana.sign_up("ana@example.com")
    bo.sign_up("bo@example.com")
    song = _generated(ana)
    export = ana.send("post", f"/api/songs/{song['id']}/exports", {"format": "flac"}).json()
    assert wait_for_job(ana, export["job"]["id"])["status"] == "succeeded"
    ana_user = get_user_model().objects.get(email="ana@example.com")
    bo_user = get_user_model().objects.get(email="bo@example.com")
    ana_files = files_of(requester=Requester(user=ana_user, session_key=""))
    # Bo copies Ana's song (as a remix of a shared link does): the copy reuses the mix and stem files.
    copy = song_duplicate(
        song=Song.objects.get(pk=song["id"]), requester=Requester(user=bo_user, session_key="")
    )
    bo_files = files_of(requester=Requester(user=bo_user, session_key=""))
    export_file = SongExport.objects.get(pk=export["export"]["id"]).file
    assert len(ana_files) >= 5 and all(_stored(n) for n in ana_files)  # 3 stems, the MP3, the export
    assert export_file in ana_files and export_file not in bo_files

    wrong = ana.send("post", URL, {"password": "not mine"})
    assert wrong.status_code == 400 and wrong.json()["message"] == WRONG_PASSWORD
    assert Song.objects.filter(pk=song["id"]).exists()

    deleted = ana.send("post", URL, {"password": PASSWORD})

    assert deleted.status_code == 200, deleted.content
    assert deleted.json()["files_deleted"] == len(ana_files - bo_files) >= 1
    assert not get_user_model().objects.filter(email="ana@example.com").exists()
    assert not Song.objects.filter(pk=song["id"]).exists()
    assert not _stored(export_file)
    assert all(not _stored(n) for n in ana_files - bo_files)
    assert all(_stored(n) for n in bo_files)
    assert bo.get(f"/api/songs/{copy.pk}/download?format=mp3").status_code == 200
    assert ana.get("/api/account").json()["is_authenticated"] is False
    assert Browser().log_in("ana@example.com").status_code == 400


@pytest.mark.django_db
def test_anonymous_visitors_cannot_delete_anything() -> None:
    response = Browser().send("post", URL, {"password": PASSWORD})

    assert response.status_code == 403


@pytest.mark.django_db
def test_deleting_needs_the_csrf_token() -> None:
    browser = Browser()
    browser.sign_up("ana@example.com")

    forged = browser.post(URL, {"password": PASSWORD}, content_type="application/json")  # no X-CSRFToken

    assert forged.status_code == 403
    assert get_user_model().objects.filter(email="ana@example.com").exists()
