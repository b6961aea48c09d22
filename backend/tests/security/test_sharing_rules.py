"""Sharing rules probed over HTTP as a listener (or a curious other account) would: remix needs the link's
remix and download permissions and carries only what the shared state plays; a deleted song's links stay
dead after a restore; a deleted upload leaves no file behind; a deleted account leaves no file or render-cache
entry that only it used. Each test prints its figures (pytest -s)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from accounts.tests.support import PASSWORD, Browser
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from scipy.io import wavfile

from conftest import SHORT_SPEC, wait_for_job
from core.ownership import files_of
from core.visibility import Requester
from sharing.services import REMIX_NEEDS_ACCOUNT, REMIX_NEEDS_DOWNLOAD, REMIX_NOT_ALLOWED
from songs.models import RenderCacheKey, RenderedStem, Song
from uploads.models import Upload
from uploads.services import UPLOAD_IN_USE

pytestmark = pytest.mark.usefixtures("transactional_db")

SR = 44100


def _sine_wav(hz: float, seconds: float = 1.0) -> bytes:
    t = np.arange(int(seconds * SR)) / SR
    tone = (0.3 * np.sin(2 * np.pi * hz * t)).astype(np.float32)
    buffer = io.BytesIO()
    wavfile.write(buffer, SR, np.stack([tone, tone], axis=1))
    return buffer.getvalue()


def _csrf(browser: Browser) -> dict[str, str]:
    return {"HTTP_X_CSRFTOKEN": browser.cookies["csrftoken"].value}


def _signed_up(email: str) -> Browser:
    browser = Browser()
    assert browser.sign_up(email).status_code == 200
    return browser


def _generated(browser: Browser, **spec: Any) -> str:
    created = browser.send("post", "/api/songs/", {**SHORT_SPEC, **spec})
    assert created.status_code == 202, created.content
    assert wait_for_job(browser, created.json()["job"]["id"])["status"] == "succeeded"
    return str(created.json()["song"]["id"])


def _uploaded(browser: Browser, hz: float, name: str) -> dict[str, Any]:
    response = browser.post(
        "/api/uploads/", {"file": SimpleUploadedFile(name, _sine_wav(hz))}, **_csrf(browser)
    )
    assert response.status_code == 201, response.content
    body: dict[str, Any] = response.json()
    return body


def _edited(browser: Browser, song_id: str, op: dict[str, Any]) -> None:
    response = browser.send("post", f"/api/songs/{song_id}/edits", op)
    assert response.status_code == 201, response.content
    if response.json().get("job"):
        assert wait_for_job(browser, response.json()["job"]["id"])["status"] == "succeeded"


def _shared(browser: Browser, song_id: str, **rights: bool) -> str:
    response = browser.send("post", f"/api/songs/{song_id}/shares", rights)
    assert response.status_code == 201, response.content
    body = response.json()
    if body["job"]:
        assert wait_for_job(browser, body["job"]["id"])["status"] == "succeeded"
    assert body["share"]["allow_remix"] is rights.get("allow_remix", False)
    return str(body["share"]["token"])


def _stems_zip(browser: Browser, song_id: str) -> zipfile.ZipFile:
    created = browser.send("post", f"/api/songs/{song_id}/exports", {"format": "stems"})
    assert created.status_code == 202, created.content
    assert wait_for_job(browser, created.json()["job"]["id"])["status"] == "succeeded"
    export = browser.get(f"/api/songs/{song_id}/exports/{created.json()['export']['id']}").json()
    response = browser.get(export["download_url"])
    assert response.status_code == 200
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def _walk(root: Path) -> set[str]:
    """Every file under root, as a path relative to it."""
    return (
        {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}
        if root.exists()
        else set()
    )


def _cache_keys_on_disk() -> set[str]:
    return {Path(name).stem for name in _walk(Path(settings.VAR_DIR) / "render-cache")}


def test_remix_needs_the_links_remix_and_download_rights_and_copies_only_the_upload_the_state_plays() -> None:
    owner, listener = _signed_up("owner@example.com"), _signed_up("listener@example.com")
    song_id = _generated(owner)
    used = _uploaded(owner, 660.0, "used take.wav")
    private = _uploaded(owner, 440.0, "private diary.wav")
    _edited(owner, song_id, {"type": "add_audio_track", "upload": used["id"], "offset_beats": 1})
    links = {
        (download, remix): _shared(owner, song_id, allow_download=download, allow_remix=remix)
        for download in (False, True)
        for remix in (False, True)
    }
    # After sharing, the owner adds the private recording: a later state, with its own stem.
    _edited(owner, song_id, {"type": "add_audio_track", "upload": private["id"]})
    private_stems = set(RenderedStem.objects.filter(song_id=song_id).values_list("key", flat=True))

    statuses = {
        rights: listener.send("post", f"/api/shares/{token}/remix", {}) for rights, token in links.items()
    }
    anonymous = Browser().send("post", f"/api/shares/{links[(True, True)]}/remix", {})
    print(
        "\nremix (download, remix) -> status:",
        {rights: r.status_code for rights, r in statuses.items()},
        "anonymous on an allowed link:",
        anonymous.status_code,
    )
    assert statuses[(False, False)].status_code == 403
    assert statuses[(False, False)].json()["message"] == REMIX_NOT_ALLOWED
    assert statuses[(True, False)].status_code == 403
    assert statuses[(True, False)].json()["message"] == REMIX_NOT_ALLOWED
    assert statuses[(False, True)].status_code == 403, "no download, no remix: a remix hands over the audio"
    assert statuses[(False, True)].json()["message"] == REMIX_NEEDS_DOWNLOAD
    assert anonymous.status_code == 403 and anonymous.json()["message"] == REMIX_NEEDS_ACCOUNT
    remixed = statuses[(True, True)]
    assert remixed.status_code == 201, remixed.content
    assert Song.objects.filter(owner__email="listener@example.com").count() == 1, "refusals copied nothing"

    copy_id = remixed.json()["song_id"]
    mine = listener.get("/api/uploads/").json()
    stems = set(RenderedStem.objects.filter(song_id=copy_id).values_list("key", flat=True))
    state = listener.get(f"/api/songs/{copy_id}/editor").json()
    archive = _stems_zip(listener, copy_id)
    wavs = sorted(name for name in archive.namelist() if name.endswith(".wav"))
    private_stem_urls = [f"/api/songs/{copy_id}/stems/{key}" for key in private_stems - stems]
    private_fetches = [listener.get(url).status_code for url in private_stem_urls]
    print(
        "listener's uploads after the remix:",
        [(u["filename"], u["sha256"][:8]) for u in mine],
        "| stems copied:",
        len(stems),
        "of the original's",
        len(private_stems),
        "| stems ZIP:",
        wavs,
        "| the original's other stems from the copy:",
        private_fetches,
    )
    assert [u["sha256"] for u in mine] == [used["sha256"]] and mine[0]["id"] != used["id"]
    assert [t["upload_id"] for t in state["tracks"] if t["upload_id"]] == [mine[0]["id"]]
    assert len(wavs) == 4 and wavs[-1] == "04-used-take.wav"
    assert not any("private" in name for name in wavs)
    assert private_stem_urls and private_fetches == [404] * len(private_fetches)
    assert listener.get(f"/api/uploads/{private['id']}").status_code == 404
    added = listener.send(
        "post", f"/api/songs/{copy_id}/edits", {"type": "add_audio_track", "upload": private["id"]}
    )
    assert added.status_code == 409, "the owner's other uploads stay theirs"
    # The owner deleting their recording leaves the listener's copy playing (it owns its own row).
    owner_deleted_song = owner.send("delete", f"/api/songs/{song_id}")
    assert owner_deleted_song.status_code == 204
    assert listener.get(f"/api/songs/{copy_id}/download?format=mp3").status_code == 200


def test_a_remix_of_a_song_using_no_upload_gives_the_listener_none() -> None:
    owner, listener = _signed_up("owner@example.com"), _signed_up("listener@example.com")
    song_id = _generated(owner)
    _uploaded(owner, 440.0, "one.wav")
    _uploaded(owner, 550.0, "two.wav")
    token = _shared(owner, song_id, allow_download=True, allow_remix=True)

    remixed = listener.send("post", f"/api/shares/{token}/remix", {})
    uploads = listener.get("/api/uploads/").json()
    archive = _stems_zip(listener, remixed.json()["song_id"])
    wavs = [name for name in archive.namelist() if name.endswith(".wav")]
    print(
        "\nremix of a song with no audio track: status",
        remixed.status_code,
        "uploads",
        len(uploads),
        "stems",
        wavs,
    )

    assert remixed.status_code == 201 and uploads == [] and len(wavs) == 3


def test_a_deleted_songs_links_are_revoked_and_stay_dead_after_a_restore() -> None:
    owner = _signed_up("owner@example.com")
    song_id = _generated(owner)
    token = _shared(owner, song_id, allow_download=True, allow_remix=True)
    listener = _signed_up("listener@example.com")
    urls = [f"/s/{token}{suffix}" for suffix in ("", "/embed", "/audio.mp3", "/download", "/preview.png")]
    before = [listener.get(url).status_code for url in urls]

    assert owner.send("delete", f"/api/songs/{song_id}").status_code == 204
    deleted = [listener.get(url).status_code for url in urls]
    assert owner.send("post", f"/api/songs/{song_id}/restore", {}).status_code == 200
    restored = [listener.get(url).status_code for url in urls]
    remix = listener.send("post", f"/api/shares/{token}/remix", {}).status_code
    print("\nshare page + files: live", before, "deleted", deleted, "restored", restored, "remix", remix)

    assert before == [200] * 5 and deleted == [404] * 5 and restored == [404] * 5 and remix == 404
    assert owner.get(f"/api/songs/{song_id}").status_code == 200, "the song itself is back"


def test_an_upload_can_be_deleted_unless_a_song_uses_it_and_then_no_file_of_it_is_left() -> None:
    owner, other = _signed_up("owner@example.com"), _signed_up("other@example.com")
    song_id = _generated(owner)
    spare = _uploaded(owner, 440.0, "spare.wav")
    in_use = _uploaded(owner, 660.0, "in use.wav")
    _edited(owner, song_id, {"type": "add_audio_track", "upload": in_use["id"]})
    media = Path(settings.MEDIA_ROOT)
    files_before = {name for name in _walk(media) if spare["sha256"] in name}

    refused = owner.send("delete", f"/api/uploads/{in_use['id']}")
    not_theirs = other.send("delete", f"/api/uploads/{spare['id']}")
    anonymous = Browser().send("delete", f"/api/uploads/{spare['id']}")
    deleted = owner.send("delete", f"/api/uploads/{spare['id']}")
    files_after = {name for name in _walk(media) if spare["sha256"] in name}
    print(
        "\nupload delete: in use",
        refused.status_code,
        repr(refused.json()["message"]),
        "| other account",
        not_theirs.status_code,
        "| anonymous",
        anonymous.status_code,
        "| owner",
        deleted.status_code,
        "| its files before/after:",
        len(files_before),
        "/",
        len(files_after),
    )

    assert refused.status_code == 409
    title = Song.objects.get(pk=song_id).title
    days = settings.SONG_UNDO_DELETE_DAYS
    assert refused.json()["message"] == UPLOAD_IN_USE.format(songs=f"“{title}”", days=days)
    assert refused.json()["extra"]["songs"] == [title]
    assert not_theirs.status_code == 404 and anonymous.status_code == 404
    assert deleted.status_code == 204
    assert len(files_before) == 2 and files_after == set(), "the original and its working copy are gone"
    assert owner.get(f"/api/uploads/{spare['id']}").status_code == 404
    assert [u["id"] for u in owner.get("/api/uploads/").json()] == [in_use["id"]]
    assert any(in_use["sha256"] in name for name in _walk(media)), "the used upload is untouched"

    # Once the song is deleted and purged, the recording can go too.
    owner.send("delete", f"/api/songs/{song_id}")
    still = owner.send("delete", f"/api/uploads/{in_use['id']}")
    assert still.status_code == 409 and "(deleted)" in still.json()["message"], "restorable songs count"
    Song.objects.filter(pk=song_id).delete()
    assert owner.send("delete", f"/api/uploads/{in_use['id']}").status_code == 204
    assert not any(in_use["sha256"] in name for name in _walk(media))


def test_the_same_bytes_uploaded_by_another_account_survive_a_delete() -> None:
    ana, bo = _signed_up("ana@example.com"), _signed_up("bo@example.com")
    hers, his = _uploaded(ana, 440.0, "a.wav"), _uploaded(bo, 440.0, "b.wav")

    assert ana.send("delete", f"/api/uploads/{hers['id']}").status_code == 204
    response = bo.get(f"/api/uploads/{his['id']}/original")

    assert response.status_code == 200 and b"".join(response.streaming_content)[:4] == b"RIFF"


def test_a_deleted_account_leaves_no_file_or_render_cache_entry_only_it_used() -> None:
    # The scale-out run shares one var folder (and its render cache) between tests: count this test's own.
    cache_start = _cache_keys_on_disk()
    ana, bo = _signed_up("ana@example.com"), _signed_up("bo@example.com")
    ana_song = _generated(ana)
    bo_song = _generated(bo)  # the same spec: the same content-addressed stems and cache entries
    take = _uploaded(ana, 660.0, "ana take.wav")
    _edited(ana, ana_song, {"type": "add_audio_track", "upload": take["id"]})
    _edited(ana, ana_song, {"type": "transpose", "semitones": 2})
    _stems_zip(ana, ana_song)
    _shared(ana, ana_song, allow_download=True)
    users = get_user_model().objects
    ana_user, bo_user = users.get(email="ana@example.com"), users.get(email="bo@example.com")
    media = Path(settings.MEDIA_ROOT)
    ana_files = files_of(requester=Requester(user=ana_user, session_key=""))
    bo_files = files_of(requester=Requester(user=bo_user, session_key=""))
    ana_keys = set(RenderCacheKey.objects.filter(song__owner=ana_user).values_list("key", flat=True))
    bo_keys = set(RenderCacheKey.objects.filter(song__owner=bo_user).values_list("key", flat=True))
    media_before, cache_before = _walk(media), _cache_keys_on_disk()
    assert ana_files - bo_files and ana_keys - bo_keys and ana_keys & bo_keys
    mine = ana_keys | bo_keys
    assert cache_before - cache_start <= mine, "every cache entry made here is named by a song's state"

    deleted = ana.send("post", "/api/account/delete", {"password": PASSWORD})
    media_after, cache_after = _walk(media), _cache_keys_on_disk()
    print(
        "\naccount delete: media files",
        len(media_before),
        "->",
        len(media_after),
        f"(Ana only: {len(ana_files - bo_files)} -> {len(media_after & (ana_files - bo_files))})",
        "| render cache entries",
        len(cache_before),
        "->",
        len(cache_after),
        f"(Ana only: {len(ana_keys - bo_keys)} -> {len(cache_after & (ana_keys - bo_keys))})",
        "| files deleted:",
        deleted.json()["files_deleted"],
    )

    assert deleted.status_code == 200, deleted.content
    assert media_after == bo_files, "only Bo's files are left"
    assert not any(take["sha256"] in name for name in media_after), "Ana's recording is gone"
    assert cache_after & mine == bo_keys & cache_before, "only entries Bo's song uses are left"
    assert bo.get(f"/api/songs/{bo_song}/download?format=mp3").status_code == 200
    assert bo.get(f"/api/songs/{bo_song}/editor").json()["render"]["status"] == "ready"


def test_a_link_whose_state_no_longer_folds_is_404_not_500() -> None:
    """Should an upload a shared state plays ever be gone (its row deleted from under the song), the link's
    page, embed and preview answer 404, never a server error."""
    owner = _signed_up("owner@example.com")
    song_id = _generated(owner)
    take = _uploaded(owner, 660.0, "take.wav")
    _edited(owner, song_id, {"type": "add_audio_track", "upload": take["id"]})
    token = _shared(owner, song_id, allow_download=True)
    Upload.objects.filter(pk=take["id"]).delete()  # as if deleted from under another account's song

    statuses = [Browser().get(f"/s/{token}{suffix}").status_code for suffix in ("", "/embed", "/preview.png")]
    print("\nshare page of a state that no longer folds:", statuses)

    assert statuses == [404, 404, 404]
