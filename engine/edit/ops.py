"""Edit operations: small typed records, validated when built, in a discriminated union on `type`.

Bars are 0-based and ranges are half-open: `start_bar=2, end_bar=4` means bars 2 and 3 (the third and
fourth bars). Tracks are referred to by stable ids: the base score's tracks are "t1".."tN" in order,
tracks added by `add_instrument` are "a1", "a2", ... in the order they were added; ids are never reused.

`parse_op` turns JSON-like data into an op or raises one `EditError(message, field)`; validation
against the current song (unknown track, bar out of range, a drum kit as a melodic instrument...)
happens when the op is folded (`engine.edit.fold`) and raises the same error.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Annotated, Any, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    TypeAdapter,
    ValidationError,
    model_validator,
)

from engine.instruments import Role
from engine.mix.effects import EffectChain
from engine.mix.mixdown import GAIN_DB_MAX, GAIN_DB_MIN
from engine.spec import SEED_MAX, TEMPO_MAX, TEMPO_MIN, ModeName, Tonic

MAX_LOOP_TIMES = 8
TRANSPOSE_LIMIT = 12
_TRACK_ID = r"^(t|a)[1-9][0-9]{0,3}$"


class EditError(Exception):
    """An edit that cannot apply: `field` names the offending parameter ("" for the op as a whole)."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


_OP = ConfigDict(frozen=True, extra="forbid")
TrackId = Annotated[str, Field(pattern=_TRACK_ID, description="'t1'..'tN' for base tracks, 'a<n>' for added")]
Bar = Annotated[int, Field(ge=0, le=4096)]
Seed = Annotated[int, Field(ge=0, le=SEED_MAX)]
NotesKey = Annotated[
    str,
    Field(
        pattern=r"^[0-9a-f]{64}$",
        description="The stored notes the composer wrote when the edit was made (set by the server)",
    ),
]


class _BarRange(BaseModel):
    model_config = _OP
    start_bar: Bar
    end_bar: Bar

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.end_bar <= self.start_bar:
            raise ValueError("end_bar must be greater than start_bar (bars are 0-based, end exclusive).")
        return self


class SetTempo(BaseModel):
    model_config = _OP
    type: Literal["set_tempo"] = "set_tempo"
    tempo: float = Field(ge=TEMPO_MIN, le=TEMPO_MAX, allow_inf_nan=False)


class Transpose(BaseModel):
    model_config = _OP
    type: Literal["transpose"] = "transpose"
    semitones: int = Field(ge=-TRANSPOSE_LIMIT, le=TRANSPOSE_LIMIT)


class SetKey(BaseModel):
    """Move to another tonic and/or mode: pitched notes keep their scale degree, drums are untouched."""

    model_config = _OP
    type: Literal["set_key"] = "set_key"
    key: Tonic
    mode: ModeName


class TrackGain(BaseModel):
    model_config = _OP
    type: Literal["track_gain"] = "track_gain"
    track: TrackId
    gain_db: float = Field(ge=GAIN_DB_MIN, le=GAIN_DB_MAX, allow_inf_nan=False)


class TrackPan(BaseModel):
    model_config = _OP
    type: Literal["track_pan"] = "track_pan"
    track: TrackId
    pan: float = Field(ge=-1.0, le=1.0, allow_inf_nan=False)


class TrackMute(BaseModel):
    model_config = _OP
    type: Literal["track_mute"] = "track_mute"
    track: TrackId
    mute: StrictBool


class TrackSolo(BaseModel):
    model_config = _OP
    type: Literal["track_solo"] = "track_solo"
    track: TrackId
    solo: StrictBool


class TrackEffects(BaseModel):
    """Replace a track's effect chain (an empty chain removes every effect)."""

    model_config = _OP
    type: Literal["track_effects"] = "track_effects"
    track: TrackId
    chain: EffectChain


class MasterEffects(BaseModel):
    model_config = _OP
    type: Literal["master_effects"] = "master_effects"
    chain: EffectChain


class LoopSection(_BarRange):
    """Play bars start_bar..end_bar-1 `times` extra times in a row (times=1: the range is heard twice)."""

    type: Literal["loop_section"] = "loop_section"
    times: int = Field(ge=1, le=MAX_LOOP_TIMES)


class Trim(_BarRange):
    """Keep only bars start_bar..end_bar-1."""

    type: Literal["trim"] = "trim"


class Cut(_BarRange):
    """Remove bars start_bar..end_bar-1; what follows moves up."""

    type: Literal["cut"] = "cut"


class AddInstrument(BaseModel):
    """The composer writes a new part for `role` (default: the instrument's usual role) on `instrument`.

    The composer runs once, when the edit is made (`engine.edit.materialise`); `notes` then names the
    notes it wrote, and fold replays those.
    """

    model_config = _OP
    type: Literal["add_instrument"] = "add_instrument"
    instrument: str
    role: Role | None = None
    seed: Seed = 0
    notes: NotesKey | None = None


class RemoveTrack(BaseModel):
    model_config = _OP
    type: Literal["remove_track"] = "remove_track"
    track: TrackId


class ChangeInstrument(BaseModel):
    """Play a track's notes on another instrument (a program change); kits only replace kits."""

    model_config = _OP
    type: Literal["change_instrument"] = "change_instrument"
    track: TrackId
    instrument: str


