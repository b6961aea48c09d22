"""Share links through the owner's API: tokens, versions, download toggle, revoke, isolation, remix."""

from __future__ import annotations

import base64
import re
from typing import Any

from accounts.tests.support import AUTH, PASSWORD, Browser, last_code_for
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.test import Client

from conftest import SHORT_SPEC, decode_bytes, wait_for_job
from core.exceptions import NOT_FOUND
from sharing.models import ShareLink
from sharing.selectors import NO_SUCH_VERSION
from sharing.services import (
    ALREADY_REVOKED,
    REMIX_NEEDS_ACCOUNT,
    SHARE_NEEDS_ACCOUNT,
    SHARE_NEEDS_VERIFIED_EMAIL,
)
from sharing.tests.conftest import create_share
from songs.models import Edit, Song


def _bytes(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def test_a_link_has_an_unguessable_token_and_plays_the_generated_mix(
    owner_client: Client, song_id: str
) -> None:
    first = create_share(owner_client, song_id)
    second = create_share(owner_client, song_id)

    assert first.status_code == 201, first.content
    share = first.json()["share"]
    assert first.json()["job"] is None, "an unedited song shares its generated mix: nothing to render"
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", share["token"])
    assert len(base64.urlsafe_b64decode(share["token"] + "=")) * 8 == 256
    assert share["token"] != second.json()["share"]["token"]
    assert share["url"] == f"http://testserver/s/{share['token']}"
    assert share["embed_url"] == f"http://testserver/s/{share['token']}/embed"
    assert share["audio_status"] == "ready" and share["allow_download"] is False
    assert share["views"] == 0 and share["plays"] == 0 and share["revoked_at"] is None
    listed = owner_client.get(f"/api/songs/{song_id}/shares").json()
    assert [s["id"] for s in listed] == [second.json()["share"]["id"], share["id"]]


def test_a_version_link_plays_that_version_even_after_later_edits(owner_client: Client, song_id: str) -> None:
    edited = owner_client.post(
        f"/api/songs/{song_id}/edits", {"type": "set_tempo", "tempo": 60}, content_type="application/json"
    )
    assert edited.status_code == 201
    owner_client.post(f"/api/songs/{song_id}/versions", {"name": "Slow"}, content_type="application/json")
    version = owner_client.get(f"/api/songs/{song_id}/editor").json()["versions"][-1]
    owner_client.post(f"/api/songs/{song_id}/undo")

    created = create_share(owner_client, song_id, version_id=version["id"])
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["share"]["version_name"] == "Slow" and body["share"]["audio_status"] == "mixing"
    assert wait_for_job(owner_client, body["job"]["id"])["status"] == "succeeded"

    share = owner_client.get(f"/api/songs/{song_id}/shares/{body['share']['id']}").json()
    assert share["audio_status"] == "ready"
    audio = decode_bytes(_bytes(Client().get(f"/s/{share['token']}/audio.mp3")), ".mp3")
    # 4 bars at 60 BPM last 8 s longer than at 120 BPM (the same release tail follows both); the undo
    # after saving the version does not change what the link plays.
    original = float(Song.objects.get(pk=song_id).duration_seconds or 0)
    assert abs(audio.shape[1] / 44100 - original - 8.0) < 0.5


def test_an_unknown_version_is_a_field_error_and_creates_nothing(owner_client: Client, song_id: str) -> None:
    response = create_share(owner_client, song_id, version_id=999999)

    assert response.status_code == 409
    assert response.json()["extra"]["fields"]["version_id"] == [NO_SUCH_VERSION]
    assert not ShareLink.objects.exists()


def test_download_is_offered_only_while_allowed(owner_client: Client, song_id: str) -> None:
    share = create_share(owner_client, song_id).json()["share"]
    listener = Client()
    assert listener.get(f"/s/{share['token']}/download").status_code == 404

    changed = owner_client.patch(
        f"/api/songs/{song_id}/shares/{share['id']}",
        {"allow_download": True},
        content_type="application/json",
    )
    assert changed.status_code == 200 and changed.json()["allow_download"] is True
    download = listener.get(f"/s/{share['token']}/download")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment; filename=")
    assert download["Content-Type"] == "audio/mpeg" and download["X-Content-Type-Options"] == "nosniff"
    assert decode_bytes(_bytes(download), ".mp3").shape[1] > 44100


def test_another_visitor_gets_404_on_every_share_api_and_changes_nothing(
    owner_client: Client, other_client: Client, song_id: str
) -> None:
    share = create_share(owner_client, song_id).json()["share"]
    base = f"/api/songs/{song_id}/shares"
    responses = [
        other_client.get(base),
        create_share(other_client, song_id),
        other_client.get(f"{base}/{share['id']}"),
        other_client.patch(
            f"{base}/{share['id']}", {"allow_download": True}, content_type="application/json"
        ),
        other_client.post(f"{base}/{share['id']}/revoke"),
    ]

    assert [r.status_code for r in responses] == [404] * 5
    assert all(r.json()["message"] == NOT_FOUND for r in responses)
    link = ShareLink.objects.get()
    assert link.revoked_at is None and link.allow_download is False


def test_revoking_twice_says_it_is_already_revoked(owner_client: Client, song_id: str) -> None:
    share = create_share(owner_client, song_id).json()["share"]
    revoke = f"/api/songs/{song_id}/shares/{share['id']}/revoke"

    first = owner_client.post(revoke)
    second = owner_client.post(revoke)

    assert first.status_code == 200 and first.json()["revoked_at"] is not None
    assert second.status_code == 409 and second.json()["message"] == ALREADY_REVOKED


def test_a_signed_in_visitor_remixes_a_shared_version_into_their_library(
    owner_client: Client, song_id: str
) -> None:
    owner_client.post(
        f"/api/songs/{song_id}/edits", {"type": "transpose", "semitones": 2}, content_type="application/json"
    )
    body = create_share(owner_client, song_id, allow_download=True, allow_remix=True).json()
    assert wait_for_job(owner_client, body["job"]["id"])["status"] == "succeeded"
    token = body["share"]["token"]

    anonymous = Client()
    refused = anonymous.post(f"/api/shares/{token}/remix", content_type="application/json")
    assert refused.status_code == 403 and refused.json()["message"] == REMIX_NEEDS_ACCOUNT

    visitor = get_user_model().objects.create_user(
        username="remixer", email="r@example.com", password="pw-12345!"
    )
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(visitor)
    assert browser.post(f"/api/shares/{token}/remix", content_type="application/json").status_code == 403, (
        "CSRF is enforced for sessions"
    )
    page = browser.get(f"/s/{token}")
    csrf = page.cookies["csrftoken"].value
    remixed = browser.post(
        f"/api/shares/{token}/remix", content_type="application/json", HTTP_X_CSRFTOKEN=csrf
    )

    assert remixed.status_code == 201, remixed.content
    copy = Song.objects.get(pk=remixed.json()["song_id"])
    assert copy.owner == visitor and copy.pk != song_id and copy.title.endswith("(remix)")
    assert copy.head == 1
    assert [(e.type, e.params) for e in Edit.objects.filter(song=copy)] == [("transpose", {"semitones": 2})]
    editor = browser.get(f"/api/songs/{copy.pk}/editor")
    assert editor.status_code == 200 and editor.json()["key"] == "D"
    assert owner_client.get(f"/api/songs/{copy.pk}/editor").status_code == 404, "the copy is the visitor's"
    assert Song.objects.get(pk=song_id).head == 1, "the original is untouched"


def test_sharing_by_link_takes_an_account_with_a_verified_email(transactional_db: None) -> None:
    anonymous = Client()
    anonymous_song = anonymous.post("/api/songs/", SHORT_SPEC, content_type="application/json").json()
    user = get_user_model().objects.create_user("ana", "ana@example.com", PASSWORD)
    # Signed up and in before e-mail verification was asked for.
    EmailAddress.objects.create(user=user, email="ana@example.com", verified=False, primary=True)
    browser = Browser()
    browser.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    song = browser.send("post", "/api/songs/", SHORT_SPEC).json()
    assert wait_for_job(anonymous, anonymous_song["job"]["id"])["status"] == "succeeded"
    assert wait_for_job(browser, song["job"]["id"])["status"] == "succeeded"

    by_visitor = create_share(anonymous, anonymous_song["song"]["id"])
    unverified = browser.send("post", f"/api/songs/{song['song']['id']}/shares", {})

    assert by_visitor.status_code == 403
    assert by_visitor.json()["message"] == SHARE_NEEDS_ACCOUNT
    assert by_visitor.json()["extra"] == {"reason": "sign_in_required"}
    assert unverified.status_code == 403
    assert unverified.json()["message"] == SHARE_NEEDS_VERIFIED_EMAIL
    assert unverified.json()["extra"] == {"reason": "email_unverified"}
    assert ShareLink.objects.count() == 0
    assert browser.get("/api/account").json()["email_verified"] is False

    # The account page asks for a code and the user types it.
    sent = browser.send("put", f"{AUTH}/account/email", {"email": "ana@example.com"})
    assert sent.status_code == 200, sent.content
    verified = browser.verify(last_code_for("ana@example.com"))
    assert verified.status_code == 200, verified.content
    shared = browser.send("post", f"/api/songs/{song['song']['id']}/shares", {})

    assert browser.get("/api/account").json()["email_verified"] is True
    assert shared.status_code == 201, shared.content
