"""Nobody reaches another user's objects: every endpoint of the OpenAPI schema, walked with the fixed cast.

The owner (a signed-in user) makes one of everything: a generated song with tracks, an edit and its render,
a version, an export, a share link, an upload. Then the other user and an anonymous visitor call every
operation of every path with the owner's ids and must get 404 (never 403, never data); operations without
ids must not show anything of the owner's. An endpoint whose path parameter this test cannot fill fails it:
add a maker for it to OBJECT_MAKERS."""

from __future__ import annotations

import io
import json
import math
import re
import struct
import wave
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
import yaml
from accounts.tests.support import Browser
from django.core.cache import cache

from conftest import SHORT_SPEC, wait_for_job
from songs.models import Edit, Song, Version

# Paths reached by a capability rather than by ownership: a live share token is public by design
# (the sharing tests check that a revoked one gives 404).
PUBLIC_BY_DESIGN = {"/api/shares/{token}/remix"}
# A plausible body per operation, so that a refusal is about ownership and not about a missing field.
BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("patch", "/api/songs/{song_id}"): {"title": "Taken"},
    ("post", "/api/songs/{song_id}/edits"): {"type": "set_tempo", "tempo": 90},
    ("post", "/api/songs/{song_id}/versions"): {"name": "taken"},
    ("post", "/api/songs/{song_id}/exports"): {"format": "flac"},
    ("post", "/api/songs/{song_id}/duplicate"): {"title": "Taken"},
    ("patch", "/api/songs/{song_id}/shares/{share_id}"): {"allow_download": True},
}
QUERIES: dict[str, str] = {"/api/songs/{song_id}/download": "?format=mp3"}


@dataclass
class World:
    owner: Browser
    ids: dict[str, str] = field(default_factory=dict)
    secrets: set[str] = field(default_factory=set)  # strings that must never appear in another's answer


def _wav_bytes(seconds: float = 1.0, rate: int = 44100) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        frames = (int(8000 * math.sin(2 * math.pi * 440 * n / rate)) for n in range(int(seconds * rate)))
        out.writeframes(b"".join(struct.pack("<h", f) for f in frames))
    return buffer.getvalue()


def _make_share(world: World) -> str:
    response = world.owner.send("post", f"/api/songs/{world.ids['song_id']}/shares", {})
    assert response.status_code == 201, response.content
    body = response.json()
    if body.get("job"):
        wait_for_job(world.owner, body["job"]["id"])
    return str(body.get("share", body)["id"])


def _make_upload(world: World) -> str:
    response = world.owner.post(
        "/api/uploads/",
        {"file": io.BytesIO(_wav_bytes())},
        HTTP_X_CSRFTOKEN=world.owner.cookies["csrftoken"].value,
    )
    assert response.status_code in (200, 201, 202), response.content
    body = response.json()
    upload = body.get("upload", body)
    if body.get("job"):
        wait_for_job(world.owner, body["job"]["id"])
    return str(upload["id"])


OBJECT_MAKERS: dict[str, Callable[[World], str]] = {
    "share_id": _make_share,
    "upload_id": _make_upload,
}


def _owner_world() -> World:
    owner = Browser()
    assert owner.sign_up("owner@example.com").status_code == 200
    world = World(owner=owner, secrets={"owner@example.com"})
    created = owner.send("post", "/api/songs/", {**SHORT_SPEC, "title": "Owner Secret Song"}).json()
    assert wait_for_job(owner, created["job"]["id"])["status"] == "succeeded"
    song_id = created["song"]["id"]
    edited = owner.send(
        "post", f"/api/songs/{song_id}/edits", {"type": "track_gain", "track": "t2", "gain_db": -3}
    )
    assert edited.status_code == 201, edited.content
    assert wait_for_job(owner, edited.json()["job"]["id"])["status"] == "succeeded"
    owner.send("post", f"/api/songs/{song_id}/versions", {"name": "first"})
    export = owner.send("post", f"/api/songs/{song_id}/exports", {"format": "mp3_192"}).json()
    assert wait_for_job(owner, export["job"]["id"])["status"] == "succeeded"
    state = owner.get(f"/api/songs/{song_id}/editor").json()
    stem_key = re.search(r"/stems/([^/?]+)", state["tracks"][0]["stem_url"])
    assert stem_key is not None
    song = Song.objects.get(pk=song_id)
    deleted = Song.objects.create(
        **{
            f.name: getattr(song, f.name)
            for f in Song._meta.concrete_fields
            if f.name not in {"id", "created_at"}
        }
    )
    owner.delete(f"/api/songs/{deleted.pk}", HTTP_X_CSRFTOKEN=owner.cookies["csrftoken"].value)
    world.ids.update(
        {
            "song_id": str(song_id),
            "deleted_song_id": str(deleted.pk),
            "track_id": str(song.tracks.first().pk),  # type: ignore[union-attr]
            "version_id": str(Version.objects.get(song=song).pk),
            "export_id": str(export["export"]["id"]),
            "key": stem_key.group(1),
            "job_id": str(created["job"]["id"]),
        }
    )
    world.secrets.update({str(song_id), str(deleted.pk), str(export["export"]["id"]), "Owner Secret Song"})
    return world


