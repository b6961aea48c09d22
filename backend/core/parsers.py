"""The API's JSON parser: DRF's, with a nesting limit, so a deeply nested body is a 400 and never a 500."""

from __future__ import annotations

import json
from typing import Any

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

# No request of this API nests anywhere near this deep (an effect chain inside an edit is four levels).
JSON_MAX_DEPTH = 64
JSON_TOO_DEEP = "The JSON body nests more than {limit} levels deep; the limit is {limit}."


def json_depth_over(data: Any, limit: int) -> bool:
    """Whether arrays and objects in `data` nest more than `limit` levels (found without recursion)."""
    pending: list[tuple[Any, int]] = [(data, 0)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, dict | list):
            if depth + 1 > limit:
                return True
            children = value.values() if isinstance(value, dict) else value
            pending.extend((child, depth + 1) for child in children)
    return False


def json_loads_limited(text: str | bytes) -> Any:
    """json.loads for JSON inside a form field: ValueError when it is not JSON or nests too deep."""
    try:
        data = json.loads(text)
    except RecursionError:
        raise ValueError(JSON_TOO_DEEP.format(limit=JSON_MAX_DEPTH)) from None
    if json_depth_over(data, JSON_MAX_DEPTH):
        raise ValueError(JSON_TOO_DEEP.format(limit=JSON_MAX_DEPTH))
    return data


class DepthLimitedJSONParser(JSONParser):
    """JSON whose arrays and objects nest at most JSON_MAX_DEPTH levels; deeper is a 400 (ParseError)."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        too_deep = ParseError(JSON_TOO_DEEP.format(limit=JSON_MAX_DEPTH))
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:  # nested past the interpreter's recursion limit: far past ours
            raise too_deep from None
        if json_depth_over(data, JSON_MAX_DEPTH):
            raise too_deep
        return data
