"""ComposedNotes: the notes one composer run wrote for an edit, stored once and replayed by fold.

An op that runs the composer (`regenerate`, `add_instrument`) is materialised when it is appended
(`engine.edit.materialise`): the notes the composer wrote are kept in a ComposedNotes, addressed by the
SHA-256 of its canonical JSON, and the op names that key in its `notes` field. Fold looks the notes up
by key and never composes, so a retrained model or a changed genre table never changes a saved song.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, model_validator

from engine.limits import PART_NOTES_MAX
from engine.score import Note
from engine.spec import MAX_PARTS

FORMAT_VERSION = 1
MAX_PART_NOTES = PART_NOTES_MAX  # the song budget's notes a track (engine.limits)
TOO_MANY_NOTES = "The composer wrote {count} notes for one part; a part may hold at most {limit}."
NOT_COMPOSED_NOTES = "Not a stored set of composed notes."
_TRACK_ID = re.compile(r"^(t|a)[1-9][0-9]{0,3}$")


class ComposedNotes(BaseModel):
    """Per track id, the notes the composer wrote, in its order (immutable, content-addressed)."""

    model_config = ConfigDict(frozen=True)
    parts: Mapping[str, tuple[Note, ...]]

    @model_validator(mode="after")
    def _bounded(self) -> Self:
        if len(self.parts) > MAX_PARTS or not all(map(_TRACK_ID.match, self.parts)):
            raise ValueError(NOT_COMPOSED_NOTES)
        for notes in self.parts.values():
            if len(notes) > MAX_PART_NOTES:
                raise ValueError(TOO_MANY_NOTES.format(count=len(notes), limit=MAX_PART_NOTES))
        return self

    @property
    def note_count(self) -> int:
        return sum(len(notes) for notes in self.parts.values())

    def as_json(self) -> dict[str, Any]:
        """{"v": 1, "parts": {track id: [[start, duration, pitch, velocity], ...]}}: what is stored."""
        return {
            "v": FORMAT_VERSION,
            "parts": {
                track: [[n.start, n.duration, n.pitch, n.velocity] for n in notes]
                for track, notes in sorted(self.parts.items())
            },
        }

    @property
    def key(self) -> str:
        """SHA-256 of the canonical JSON: equal notes give equal keys, whichever song or op wrote them."""
        canonical = json.dumps(self.as_json(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ComposedNotes:
        """Rebuild stored notes (raise ValueError if they are not in the stored form or exceed the limits)."""
        parts = data.get("parts") if data.get("v") == FORMAT_VERSION else None
        if not isinstance(parts, dict) or not all(isinstance(rows, list) for rows in parts.values()):
            raise ValueError(NOT_COMPOSED_NOTES)
        if any(len(rows) > MAX_PART_NOTES for rows in parts.values()):
            raise ValueError(NOT_COMPOSED_NOTES)
        try:
            return cls(
                parts={
                    str(track): tuple(
                        Note(start=start, duration=duration, pitch=pitch, velocity=velocity)
                        for start, duration, pitch, velocity in rows
                    )
                    for track, rows in parts.items()
                }
            )
        except (TypeError, ValueError) as error:  # pydantic's ValidationError is a ValueError
            raise ValueError(NOT_COMPOSED_NOTES) from error
