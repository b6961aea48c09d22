"""Songs copied from another account's share link before remixes got their own upload rows name the
original owner's uploads in their edits; that owner could then not delete a recording without breaking
those songs. Each such song's owner gets their own row for the upload (the same stored files, so no file is
copied or dropped), and the song's edits, versions, exports and share links name it; renders and cache
records follow the new state hashes. Audio and cache keys hash the upload's content, never its id, so
every song plays exactly as before."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import migrations

_NOT_COPIED = {"id", "owner", "session_key", "created_at", "updated_at"}


def _state_hash(ops: list[dict[str, Any]]) -> str:
    # songs.state.state_hash as it is at this migration, frozen here.
    return hashlib.sha256(json.dumps(ops, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def _belongs(upload: Any, song: Any) -> bool:
    if song.owner_id is not None:
        return bool(upload.owner_id == song.owner_id)
    return upload.owner_id is None and upload.session_key == song.session_key


def _own_copy(apps: Any, upload: Any, song: Any) -> Any:
    """The song owner's upload of these bytes: theirs already, or a new row naming the same files."""
    Upload = apps.get_model("uploads", "Upload")
    mine = Upload.objects.filter(sha256=upload.sha256)
    if song.owner_id is not None:
        mine = mine.filter(owner_id=song.owner_id)
    else:
        mine = mine.filter(owner__isnull=True, session_key=song.session_key)
    found = mine.first()
    if found is not None:
        return found
    fields = {
        f.name: getattr(upload, f.name) for f in Upload._meta.concrete_fields if f.name not in _NOT_COPIED
    }
    return Upload.objects.create(owner_id=song.owner_id, session_key=song.session_key, **fields)


def _moved(ops: list[dict[str, Any]], ids: dict[str, str]) -> list[dict[str, Any]]:
    return [
        {**op, "upload": ids.get(str(op.get("upload")), op.get("upload"))}
        if op.get("type") == "add_audio_track"
        else op
        for op in ops
    ]


def _move_song(apps: Any, song: Any, ids: dict[str, str]) -> None:
    Edit = apps.get_model("songs", "Edit")
    pairs: set[tuple[str, str]] = set()
    log = list(Edit.objects.filter(song=song).order_by("seq"))
    old = [{"type": e.type, **e.params} for e in log]
    new = _moved(old, ids)
    pairs.update((_state_hash(old[:n]), _state_hash(new[:n])) for n in range(len(old) + 1))
    for edit, op in zip(log, new, strict=True):
        params = {k: v for k, v in op.items() if k != "type"}
        if params != edit.params:
            edit.params = params
            edit.save(update_fields=["params"])
    for model in ("Version", "SongExport"):
        for row in apps.get_model("songs", model).objects.filter(song=song):
            ops = _moved(list(row.ops), ids)
            if ops != row.ops:
                pairs.add((_state_hash(list(row.ops)), _state_hash(ops)))
                row.ops = ops
                row.save(update_fields=["ops"])
    for row in apps.get_model("sharing", "ShareLink").objects.filter(song=song):
        ops = _moved(list(row.ops), ids)
        if ops != row.ops:
            row.ops = ops
            row.save(update_fields=["ops"])
    for model in ("SongRender", "SongExport", "RenderCacheKey"):
        rows = apps.get_model("songs", model).objects.filter(song=song)
        for before, after in pairs:
            if before != after and not rows.filter(state_hash=after).exists():
                rows.filter(state_hash=before).update(state_hash=after)


def give_songs_their_own_uploads(apps: Any, schema_editor: Any) -> None:
    Edit = apps.get_model("songs", "Edit")
    Song = apps.get_model("songs", "Song")
    Upload = apps.get_model("uploads", "Upload")
    named: dict[Any, set[str]] = {}
    for song_id, params in Edit.objects.filter(type="add_audio_track").values_list("song_id", "params"):
        named.setdefault(song_id, set()).add(str(params.get("upload", "")))
    for song in Song.objects.filter(pk__in=list(named)):
        uploads = Upload.objects.filter(pk__in=[i for i in named[song.pk] if len(i) == 36])
        ids = {str(u.pk): str(_own_copy(apps, u, song).pk) for u in uploads if not _belongs(u, song)}
        if ids:
            _move_song(apps, song, ids)


class Migration(migrations.Migration):
    dependencies = [
        ("songs", "0010_render_cache_keys"),
        ("sharing", "0003_share_allow_remix"),
        ("uploads", "0002_stored_sizes"),
    ]

    operations = [
        migrations.RunPython(give_songs_their_own_uploads, migrations.RunPython.noop),
    ]
