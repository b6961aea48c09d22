"""Uploads follow their owner: claimed on sign-up (this browser's only), deleted with the account, and
their stored files released unless someone else's upload has the same bytes."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from accounts.tests.support import PASSWORD, Browser
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from scipy.io import wavfile

from uploads.models import Upload

SR = 44100


def _wav(hz: float) -> bytes:
    t = np.arange(SR) / SR
    tone = (0.3 * np.sin(2 * np.pi * hz * t)).astype(np.float32)
    buffer = io.BytesIO()
    wavfile.write(buffer, SR, np.stack([tone, tone], axis=1))
    return buffer.getvalue()


def _upload(browser: Browser, data: bytes, name: str) -> dict[str, Any]:
    token = browser.cookies["csrftoken"].value
    response = browser.post("/api/uploads/", {"file": SimpleUploadedFile(name, data)}, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 201, response.content
    body: dict[str, Any] = response.json()
    return body


def _stored(name: str) -> bool:
    return (Path(settings.MEDIA_ROOT) / name).is_file()


@pytest.mark.django_db
def test_sign_up_claims_this_browsers_uploads_only() -> None:
    browser, stranger = Browser(), Browser()
    mine = _upload(browser, _wav(330), "mine.wav")
    theirs = _upload(stranger, _wav(440), "theirs.wav")

    browser.sign_up("ana@example.com")

    upload = Upload.objects.get(pk=mine["id"])
    assert upload.owner is not None and upload.owner.email == "ana@example.com" and upload.session_key == ""
    assert [u["id"] for u in browser.get("/api/uploads/").json()] == [mine["id"]]
    assert Upload.objects.get(pk=theirs["id"]).owner is None
    assert browser.get(f"/api/uploads/{theirs['id']}").status_code == 404


@pytest.mark.django_db
def test_deleting_an_account_deletes_its_uploads_and_files_nobody_else_uses() -> None:
    ana, bo = Browser(), Browser()
    ana.sign_up("ana@example.com")
    bo.sign_up("bo@example.com")
    only_ana = _upload(ana, _wav(330), "ana.wav")
    _upload(ana, _wav(550), "same.wav")
    _upload(bo, _wav(550), "same too.wav")  # the same bytes: one stored original, two uploads
    ana_files = {
        name
        for u in Upload.objects.filter(owner__email="ana@example.com")
        for name in (u.original, u.working)
    }
    bo_files = {
        name for u in Upload.objects.filter(owner__email="bo@example.com") for name in (u.original, u.working)
    }
    assert len(ana_files) == 4 and len(bo_files) == 2 and bo_files < ana_files
    assert all(_stored(name) for name in ana_files)

    deleted = ana.send("post", "/api/account/delete", {"password": PASSWORD})

    assert deleted.status_code == 200, deleted.content
    assert not Upload.objects.filter(pk=only_ana["id"]).exists()
    assert Upload.objects.filter(owner__email="ana@example.com").count() == 0
    assert all(not _stored(name) for name in ana_files - bo_files)
    assert all(_stored(name) for name in bo_files)
    assert len(bo.get("/api/uploads/").json()) == 1
