"""Schemathesis hooks for tests/test_api_contract.py (loaded through SCHEMATHESIS_HOOKS).

A schema-valid song may be 600 bars of 12 instruments: minutes of rendering on a shared CPU. Song requests
are cut down to a few bars and instruments, which keeps them valid (one length, at most one drum kit,
at least one part; negative cases are left alone) and makes each render take about a second.
"""

from __future__ import annotations

from typing import Any

import schemathesis

_SONG_CREATORS = {"songs_create"}


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


@schemathesis.hook
def map_case(context: schemathesis.HookContext, case: schemathesis.Case) -> schemathesis.Case:
    operation = context.operation
    body: Any = case.body
    if operation is None or operation.definition.raw.get("operationId") not in _SONG_CREATORS:
        return case
    if not isinstance(body, dict) or (case.meta is not None and case.meta.generation.mode.is_negative):
        return case
    # Only values inside their valid ranges are shortened.
    if _number(body.get("length_bars")) and 2 <= body["length_bars"] <= 600:
        body["length_bars"] = min(body["length_bars"], 4)
    if _number(body.get("length_seconds")) and 8 <= body["length_seconds"] <= 600:
        body["length_seconds"] = 8.0
    if isinstance(body.get("instruments"), list) and 1 <= len(body["instruments"]) <= 12:
        body["instruments"] = body["instruments"][:3]
    return case
