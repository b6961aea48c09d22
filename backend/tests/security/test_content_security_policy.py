"""A strict Content-Security-Policy on the SPA, the share page and the embed: only this origin's scripts
and styles, or inline ones carrying the response's nonce (the browser check is the e2e run, which fails
on any violation)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.test import Client

from sharing.tests.conftest import create_share, owner_client, song_id  # noqa: F401 (fixtures)


def _policy(response: Any) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


def _nonce(policy: dict[str, str]) -> str:
    match = re.fullmatch(r"'self' 'nonce-([\w-]+)'", policy["script-src"])
    assert match, policy["script-src"]
    return match.group(1)


def test_the_app_page_hands_its_nonce_to_the_app(settings: Any, tmp_path: Path) -> None:
    settings.FRONTEND_DIST = tmp_path
    (tmp_path / "index.html").write_text(
        '<meta name="csp-nonce" content="__CSP_NONCE__"><div id="root"></div>'
    )

    first, second = Client().get("/library"), Client().get("/library")

    policy = _policy(first)
    nonce = _nonce(policy)
    assert f'content="{nonce}"'.encode() in first.content
    assert _nonce(_policy(second)) != nonce  # a fresh nonce per response
    assert policy["style-src"] == f"'self' 'nonce-{nonce}'"
    assert "unsafe-inline" not in first["Content-Security-Policy"]
    assert (policy["object-src"], policy["base-uri"], policy["frame-ancestors"]) == ("'none'",) * 3
    print(f"\nSPA policy: {first['Content-Security-Policy']}")


def test_the_share_page_and_embed_carry_the_nonce_on_every_inline_tag(
    owner_client: Client,  # noqa: F811
    song_id: str,  # noqa: F811
) -> None:
    token = create_share(owner_client, song_id).json()["share"]["token"]
    for label, path, framed in (("share page", f"/s/{token}", "'none'"), ("embed", f"/s/{token}/embed", "*")):
        response = Client().get(path)
        assert response.status_code == 200, path
        policy = _policy(response)
        nonce = _nonce(policy)
        tags = re.findall(rb"<(script|style)\b([^>]*)>", response.content)
        assert tags, path
        for name, attributes in tags:
            assert f'nonce="{nonce}"'.encode() in attributes, (path, name)
        assert b" style=" not in response.content and b" onclick=" not in response.content
        assert policy["frame-ancestors"] == framed
        print(f"\n{label}: {len(tags)} inline tags, all with the nonce; frame-ancestors {framed}")