def _operations() -> list[tuple[str, str]]:
    from django.test import Client

    schema = yaml.safe_load(Client().get("/api/schema/").content)
    return [
        (path, method)
        for path, item in schema["paths"].items()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    ]


def _url(world: World, path: str) -> str:
    ids = dict(world.ids)
    if path.endswith("/restore") and path.startswith("/api/songs/{song_id}/restore"):
        ids["song_id"] = ids["deleted_song_id"]  # restore acts on deleted songs

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in ids:
            if name not in OBJECT_MAKERS:
                raise AssertionError(
                    f"{path}: no way to make the owner's {{{name}}}; add it to OBJECT_MAKERS"
                )
            world.ids[name] = ids[name] = OBJECT_MAKERS[name](world)
        return ids[name]

    return re.sub(r"\{(\w+)\}", fill, path) + QUERIES.get(path, "")


def _call(client: Browser, method: str, url: str, body: dict[str, Any] | None) -> Any:
    return client.send(method, url, body if method != "get" else None)


@pytest.mark.usefixtures("transactional_db")
def test_every_endpoint_hides_the_owners_objects_from_another_user_and_an_anonymous_visitor() -> None:
    cache.clear()
    world = _owner_world()
    other, anonymous = Browser(), Browser()
    assert other.sign_up("other@example.com").status_code == 200
    song = Song.objects.get(pk=world.ids["song_id"])
    before = (song.title, song.head, Edit.objects.filter(song=song).count(), Version.objects.count())

    leaks: list[str] = []
    checked: list[str] = []
    for path, method in _operations():
        if path in PUBLIC_BY_DESIGN:
            continue
        has_ids = "{" in path
        if not has_ids and method != "get":
            continue  # creates something for the caller, naming none of the owner's objects
        url = _url(world, path)
        for name, client in (("other user", other), ("anonymous", anonymous)):
            response = _call(client, method, url, BODIES.get((method, path), {}))
            checked.append(f"{method.upper()} {path}")
            if has_ids and response.status_code != 404:
                leaks.append(f"{method.upper()} {url} as {name}: {response.status_code}")
            body = b"" if getattr(response, "streaming", False) else response.content
            if any(secret.encode() in body for secret in world.secrets):
                leaks.append(f"{method.upper()} {url} as {name}: shows the owner's data")

    assert leaks == []
    assert len(set(checked)) >= 25
    song.refresh_from_db()
    assert (song.title, song.head, Edit.objects.filter(song=song).count(), Version.objects.count()) == before
    assert song.deleted_at is None
    assert Song.objects.get(pk=world.ids["deleted_song_id"]).deleted_at is not None
    # The ids were real: the owner reads every one of them.
    for path, method in _operations():
        if method == "get" and "{" in path and path not in PUBLIC_BY_DESIGN:
            url = _url(world, path)
            assert world.owner.get(url).status_code == 200, url


def test_schema_paths_are_all_listed() -> None:
    """The walk above reads the live schema; this guards against it silently shrinking."""
    assert json.dumps(sorted({p for p, _ in _operations()})).count("/api/songs/{song_id}") >= 15
