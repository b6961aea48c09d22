"""Serializer fields that take exactly what the OpenAPI schema says they take."""

from __future__ import annotations

from typing import Any

from django.core.validators import RegexValidator
from rest_framework import serializers

from core.parsers import json_loads_limited

# Text without NUL characters (no database stores them), and text that is more than spaces; as validators
# they are also the schema's `pattern`.
TEXT = RegexValidator(r"^[^\u0000]*$", "Null characters are not allowed.")
NOT_BLANK_TEXT = RegexValidator(r"^[^\u0000]*[^\s\u0000][^\u0000]*$", "Write something other than spaces.")


class StrictCharField(serializers.CharField):
    """A CharField that takes only strings (DRF's own turns a JSON 12 into "12", which the schema refuses).

    `not_blank`: more than spaces is needed (trimmed, the text must not be empty)."""

    def __init__(self, *, not_blank: bool = False, **kwargs: Any) -> None:
        kwargs["validators"] = [*kwargs.get("validators", []), NOT_BLANK_TEXT if not_blank else TEXT]
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return str(super().to_internal_value(data))


class StrictBooleanField(serializers.BooleanField):
    """A BooleanField that takes only JSON true and false (DRF's own also takes "yes", 1, "on"...)."""

    def to_internal_value(self, data: Any) -> bool:
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


class DepthLimitedJSONField(serializers.JSONField):
    """A JSONField whose form-field text is parsed with the API's nesting limit (core.parsers): too deep
    is this field's "invalid", never a RecursionError."""

    def to_internal_value(self, data: Any) -> Any:
        if getattr(data, "is_json_string", False):
            try:
                return json_loads_limited(data)
            except ValueError:
                self.fail("invalid")
        return super().to_internal_value(data)
