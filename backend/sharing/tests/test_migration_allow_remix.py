"""Migrations sharing 0003 and songs 0010 on rows made before them: links keep their token and download
setting and are not remixable until the owner allows it; renders made before know their cache entries."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from engine.render.cache import stage_key

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("sharing", "0002_share_duration"), ("songs", "0009_stored_sizes")]
AFTER = [("sharing", "0003_share_allow_remix"), ("songs", "0010_render_cache_keys")]


def _migrate(target: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    apps = {app for app, _ in target}
    others = [node for node in executor.loader.graph.leaf_nodes() if node[0] not in apps]
    return executor.loader.project_state([*others, *target]).apps


def test_existing_links_keep_working_and_renders_get_their_cache_keys() -> None:
    old = _migrate(BEFORE)
    song = old.get_model("songs", "Song").objects.create(
        title="Old",
        status="ready",
        spec={},
        genre="pop",
        mood="happy",
        tempo=120,
        key="C",
        mode="major",
        seed=1,
    )
    master = "a" * 64
    old.get_model("songs", "SongRender").objects.create(
        song=song,
        state_hash="0" * 64,
        master_key=master,
        stem_keys={"t1": "b" * 64, "t2": "c" * 64},
        loudness_lufs=-14.0,
        true_peak_dbtp=-1.0,
        duration_seconds=8.0,
    )
    link = old.get_model("sharing", "ShareLink").objects.create(
        song=song, token="tok", ops=[], allow_download=True
    )

    new = _migrate(AFTER)
    migrated = new.get_model("sharing", "ShareLink").objects.get(pk=link.pk)
    keys = set(
        new.get_model("songs", "RenderCacheKey").objects.filter(song_id=song.pk).values_list("key", flat=True)
    )
    try:
        assert (migrated.token, migrated.allow_download, migrated.allow_remix) == ("tok", True, False)
        assert keys == {master, "b" * 64, "c" * 64, stage_key("master-meta", master)}
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
