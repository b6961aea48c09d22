"""A song's edit state: its base (the generated score and starting faders) folded with its edit log."""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from typing import Any

from core.exceptions import FIELDS_INVALID, ApplicationError, ConflictError
from core.visibility import Requester
from engine.edit.budget import BudgetError
from engine.edit.composed import ComposedNotes
from engine.edit.fold import replay_op
from engine.edit.ops import EditError, EditOp, parse_op
from engine.edit.state import SongState, initial_state
from engine.mix.mixdown import TrackMix
from engine.score import Score
from songs.models import Edit, NoteBlob, Song
from uploads.selectors import upload_audio_sources

SONG_NOT_EDITABLE = "This song is not ready to edit yet. Wait until it has finished rendering."

OpData = dict[str, Any]


def edit_error_as_application_error(error: EditError, *, conflict: bool = False) -> ApplicationError:
    """An engine EditError as the API's 400 (or 409 when the op does not fit the song's current state):
    the message under the field it names. An edit over the song budget is a 409 whose message says which
    limit and by how much, with the figures in `extra["limit"]`."""
    extra: dict[str, Any] = {"fields": {error.field or "type": [error.message]}}
    if isinstance(error, BudgetError):
        excess = error.excess
        extra["limit"] = {
            "name": excess.limit,
            "value": round(excess.value, 3),
            "maximum": excess.maximum,
            "over": round(excess.over, 3),
        }
        return ConflictError(error.message, extra)
    return ConflictError(FIELDS_INVALID, extra) if conflict else ApplicationError(FIELDS_INVALID, extra)


def song_base_json(song: Song) -> dict[str, Any]:
    """The generated score as stored (JSON), once the song can be edited."""
    if song.status != Song.Status.READY or not song.score:
        raise ConflictError(SONG_NOT_EDITABLE)
    score: dict[str, Any] = song.score
    return score


def song_base(song: Song) -> tuple[Score, list[TrackMix]]:
    """The immutable base: the generated score and the faders the first render used."""
    score = Score.model_validate(song_base_json(song))
    # .all() uses the tracks prefetched with the song (song_get) instead of asking the database again.
    tracks = sorted(song.tracks.all(), key=lambda track: track.index)
    mixes = [TrackMix(gain_db=t.gain_db, pan=t.pan) for t in tracks]
    return score, mixes


def applied_ops(song: Song) -> list[OpData]:
    """The edits in force (seq 1..head) as op data, oldest first."""
    return [edit.as_op_data() for edit in Edit.objects.filter(song=song, seq__lte=song.head).order_by("seq")]


def parse_ops(ops: list[OpData]) -> list[EditOp]:
    return [parse_op(data) for data in ops]


def state_hash(ops: list[OpData]) -> str:
    """Identifies an edit state: equal op lists (e.g. after undo) give equal hashes."""
    return hashlib.sha256(json.dumps(ops, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


# Parsed note sets by key. They are content-addressed, so an entry is never stale; the editor folds the
# same ones on every request (a whole 3-minute song regenerated: ~4,000 notes, ~35 ms to parse).
_PARSED_MAX = 32
_parsed: OrderedDict[str, ComposedNotes] = OrderedDict()
_parsed_lock = threading.Lock()


def composed_notes(ops: list[OpData]) -> dict[str, ComposedNotes]:
    """The stored notes the ops name (regenerate, add_instrument), by key; missing ones are left out
    (fold then refuses the op that names them)."""
    keys = {str(op["notes"]) for op in ops if isinstance(op.get("notes"), str)}
    found: dict[str, ComposedNotes] = {}
    with _parsed_lock:
        for key in keys & _parsed.keys():
            _parsed.move_to_end(key)
            found[key] = _parsed[key]
    for blob in NoteBlob.objects.filter(key__in=keys - found.keys()):
        try:
            found[blob.key] = ComposedNotes.from_json(blob.notes)
        except ValueError:
            continue
        with _parsed_lock:
            _parsed[blob.key] = found[blob.key]
            while len(_parsed) > _PARSED_MAX:
                _parsed.popitem(last=False)
    return found


def composed_notes_store(notes: ComposedNotes) -> NoteBlob:
    """Store notes the composer wrote (once: equal notes share one row)."""
    blob, _ = NoteBlob.objects.get_or_create(
        key=notes.key, defaults={"notes": notes.as_json(), "note_count": notes.note_count}
    )
    return blob


def song_start_state(song: Song, ops: list[OpData]) -> SongState:
    """The unedited song, holding what `ops` need to replay: their uploads and stored notes."""
    score, mixes = song_base(song)
    # A new audio track may use any upload of the song's owner (and only theirs); the log keeps those
    # it already uses (a copy of another user's song included).
    owner = Requester(user=song.owner, session_key="" if song.owner_id else song.session_key)
    in_log = [str(op.get("upload", "")) for op in ops if op.get("type") == "add_audio_track"]
    sources = upload_audio_sources(requester=owner, in_log=in_log)
    return initial_state(score, mixes=mixes, audio_sources=sources, composed=composed_notes(ops))


def song_state(song: Song, ops: list[OpData] | None = None) -> SongState:
    """The folded song for `ops` (default: the edits in force)."""
    ops = applied_ops(song) if ops is None else ops
    state = song_start_state(song, ops)
    try:
        for op in parse_ops(ops):
            state = replay_op(state, op)
    except EditError as error:
        raise edit_error_as_application_error(error) from None
    return state
