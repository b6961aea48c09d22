"""The public share page as crawlers and listeners see it: meta tags, player, files, embed, counts."""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import urlparse

from django.test import Client
from PIL import Image

from conftest import decode_bytes
from sharing.models import ShareLink
from sharing.tests.conftest import create_share, read_page
from songs.models import Song


def _bytes(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def _path(url: str) -> str:
    return urlparse(url).path


def test_the_page_carries_open_graph_and_twitter_meta_and_plays_without_javascript(
    owner_client: Client, song_id: str
) -> None:
    share = create_share(owner_client, song_id).json()["share"]
    song = Song.objects.get(pk=song_id)
    crawler = Client()

    response = crawler.get(f"/s/{share['token']}")

    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["X-Frame-Options"] == "DENY"
    page = read_page(response.content)
    meta = page.meta
    assert meta["og:title"] == song.title == meta["twitter:title"]
    assert "Happy pop in C major, 120 BPM" in meta["og:description"]
    assert meta["og:url"] == share["url"]
    assert meta["og:type"] == "music.song"
    assert meta["twitter:card"] == "player" and meta["twitter:player"] == share["embed_url"]
    for key in ("og:image", "og:audio", "twitter:image"):
        assert meta[key].startswith("http://testserver/s/"), f"{key} must be an absolute URL"
    assert page.audio == [meta["og:audio"]], "the <audio> element plays without any script"

    image = crawler.get(_path(meta["og:image"]))
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    with Image.open(io.BytesIO(image.content)) as card:
        assert card.size == (1200, 630)
        assert len(card.convert("RGB").getcolors(1 << 20) or []) > 20, "a drawn card, not a blank image"

    audio = crawler.get(_path(meta["og:audio"]))
    assert audio.status_code == 200 and audio["Content-Type"] == "audio/mpeg"
    assert audio["Content-Disposition"].startswith("inline; filename=")
    assert audio["X-Content-Type-Options"] == "nosniff" and audio["Referrer-Policy"] == "no-referrer"
    mp3 = _bytes(audio)
    samples = decode_bytes(mp3, ".mp3")
    seconds = samples.shape[1] / 44100
    assert abs(seconds - float(song.duration_seconds or 0)) < 0.5
    whole = round(seconds)
    assert f", {whole // 60}:{whole % 60:02d}." in meta["og:description"], "the length as heard"

    part = crawler.get(_path(meta["og:audio"]), HTTP_RANGE="bytes=1000-1999")
    assert part.status_code == 206 and part["Content-Range"] == f"bytes 1000-1999/{len(mp3)}"
    assert part.content == mp3[1000:2000] and part["Accept-Ranges"] == "bytes"
    tail = crawler.get(_path(meta["og:audio"]), HTTP_RANGE="bytes=-500")
    assert tail.status_code == 206 and tail.content == mp3[-500:]
    beyond = crawler.get(_path(meta["og:audio"]), HTTP_RANGE=f"bytes={len(mp3)}-")
    assert beyond.status_code == 416

    assert len(page.bars) == 2 * 120, "the waveform (drawn twice: unplayed and played)"
    assert max(page.bars) > 5 * min(page.bars), "the waveform follows the music's loudness"
    assert not [link for link in page.links if "download" in link.get("href", "")], "no download by default"


def test_the_embed_may_be_framed_but_nothing_else_may(owner_client: Client, song_id: str) -> None:
    token = create_share(owner_client, song_id).json()["share"]["token"]

    embed = Client().get(f"/s/{token}/embed")

    assert embed.status_code == 200
    assert "X-Frame-Options" not in embed
    assert "frame-ancestors *" in embed["Content-Security-Policy"].split("; ")
    assert read_page(embed.content).audio == [f"http://testserver/s/{token}/audio.mp3"]
    page = Client().get(f"/s/{token}")
    assert page["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"].split("; ")
    assert owner_client.get("/api/songs/")["X-Frame-Options"] == "DENY"


def test_views_and_plays_are_counted_once_per_page_view(owner_client: Client, song_id: str) -> None:
    share = create_share(owner_client, song_id).json()["share"]
    token = share["token"]
    listener = Client()

    views = [read_page(listener.get(f"/s/{token}").content) for _ in range(2)]
    listener.get(f"/s/{token}/embed")
    view_ids = [ShareLink.objects.get(token=token).page_views.order_by("created_at")[i].pk for i in range(3)]
    play = f"/s/{token}/play"
    first = listener.post(play, {"view": str(view_ids[0])})
    again = listener.post(play, {"view": str(view_ids[0])})
    second = listener.post(play, {"view": str(view_ids[1])})
    bogus = listener.post(play, {"view": "not-a-uuid"})

    assert listener.head(f"/s/{token}").status_code == 200, "HEAD is answered, and not counted"
    assert views[0].scripts >= 1
    assert first.json() == {"counted": True} and again.json() == {"counted": False}
    assert second.json() == {"counted": True} and bogus.status_code == 400
    counted = owner_client.get(f"/api/songs/{song_id}/shares/{share['id']}").json()
    assert counted["views"] == 3 and counted["plays"] == 2


def test_a_play_cannot_be_counted_with_another_links_view(owner_client: Client, song_id: str) -> None:
    one = create_share(owner_client, song_id).json()["share"]
    two = create_share(owner_client, song_id).json()["share"]
    Client().get(f"/s/{one['token']}")
    view_of_one = ShareLink.objects.get(pk=one["id"]).page_views.get().pk

    response = Client().post(f"/s/{two['token']}/play", {"view": str(view_of_one)})

    assert response.json() == {"counted": False}
    assert ShareLink.objects.get(pk=two["id"]).plays == 0


def test_a_revoked_link_is_404_on_the_page_and_every_file_behind_it(
    owner_client: Client, song_id: str
) -> None:
    share = create_share(owner_client, song_id, allow_download=True).json()["share"]
    token = share["token"]
    listener = Client()
    urls = [f"/s/{token}{suffix}" for suffix in ("", "/embed", "/audio.mp3", "/download", "/preview.png")]
    assert [listener.get(url).status_code for url in urls] == [200] * 5
    view_id = ShareLink.objects.get(pk=share["id"]).page_views.first().pk

    assert owner_client.post(f"/api/songs/{song_id}/shares/{share['id']}/revoke").status_code == 200

    assert [listener.get(url).status_code for url in urls] == [404] * 5
    assert listener.post(f"/s/{token}/play", {"view": str(view_id)}).status_code == 404
    assert Client().post(f"/api/shares/{token}/remix").status_code == 404
    assert listener.get(f"/s/{token[:-1]}x").status_code == 404


def test_a_gone_link_says_so_on_a_page_and_in_an_embed_card_that_may_be_framed(
    owner_client: Client, song_id: str
) -> None:
    share = create_share(owner_client, song_id).json()["share"]
    owner_client.post(f"/api/songs/{song_id}/shares/{share['id']}/revoke")

    for token in (share["token"], "never-issued"):
        page = Client().get(f"/s/{token}")
        embed = Client().get(f"/s/{token}/embed")

        assert page.status_code == 404 and embed.status_code == 404
        assert "This link is no longer available" in page.content.decode()
        assert 'href="/"' in page.content.decode(), "a way back into the site"
        assert page["X-Frame-Options"] == "DENY" and page["Referrer-Policy"] == "no-referrer"
        assert "This song is no longer available" in embed.content.decode()
        assert "X-Frame-Options" not in embed, "the site that embedded it shows the card, not a broken frame"
        assert "frame-ancestors *" in embed["Content-Security-Policy"]


def test_deleting_a_song_revokes_its_links_and_restoring_it_does_not_republish_them(
    owner_client: Client, song_id: str
) -> None:
    share = create_share(owner_client, song_id).json()["share"]
    token = share["token"]
    csrf = {"HTTP_X_CSRFTOKEN": owner_client.cookies["csrftoken"].value}

    assert owner_client.delete(f"/api/songs/{song_id}", **csrf).status_code in (200, 204)
    gone = [Client().get(f"/s/{token}{suffix}").status_code for suffix in ("", "/embed", "/audio.mp3")]
    assert owner_client.post(f"/api/songs/{song_id}/restore", **csrf).status_code == 200
    after = [Client().get(f"/s/{token}{suffix}").status_code for suffix in ("", "/embed", "/audio.mp3")]

    assert gone == [404, 404, 404] and after == [404, 404, 404]
    listed = owner_client.get(f"/api/songs/{song_id}/shares/{share['id']}").json()
    assert listed["revoked_at"] is not None, "the owner sees the link as revoked"


def test_the_page_offers_remix_only_where_the_link_allows_remix_and_download(
    owner_client: Client, song_id: str
) -> None:
    offered = {}
    for download, remix in ((False, False), (True, False), (False, True), (True, True)):
        token = create_share(owner_client, song_id, allow_download=download, allow_remix=remix).json()
        html = Client().get(f"/s/{token['share']['token']}").content.decode()
        offered[(download, remix)] = "Sign in to remix" in html

    assert offered == {(False, False): False, (True, False): False, (False, True): False, (True, True): True}
