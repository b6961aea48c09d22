"""Store the notes of every `regenerate` and `add_instrument` already made, so fold never composes.

Until now these ops held only a seed and fold ran the composer each time. Here every seed-only one in an
edit log, a version, an export or a share link is materialised with the composer as it is now (what the
song sounds like today), its notes stored in a NoteBlob and named in the op's `notes`. The state hash of
an op list changes with it, so each SongRender is moved from the old hash to the new one (for every prefix
of each song's log and every saved op list) and existing renders stay found. No file is touched.
It runs the engine as it is when the migration runs (engine.edit.materialise).

Going back strips `notes` from the ops and moves the renders back; the NoteBlob table is dropped.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from django.db import migrations, models

COMPOSING = ("regenerate", "add_instrument")


def _state_hash(ops: list[dict[str, Any]]) -> str:
    # songs.edit_state.state_hash as it is at this migration, frozen here.
    return hashlib.sha256(json.dumps(ops, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def _op_lists(apps: Any, song: Any) -> list[tuple[Any, str, list[dict[str, Any]]]]:
    """(row, what, ops) for every op list the song holds: its whole log, versions, exports, share links."""
    Edit = apps.get_model("songs", "Edit")
    Version = apps.get_model("songs", "Version")
    SongExport = apps.get_model("songs", "SongExport")
    ShareLink = apps.get_model("sharing", "ShareLink")
    log = list(Edit.objects.filter(song=song).order_by("seq"))
    lists: list[tuple[Any, str, list[dict[str, Any]]]] = [
        (log, "log", [{"type": e.type, **e.params} for e in log])
    ]
    for model in (Version, SongExport, ShareLink):
        lists.extend((row, "ops", list(row.ops)) for row in model.objects.filter(song=song))
    return lists


def _save(row: Any, what: str, ops: list[dict[str, Any]]) -> None:
    if what == "log":
        for edit, op in zip(row, ops, strict=True):
            params = {k: v for k, v in op.items() if k != "type"}
            if params != edit.params:
                edit.params = params
                edit.save(update_fields=["params"])
    elif hasattr(row, "state_hash"):  # an export: equal states share files, found by the hash
        row.ops, row.state_hash = ops, _state_hash(ops)
        row.save(update_fields=["ops", "state_hash"])
    else:
        row.ops = ops
        row.save(update_fields=["ops"])


class _Materialiser:
    """Folds one song's op lists, running the composer for seed-only ops; shared prefixes fold once."""

    def __init__(self, apps: Any, song: Any, uploads: dict[str, Any], keys: set[str]) -> None:
        from engine.edit.composed import ComposedNotes
        from engine.edit.state import initial_state
        from engine.mix.mixdown import TrackMix
        from engine.score import Score

        base = Score.model_validate(song.score)
        tracks = sorted(song.tracks.all(), key=lambda track: track.index)
        mixes = [TrackMix(gain_db=t.gain_db, pan=t.pan) for t in tracks]
        if len(mixes) != len(base.tracks):
            mixes = None
        self.NoteBlob = apps.get_model("songs", "NoteBlob")
        # Ops already materialised (a list converted before, a song copied from one) replay their notes.
        stored = {b.key: ComposedNotes.from_json(b.notes) for b in self.NoteBlob.objects.filter(key__in=keys)}
        start = initial_state(base, mixes=mixes, audio_sources=uploads, composed=stored)
        self.memo: dict[str, tuple[Any, dict[str, Any]]] = {_state_hash([]): (start, {})}

    def convert(self, ops: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[tuple[str, str]]]:
        """The ops materialised, and (old hash, new hash) of each prefix that changed. An op that no longer
        folds (it failed before this migration too) and everything after it are left as they are."""
        from engine.edit.fold import replay_op
        from engine.edit.materialise import materialise, with_composed
        from engine.edit.ops import EditError, op_params, parse_op

        out: list[dict[str, Any]] = []
        pairs: list[tuple[str, str]] = []
        changed = False
        state = self.memo[_state_hash([])][0]
        for position, data in enumerate(ops):
            old_hash = _state_hash(ops[: position + 1])
            if old_hash in self.memo:
                state, new = self.memo[old_hash]
            else:
                try:
                    op = parse_op(data)
                    if data.get("type") in COMPOSING and not data.get("notes"):
                        op, composed = materialise(state, op)
                        state = with_composed(state, composed)
                        if composed is not None:
                            self.NoteBlob.objects.get_or_create(
                                key=composed.key,
                                defaults={"notes": composed.as_json(), "note_count": composed.note_count},
                            )
                        new = {"type": op.type, **op_params(op)}
                    else:
                        new = dict(data)
                    state = replay_op(state, op)
                except (EditError, ValueError):
                    return out + [dict(d) for d in ops[position:]], pairs
                self.memo[old_hash] = (state, new)
            out.append(new)
            changed = changed or new != data
            if changed:
                pairs.append((old_hash, _state_hash(out)))
        return out, pairs


