"""What the editor offers: effect presets, each effect's controls, and the bounds of the edit ops.

Read from the engine's pydantic models (their JSON schemas: titles, bounds, defaults, and the `x-step` /
`x-unit` hints of engine/mix/effects.py), so the front end shows exactly what the server validates."""

from __future__ import annotations

from typing import Any, get_args

from pydantic import BaseModel

from engine.edit import ops
from engine.mix.effects import Effect, EqBand
from engine.mix.presets import PRESETS


def _params(model: type[BaseModel]) -> list[dict[str, Any]]:
    """The model's bounded number fields as controls: name, label, min, max, default, step, unit."""
    controls = []
    for name, field in model.model_json_schema()["properties"].items():
        if field.get("type") not in ("number", "integer") or "minimum" not in field or "maximum" not in field:
            continue
        low, high = field["minimum"], field["maximum"]
        controls.append(
            {
                "name": name,
                "label": field.get("title", name),
                "min": low,
                "max": high,
                "default": field.get("default"),
                "step": field.get("x-step", 1 if field["type"] == "integer" else (high - low) / 100),
                "unit": field.get("x-unit", ""),
            }
        )
    return controls


def _members(union: Any) -> tuple[type[BaseModel], ...]:
    return get_args(get_args(union)[0])  # Annotated[A | B | ..., Field(discriminator=...)]


def _label(name: str) -> str:
    return name.replace("_", " ").capitalize()


def edit_catalogue() -> dict[str, Any]:
    """Effect presets, every effect's label, controls and defaults, and each edit op's bounded params."""
    return {
        "presets": [
            {
                "name": name,
                "label": name.replace("_", " ").capitalize(),
                "chain": chain.model_dump(mode="json"),
            }
            for name, chain in PRESETS.items()
        ],
        "effects": [
            {
                "type": model.model_fields["type"].default,
                "label": model.model_config.get("title") or model.__name__,
                "params": _params(model),
                "defaults": model().model_dump(mode="json"),
            }
            for model in _members(Effect)
        ],
        "eq_band": {"params": _params(EqBand), "defaults": EqBand(kind="peak").model_dump(mode="json")},
        "op_limits": {
            model.model_fields["type"].default: {
                param["name"]: {"min": param["min"], "max": param["max"]} for param in _params(model)
            }
            for model in _members(ops.EditOp)
        },
    }
