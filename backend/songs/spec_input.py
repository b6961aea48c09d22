"""Turns request data into a validated engine SongSpec, with one human message per bad field."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from core.exceptions import FIELDS_INVALID, ApplicationError
from engine.spec import SongSpec


def _field_of(loc: tuple[int | str, ...]) -> str:
    if not loc:
        return "non_field_errors"
    return ".".join(str(part) for part in loc)


def _message_of(error: Any) -> str:
    message = str(error["msg"])
    return message.removeprefix("Value error, ")


def song_spec_from_input(data: dict[str, Any]) -> SongSpec:
    """Build a SongSpec or raise ApplicationError whose extra["fields"] maps field -> messages."""
    try:
        return SongSpec.model_validate(data)
    except ValidationError as exc:
        fields: dict[str, list[str]] = {}
        for error in exc.errors():
            fields.setdefault(_field_of(tuple(error["loc"])), []).append(_message_of(error))
        raise ApplicationError(FIELDS_INVALID, {"fields": fields}) from None
