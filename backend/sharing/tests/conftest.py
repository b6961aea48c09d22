"""A generated song for the sharing tests, and a reader of the share page's meta tags."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client

from conftest import SHORT_SPEC, verified_client, wait_for_job


@pytest.fixture
def owner_client(transactional_db: None) -> Client:
    """The owner shares by link, which takes an account with a verified e-mail address."""
    return verified_client("owner@example.com")


@pytest.fixture
def song_id(owner_client: Client, transactional_db: None) -> str:
    owner_client.get("/api/options")
    created = owner_client.post("/api/songs/", SHORT_SPEC, content_type="application/json").json()
    assert wait_for_job(owner_client, created["job"]["id"])["status"] == "succeeded"
    return str(created["song"]["id"])


def create_share(client: Client, song_id: str, **body: Any) -> Any:
    return client.post(f"/api/songs/{song_id}/shares", body, content_type="application/json")


class PageReader(HTMLParser):
    """The meta tags, links, audio sources and waveform bars of a share page, as a crawler sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.links: list[dict[str, str]] = []
        self.audio: list[str] = []
        self.bars: list[float] = []
        self.scripts = 0
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "meta" and ("property" in values or "name" in values):
            self.meta[values.get("property") or values["name"]] = values.get("content", "")
        elif tag == "a":
            self.links.append(values)
        elif tag == "audio" and "src" in values:
            self.audio.append(values["src"])
        elif tag == "rect" and "rx" in values:
            self.bars.append(float(values["height"]))
        elif tag == "script":
            self.scripts += 1

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def read_page(html: bytes) -> PageReader:
    reader = PageReader()
    reader.feed(html.decode())
    return reader
