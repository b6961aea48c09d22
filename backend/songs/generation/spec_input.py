"""Turns request data into a validated engine SongSpec, with one human message per bad field."""

from __future__ import annotations

import json
from typing import Any, TypeVar

from pydantic import BaseModel, Field, ValidationError

from core.exceptions import FIELDS_INVALID, ApplicationError
from engine.edit.ops import integral_floats_as_ints
from engine.spec import SEED_MAX, SongSpec

M = TypeVar("M", bound=BaseModel)


class SongCreateInput(SongSpec):
    """A song as the API takes it: the engine's SongSpec, a title, and a seed drawn at random if absent."""

    title: str = Field(default="", max_length=120)
    seed: int | None = Field(default=None, ge=0, le=SEED_MAX)  # type: ignore[assignment]


def _field_of(loc: tuple[int | str, ...]) -> str:
    if not loc:
        return "non_field_errors"
    return ".".join(str(part) for part in loc)


def _message_of(error: Any) -> str:
    message = str(error["msg"])
    return message.removeprefix("Value error, ")


def _fields_invalid(exc: ValidationError) -> ApplicationError:
    fields: dict[str, list[str]] = {}
    for error in exc.errors():
        fields.setdefault(_field_of(tuple(error["loc"])), []).append(_message_of(error))
    return ApplicationError(FIELDS_INVALID, {"fields": fields})


def song_spec_from_input(data: dict[str, Any]) -> SongSpec:
    """Build a SongSpec or raise ApplicationError whose extra["fields"] maps field -> messages."""
    try:
        return SongSpec.model_validate(data)
    except ValidationError as exc:
        raise _fields_invalid(exc) from None


def model_from_request(model: type[M], data: object) -> M:
    """Validate a parsed JSON body as `model`, strictly: "120" is not a tempo (the schema says so)."""
    try:
        return model.model_validate_json(json.dumps(integral_floats_as_ints(data)), strict=True)
    except ValidationError as exc:
        raise _fields_invalid(exc) from None
