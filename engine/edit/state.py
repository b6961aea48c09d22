"""The song an edit log describes, as fold builds it: SongState, its tracks and the stem recipes it yields.

Everything here is immutable: Scores are frozen pydantic models and every op returns a new state (copies
share the untouched tracks). The state holds the edited Score (tempo, key, loops and instrument edits
applied to notes, chords and sections), each track's stable id, fader and effect chain, the master chain,
and yields per-track stem recipes: everything the staged render (`engine.edit.render`) needs.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict

from engine.edit.audio_track import AudioClip, AudioSource
from engine.edit.composed import ComposedNotes
from engine.edit.ops import EditError
from engine.mix.effects import EffectChain
from engine.mix.mixdown import TrackMix, default_track_mix
from engine.render.fluidsynth import song_samples
from engine.score import Score, Track

RECIPE_VERSION = 1  # bump when the way a recipe becomes audio changes
_STATE = ConfigDict(frozen=True, arbitrary_types_allowed=True)


class TrackState(BaseModel):
    """A track's identity and mixer strip: stable id, fader (TrackMix) and effect chain."""

    model_config = _STATE
    id: str
    mix: TrackMix
    chain: EffectChain = EffectChain()
    audio: AudioClip | None = None  # an uploaded recording (engine.edit.audio_track), not notes


class StemRecipe(BaseModel):
    """What one dry stem is made from: the notes and program, the tempo and the stem length."""

    model_config = _STATE
    track: Track
    tempo: float
    ticks_per_beat: int
    total_samples: int
    beats_per_bar: int = 4
    audio: AudioClip | None = None

    def content_key(self, soundfont_sha256: str) -> str:
        """SHA-256 of everything that shapes the dry audio (not the track's name or role)."""
        if self.audio is not None:
            return self.audio.content_key(
                tempo=self.tempo, beats_per_bar=self.beats_per_bar, total_samples=self.total_samples
            )
        header = {
            "v": RECIPE_VERSION,
            "program": self.track.program,
            "bank": self.track.bank,
            "tempo": float(self.tempo).hex(),
            "tpb": self.ticks_per_beat,
            "samples": self.total_samples,
            "soundfont": soundfont_sha256,
        }
        notes = np.array(
            [(n.start, n.duration, n.pitch, n.velocity) for n in self.track.notes], dtype="<i8"
        ).tobytes()
        digest = hashlib.sha256(json.dumps(header, sort_keys=True).encode())
        digest.update(notes)
        return digest.hexdigest()


class SongState(BaseModel):
    """The current song: the edited score, one TrackState per score track (same order), the master chain."""

    model_config = _STATE
    score: Score
    tracks: tuple[TrackState, ...]
    master_chain: EffectChain = EffectChain()
    added: int = 0  # tracks created by add_instrument so far; the next one is "a<added+1>"
    audio_sources: Mapping[str, AudioSource] = {}  # uploads add_audio_track may use, by upload id
    composed: Mapping[str, ComposedNotes] = {}  # notes regenerate/add_instrument replay, by key

    @property
    def track_ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.tracks)

    def index(self, track_id: str, field: str = "track") -> int:
        for position, state in enumerate(self.tracks):
            if state.id == track_id:
                return position
        raise EditError(f"There is no track '{track_id}' in this song.", field)

    def track(self, track_id: str) -> Track:
        return self.score.tracks[self.index(track_id)]

    def mixes(self) -> list[TrackMix]:
        return [t.mix for t in self.tracks]

    def stem_recipes(self) -> dict[str, StemRecipe]:
        """Per track id, the recipe of its dry stem; all stems share `song_samples(score)`."""
        total = song_samples(self.score)
        return {
            state.id: StemRecipe(
                track=track,
                tempo=self.score.tempo,
                ticks_per_beat=self.score.ticks_per_beat,
                total_samples=total,
                beats_per_bar=self.score.beats_per_bar,
                audio=state.audio,
            )
            for state, track in zip(self.tracks, self.score.tracks, strict=True)
        }


def initial_state(
    base: Score,
    *,
    mixes: Sequence[TrackMix] | None = None,
    audio_sources: Mapping[str, AudioSource] | None = None,
    composed: Mapping[str, ComposedNotes] | None = None,
) -> SongState:
    """The unedited song: ids t1..tN, the given faders (default: by role), no effects."""
    if mixes is not None and len(mixes) != len(base.tracks):
        raise ValueError(f"{len(base.tracks)} tracks but {len(mixes)} mix settings.")
    faders = list(mixes) if mixes is not None else [default_track_mix(t.role) for t in base.tracks]
    return SongState(
        score=base,
        tracks=tuple(TrackState(id=f"t{i + 1}", mix=mix) for i, mix in enumerate(faders)),
        audio_sources=dict(audio_sources or {}),
        composed=dict(composed or {}),
    )


def with_track_state(state: SongState, track_id: str, **update: Any) -> SongState:
    """The state with fields of one track's TrackState replaced."""
    position = state.index(track_id)
    tracks = list(state.tracks)
    tracks[position] = tracks[position].model_copy(update=update)
    return state.model_copy(update={"tracks": tuple(tracks)})


def with_score(state: SongState, **update: Any) -> SongState:
    """The state with fields of its score replaced."""
    return state.model_copy(update={"score": state.score.model_copy(update=update)})
