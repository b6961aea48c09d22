"""SongSpec: what the user asks the composer for, validated when built."""

from __future__ import annotations

from typing import Annotated, Any, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from engine.instruments import INSTRUMENTS, Role, instrument
from engine.limits import (
    SONG_BARS_MAX,
    SONG_SECONDS_MAX,
    SONG_TRACKS_MAX,
    amount,
    bars_within,
    duration_excess,
    seconds_of,
)
from engine.limits import TEMPO_MAX as TEMPO_MAX
from engine.limits import TEMPO_MIN as TEMPO_MIN
from engine.theory import MODES, TONIC_SPELLINGS, canonical_tonic

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
# Their JSON schemas list what the validators accept, so the API schema carries the same choices.
Tonic = Annotated[
    str, AfterValidator(canonical_tonic), WithJsonSchema({"type": "string", "enum": list(TONIC_SPELLINGS)})
]
ModeName = Annotated[
    str, AfterValidator(_known_mode), WithJsonSchema({"type": "string", "enum": list(MODES)})
]

# The longest length and the most parts a spec may ask for are the song budget's (engine.limits).
LENGTH_SECONDS_MIN, LENGTH_SECONDS_MAX = 8.0, SONG_SECONDS_MAX
LENGTH_BARS_MIN, LENGTH_BARS_MAX = 2, SONG_BARS_MAX
MAX_PARTS = SONG_TRACKS_MAX
SEED_MAX = 2**31 - 1

DRUM_KITS: tuple[str, ...] = tuple(inst.slug for inst in INSTRUMENTS if inst.is_drum_kit)
MELODIC_INSTRUMENTS: tuple[str, ...] = tuple(inst.slug for inst in INSTRUMENTS if not inst.is_drum_kit)

# The cross-field rules the validators below enforce, stated in JSON Schema for the API's clients.
_PART_RULES: dict[str, Any] = {
    "if": {
        "properties": {"instrument": {"type": "string", "enum": list(DRUM_KITS)}},
        "required": ["instrument"],
    },
    "then": {"properties": {"role": {"type": ["string", "null"], "enum": [Role.DRUMS.value, None]}}},
    "else": {
        "properties": {
            "role": {
                "type": ["string", "null"],
                "enum": [role.value for role in Role if role is not Role.DRUMS] + [None],
            }
        }
    },
}
_ONE_DRUM_KIT: dict[str, Any] = {
    "contains": {
        "properties": {"instrument": {"type": "string", "enum": list(DRUM_KITS)}},
        "required": ["instrument"],
    },
    "minContains": 0,
    "maxContains": 1,
}
_ONE_LENGTH: dict[str, Any] = {
    "oneOf": [
        {
            "required": ["length_seconds"],
            "properties": {"length_seconds": {"type": "number"}, "length_bars": {"type": "null"}},
        },
        {
            "required": ["length_bars"],
            "properties": {"length_bars": {"type": "integer"}, "length_seconds": {"type": "null"}},
        },
    ]
}


class InstrumentPart(BaseModel):
    """One requested track: a General MIDI instrument (or drum kit) playing a role."""

    model_config = ConfigDict(frozen=True, extra="forbid", json_schema_extra=_PART_RULES)

    instrument: str = Field(json_schema_extra={"enum": [inst.slug for inst in INSTRUMENTS]})
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

    model_config = ConfigDict(frozen=True, extra="forbid", json_schema_extra=_ONE_LENGTH)

    genre: str = Field(json_schema_extra={"enum": list(GENRES)})
    mood: str = Field(json_schema_extra={"enum": list(MOODS)})
    tempo: int = Field(ge=TEMPO_MIN, le=TEMPO_MAX)
    key: Tonic
    mode: ModeName = "major"
    instruments: tuple[InstrumentPart, ...] = Field(
        min_length=1, max_length=MAX_PARTS, json_schema_extra=_ONE_DRUM_KIT
    )
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

    @field_validator("length_bars")
    @classmethod
    def _bars_fit_the_duration(cls, value: int | None, info: ValidationInfo) -> int | None:
        tempo = info.data.get("tempo")
        if value is None or tempo is None:
            return value
        excess = duration_excess(
            seconds_of(value, tempo), f"At {amount(tempo, 'BPM')}, {amount(value, 'bars')} make a song"
        )
        if excess is not None:
            raise ValueError(f"{excess.message} Ask for at most {bars_within(tempo)} bars at this tempo.")
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
        """Bars to compose: length_bars, or the whole bars nearest to length_seconds (at least 2, and no
        more than fit the duration budget)."""
        if self.length_bars is not None:
            return self.length_bars
        assert self.length_seconds is not None
        nearest = round(self.length_seconds / seconds_of(1, self.tempo, self.beats_per_bar))
        return max(LENGTH_BARS_MIN, min(nearest, bars_within(self.tempo, self.beats_per_bar)))
