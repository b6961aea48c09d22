"""SongSpec: what the user asks the composer for, validated when built."""

from __future__ import annotations

from typing import Annotated, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from engine.instruments import Role, instrument
from engine.theory import MODES, canonical_tonic

GENRES: tuple[str, ...] = (
    "pop",
    "rock",
    "electronic",
    "hip_hop",
    "lofi",
    "jazz",
    "classical",
    "ambient",
    "folk",
    "funk",
    "cinematic",
    "blues",
)

MOODS: tuple[str, ...] = (
    "happy",
    "sad",
    "calm",
    "energetic",
    "dark",
    "romantic",
    "epic",
    "dreamy",
)


def _known_mode(value: str) -> str:
    if value not in MODES:
        raise ValueError(f"Unknown mode '{value}'. Choose one of: {', '.join(MODES)}.")
    return value


# A tonic in any common spelling, stored canonically ("db" -> "C#"), and a mode name from theory.MODES.
Tonic = Annotated[str, AfterValidator(canonical_tonic)]
ModeName = Annotated[str, AfterValidator(_known_mode)]

TEMPO_MIN, TEMPO_MAX = 40, 240
LENGTH_SECONDS_MIN, LENGTH_SECONDS_MAX = 8.0, 600.0
LENGTH_BARS_MIN, LENGTH_BARS_MAX = 2, 256
MAX_PARTS = 12
SEED_MAX = 2**31 - 1


class InstrumentPart(BaseModel):
    """One requested track: a General MIDI instrument (or drum kit) playing a role."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    instrument: str
    role: Role | None = None

    @model_validator(mode="after")
    def _role_fits_instrument(self) -> Self:
        inst = instrument(self.instrument)
        role = self.role or inst.default_role
        if inst.is_drum_kit and role is not Role.DRUMS:
            raise ValueError(f"'{self.instrument}' is a drum kit: its role must be 'drums'.")
        if not inst.is_drum_kit and role is Role.DRUMS:
            raise ValueError(f"'{self.instrument}' is not a drum kit: choose a drum kit for the drums role.")
        object.__setattr__(self, "role", role)
        return self

    @property
    def resolved_role(self) -> Role:
        assert self.role is not None  # set by the validator
        return self.role


class SongSpec(BaseModel):
    """A complete, validated request for a song. Exactly one of length_seconds / length_bars is set."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    genre: str
    mood: str
    tempo: int = Field(ge=TEMPO_MIN, le=TEMPO_MAX)
    key: Tonic
    mode: ModeName = "major"
    instruments: tuple[InstrumentPart, ...] = Field(min_length=1, max_length=MAX_PARTS)
    length_seconds: float | None = Field(default=None, ge=LENGTH_SECONDS_MIN, le=LENGTH_SECONDS_MAX)
    length_bars: int | None = Field(default=None, ge=LENGTH_BARS_MIN, le=LENGTH_BARS_MAX)
    seed: int = Field(default=0, ge=0, le=SEED_MAX)

    @field_validator("genre")
    @classmethod
    def _known_genre(cls, value: str) -> str:
        if value not in GENRES:
            raise ValueError(f"Unknown genre '{value}'. Choose one of: {', '.join(GENRES)}.")
        return value

    @field_validator("mood")
    @classmethod
    def _known_mood(cls, value: str) -> str:
        if value not in MOODS:
            raise ValueError(f"Unknown mood '{value}'. Choose one of: {', '.join(MOODS)}.")
        return value

    @model_validator(mode="after")
    def _one_length_and_one_kit(self) -> Self:
        if (self.length_seconds is None) == (self.length_bars is None):
            raise ValueError("Give the length either in seconds or in bars, not both.")
        drum_parts = sum(1 for part in self.instruments if part.resolved_role is Role.DRUMS)
        if drum_parts > 1:
            raise ValueError("A song can have at most one drum kit.")
        return self

    @property
    def beats_per_bar(self) -> int:
        return 4

    def bar_count(self) -> int:
        """Bars to compose: length_bars, or the whole bars nearest to length_seconds (at least 2)."""
        if self.length_bars is not None:
            return self.length_bars
        assert self.length_seconds is not None
        seconds_per_bar = self.beats_per_bar * 60.0 / self.tempo
        return max(LENGTH_BARS_MIN, round(self.length_seconds / seconds_per_bar))
