"""The OpenAPI schema: ops and effects as unions from the engine, declared errors, links that resolve."""

from __future__ import annotations

from typing import Any

import pytest
from drf_spectacular.generators import SchemaGenerator

from engine.edit.ops import OP_TYPES


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    generated: dict[str, Any] = SchemaGenerator().get_schema(request=None, public=True)
    return generated


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """The schema a node stands for: references followed, a nullable one's non-null member."""
    while True:
        if "$ref" in node:
            node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
        elif "oneOf" in node or "anyOf" in node or "allOf" in node:
            members = node.get("oneOf") or node.get("anyOf") or node["allOf"]
            node = next(member for member in members if member.get("type") != "null")
        else:
            return node


def _operations(schema: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {op["operationId"]: op for item in schema["paths"].values() for op in item.values()}


def test_edit_ops_are_a_union_on_type_from_the_engine(schema: dict[str, Any]) -> None:
    body = _operations(schema)["edits_apply"]["requestBody"]
    ref = body["content"]["application/json"]["schema"]["$ref"]
    union = schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]

    assert body["required"] is True
    assert union["discriminator"]["propertyName"] == "type"
    assert set(union["discriminator"]["mapping"]) == set(OP_TYPES)
    tempo = _resolve(schema, {"$ref": union["discriminator"]["mapping"]["set_tempo"]})
    assert tempo["required"] == ["type", "tempo"]
    assert (tempo["properties"]["tempo"]["minimum"], tempo["properties"]["tempo"]["maximum"]) == (40, 240)


def test_every_operation_declares_its_errors_in_the_one_error_shape(schema: dict[str, Any]) -> None:
    operations = _operations(schema)
    assert {"400", "403", "404", "409", "415", "503"} <= set(operations["edits_apply"]["responses"])
    assert "403" in operations["preferences_retrieve"]["responses"]  # signed-in users only
    assert {"409", "404"} <= set(operations["exports_file"]["responses"])
    for operation_id, operation in operations.items():
        errors = {code: r for code, r in operation["responses"].items() if code.startswith(("4", "5"))}
        for code, response in errors.items():
            if operation_id == "ready":
                continue  # /api/ready answers 503 with what is not ready
            assert response["content"]["application/json"]["schema"] == {
                "$ref": "#/components/schemas/Error"
            }, (
                operation_id,
                code,
            )


def test_every_link_names_a_value_its_response_has(schema: dict[str, Any]) -> None:
    operations = _operations(schema)
    links = 0
    for operation in operations.values():
        for response in operation["responses"].values():
            for name, link in response.get("links", {}).items():
                assert link["operationId"] in operations, name
                body = response["content"]["application/json"]["schema"] if "content" in response else {}
                for expression in link["parameters"].values():
                    if not expression.startswith("$response.body#/"):
                        continue
                    node = body
                    for part in expression.removeprefix("$response.body#/").split("/"):
                        node = _resolve(schema, node)
                        node = node["items"] if part.isdigit() else node["properties"][part]
                    links += 1
    assert links >= 25