def _audio_sources(apps: Any, lists: list[tuple[Any, str, list[dict[str, Any]]]]) -> dict[str, Any]:
    # What fold needs of an upload to place its track (the audio itself is never read here).
    from engine.edit.audio_track import AudioSource

    Upload = apps.get_model("uploads", "Upload")
    ids = {str(op.get("upload")) for _, _, ops in lists for op in ops if op.get("type") == "add_audio_track"}
    sources: dict[str, Any] = {}
    for upload in Upload.objects.filter(pk__in=[i for i in ids if len(i) == 36]):
        sources[str(upload.pk)] = AudioSource(
            upload=str(upload.pk),
            sha256=upload.sha256,
            path=Path(upload.working or "missing"),
            samples=upload.samples,
            name=upload.filename.rsplit(".", 1)[0][:60] or "Recording",
            tempo=upload.tempo if upload.tempo_confidence >= 0.2 else None,
        )
    return sources


def _songs_to_convert(apps: Any) -> Any:
    Song = apps.get_model("songs", "Song")
    return Song.objects.filter(score__isnull=False).prefetch_related("tracks").order_by("pk")


def _remap_renders(apps: Any, song: Any, pairs: set[tuple[str, str]]) -> None:
    SongRender = apps.get_model("songs", "SongRender")
    for old, new in pairs:
        if old != new and not SongRender.objects.filter(song=song, state_hash=new).exists():
            SongRender.objects.filter(song=song, state_hash=old).update(state_hash=new)


def materialise_composed_notes(apps: Any, schema_editor: Any) -> None:
    for song in _songs_to_convert(apps):
        lists = _op_lists(apps, song)
        if not any(op.get("type") in COMPOSING and not op.get("notes") for _, _, ops in lists for op in ops):
            continue
        keys = {str(op["notes"]) for _, _, ops in lists for op in ops if isinstance(op.get("notes"), str)}
        materialiser = _Materialiser(apps, song, _audio_sources(apps, lists), keys)
        pairs: set[tuple[str, str]] = set()
        for row, what, ops in lists:
            converted, changed = materialiser.convert(ops)
            pairs.update(changed)
            if converted != ops:
                _save(row, what, converted)
        _remap_renders(apps, song, pairs)


def strip_composed_notes(apps: Any, schema_editor: Any) -> None:
    for song in _songs_to_convert(apps):
        pairs: set[tuple[str, str]] = set()
        for row, what, ops in _op_lists(apps, song):
            stripped = [
                {k: v for k, v in op.items() if k != "notes"} if op.get("type") in COMPOSING else op
                for op in ops
            ]
            if stripped == ops:
                continue
            pairs.update(
                (_state_hash(ops[: n + 1]), _state_hash(stripped[: n + 1]))
                for n in range(len(ops))
                if ops[: n + 1] != stripped[: n + 1]
            )
            _save(row, what, stripped)
        _remap_renders(apps, song, pairs)


class Migration(migrations.Migration):
    dependencies = [
        ("songs", "0007_one_pipeline_drop"),
        ("sharing", "0002_share_duration"),
        ("uploads", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="NoteBlob",
            fields=[
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("key", models.CharField(max_length=64, primary_key=True, serialize=False)),
                ("notes", models.JSONField()),
                ("note_count", models.PositiveIntegerField()),
            ],
            options={
                "abstract": False,
            },
        ),
        migrations.RunPython(materialise_composed_notes, strip_composed_notes),
    ]