class Regenerate(BaseModel):
    """Rewrite one track (or every track) over one section (or the whole song) with a new seed.

    Like `add_instrument`, the composer runs once, when the edit is made; `notes` names what it wrote.
    """

    model_config = _OP
    type: Literal["regenerate"] = "regenerate"
    track: TrackId | None = None
    section_index: int | None = Field(default=None, ge=0)
    seed: Seed
    notes: NotesKey | None = None


class AddAudioTrack(BaseModel):
    """Add an uploaded recording as a track, starting `offset_beats` into the song.

    `source_tempo` is the tempo the recording plays at; it is stretched by song tempo / source_tempo
    (so giving its detected tempo fits it to the song). Omitted: the song's tempo now, so it keeps its
    own speed until the song's tempo changes, and follows from there.
    """

    model_config = _OP
    type: Literal["add_audio_track"] = "add_audio_track"
    upload: str = Field(pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
    offset_beats: float = Field(default=0.0, ge=0, le=4096 * 16, allow_inf_nan=False)
    name: str = Field(default="", max_length=60)
    source_tempo: float | None = Field(default=None, ge=TEMPO_MIN, le=TEMPO_MAX, allow_inf_nan=False)


EditOp = Annotated[
    SetTempo
    | Transpose
    | SetKey
    | TrackGain
    | TrackPan
    | TrackMute
    | TrackSolo
    | TrackEffects
    | MasterEffects
    | LoopSection
    | Trim
    | Cut
    | AddInstrument
    | RemoveTrack
    | ChangeInstrument
    | Regenerate
    | AddAudioTrack,
    Field(discriminator="type"),
]

OP_TYPES: tuple[str, ...] = (
    "set_tempo",
    "transpose",
    "set_key",
    "track_gain",
    "track_pan",
    "track_mute",
    "track_solo",
    "track_effects",
    "master_effects",
    "loop_section",
    "trim",
    "cut",
    "add_instrument",
    "remove_track",
    "change_instrument",
    "regenerate",
    "add_audio_track",
)

_ADAPTER: TypeAdapter[EditOp] = TypeAdapter(EditOp)


def parse_op(data: Mapping[str, Any], *, strict: bool = False) -> EditOp:
    """Validate JSON-like data ({"type": ..., params...}) into an EditOp, or raise EditError.

    `strict` (a request from a client): JSON types as the schema states them, so "120" is not a tempo
    (a number without a fraction, 17.0, still counts as an integer, as in JSON Schema)."""
    try:
        if strict:
            return _ADAPTER.validate_json(json.dumps(integral_floats_as_ints(dict(data))), strict=True)
        return _ADAPTER.validate_python(dict(data))
    except ValidationError as error:
        first = error.errors()[0]
        raise EditError(_message(first), _field(first)) from None


def integral_floats_as_ints(data: Any) -> Any:
    """JSON Schema's "integer" is any number without a fraction (17.0 is one); pydantic's strict int is
    not: integral floats become ints, all the way down, before strict validation."""
    if isinstance(data, float) and data.is_integer():
        return int(data)
    if isinstance(data, list):
        return [integral_floats_as_ints(item) for item in data]
    if isinstance(data, dict):
        return {key: integral_floats_as_ints(value) for key, value in data.items()}
    return data


def op_params(op: EditOp) -> dict[str, Any]:
    """The op as JSON-ready params (what an Edit row stores), without its `type`.

    `notes` is left out until the op is materialised, so a seed-only op stores what it always did."""
    params = op.model_dump(mode="json", exclude={"type"})
    if isinstance(op, AddInstrument | Regenerate) and op.notes is None:
        del params["notes"]
    return params


def _field(detail: Any) -> str:
    # The location starts with the union tag ("set_tempo", "tempo"); drop it and pydantic's
    # function-validator markers. A model-level check (an ordered bar range) names end_bar.
    loc = [str(part) for part in detail["loc"]]
    if loc and loc[0] in OP_TYPES:
        loc = loc[1:]
    loc = [part for part in loc if not part.startswith(("function-", "tagged-union["))]
    if not loc:
        if detail["type"] in ("union_tag_invalid", "union_tag_not_found"):
            return "type"
        if "end_bar" in str(detail.get("msg", "")):
            return "end_bar"
    return ".".join(loc)


def _message(detail: Any) -> str:
    if detail["type"] == "union_tag_invalid":
        return f"Unknown edit type. Choose one of: {', '.join(OP_TYPES)}."
    if detail["type"] == "union_tag_not_found":
        return "The edit has no 'type'."
    message = str(detail["msg"])
    return message.removeprefix("Value error, ")


def coalesce(previous: EditOp, new: EditOp) -> EditOp | None:
    """The one op that replaces `previous` followed by `new` when both move the same control, else None.

    A dragged fader, pan knob, tempo slider or effect edit produces many ops in a row; only the last value
    matters. Ops that change the notes (transpose, loops, instruments...) never coalesce: each is a step.
    """
    if previous.type != new.type:
        return None
    if isinstance(new, SetTempo | MasterEffects | SetKey):
        return new
    if isinstance(new, TrackGain | TrackPan | TrackMute | TrackSolo | TrackEffects):
        assert isinstance(previous, TrackGain | TrackPan | TrackMute | TrackSolo | TrackEffects)
        return new if previous.track == new.track else None
    return None
