"""`manage.py purge`: expired sessions, what anonymous visitors left behind and files nothing refers to are
removed; everything a live visitor has stays (`pytest -s` prints the figures)."""

from __future__ import annotations

import io
import os
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from conftest import SHORT_SPEC, wait_for_job
from core.ownership import files_of
from core.visibility import Requester
from jobs.models import Job
from songs.models import Song
from uploads.models import Upload
from uploads.tests.test_upload_api import post_file, small_wav


def _song(client: Client) -> Song:
    created = client.post("/api/songs/", SHORT_SPEC, content_type="application/json").json()
    assert wait_for_job(client, created["job"]["id"])["status"] == "succeeded"
    return Song.objects.get(pk=created["song"]["id"])


def _stored(settings: Any) -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}


@pytest.mark.django_db(transaction=True)
def test_purge_forgets_abandoned_visitors_and_orphan_files_and_keeps_the_rest(settings: Any) -> None:
    gone, live = Client(), Client()
    old_song, kept_song = _song(gone), _song(live)
    assert post_file(gone, small_wav(), "take.wav").status_code == 201
    old = Requester(user=None, session_key=old_song.session_key)
    theirs, mine = files_of(requester=old), files_of(requester=Requester(None, kept_song.session_key))
    long_ago = timezone.now() - timedelta(days=settings.ANONYMOUS_RETENTION_DAYS + 1)
    Session.objects.filter(session_key=old_song.session_key).update(expire_date=long_ago)
    for model in (Song, Upload, Job):
        model.objects.filter(session_key=old_song.session_key).update(updated_at=long_ago)
    media = Path(settings.MEDIA_ROOT)
    (media / "renders/zz").mkdir(parents=True, exist_ok=True)
    stale, fresh = media / "renders/zz/stale.flac", media / "renders/zz/fresh.flac"
    stale.write_bytes(b"x"), fresh.write_bytes(b"y")
    os.utime(stale, (time.time() - 2 * 86400,) * 2)
    before = _stored(settings)

    out = io.StringIO()
    call_command("purge", stdout=out)

    after = _stored(settings)
    print(f"\n{out.getvalue().strip()} Stored files {len(before)} -> {len(after)}.")
    assert not Song.objects.filter(pk=old_song.pk).exists()
    assert not Upload.objects.filter(session_key=old_song.session_key).exists()
    assert not Job.objects.filter(session_key=old_song.session_key).exists()
    assert not Session.objects.filter(session_key=old_song.session_key).exists()
    assert theirs - mine and not (theirs - mine) & after  # the visitor's own files are gone
    assert mine <= after and Song.objects.filter(pk=kept_song.pk).exists()
    assert "renders/zz/stale.flac" not in after and "renders/zz/fresh.flac" in after
    assert live.get(f"/api/songs/{kept_song.pk}").status_code == 200
