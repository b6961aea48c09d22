"""The OpenAPI contract's shared parts: auth scheme, the one error shape, error responses and links.

Every operation declares the errors the one exception handler (core.exceptions) can answer it with:
400 when it takes a body or query parameters, 403 when it is a write (CSRF), 404 when its path names an
object, 409 when it writes to such an object, 415 when it takes a body, 429 when it starts work (fair
use: core.throttles and the jobs cap); views add the rest (409 on reads, 413, 503...) with
`error_responses`. Links between operations (a created song to its job, an export to its file...) are
listed in `LINKS` and added by `links_hook`, so clients and Schemathesis's stateful phase can follow them.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.authentication import SessionScheme
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse, extend_schema_field
from rest_framework import serializers
from rest_framework.permissions import AllowAny

from core.throttles import WRITE_METHODS


class CsrfSessionScheme(SessionScheme):
    target_class = "core.authentication.CsrfSessionAuthentication"


@extend_schema_field(
    {
        "type": "object",
        "description": "Details: `fields` maps each invalid field to its messages.",
        "properties": {"fields": {"type": "object", "additionalProperties": True}},
        "additionalProperties": True,
    }
)
class _ErrorExtraField(serializers.JSONField):
    pass


class ErrorSerializer(serializers.Serializer[dict[str, object]]):
    """What every error answers (core.exceptions.api_exception_handler)."""

    message = serializers.CharField()
    extra = _ErrorExtraField()


ERROR_DESCRIPTIONS: dict[int, str] = {
    400: "The request is not valid: `extra.fields` says which field and why.",
    403: "Not allowed (a write without a valid CSRF token, or one that needs signing in).",
    404: "No such object among the requester's.",
    409: "The object's current state refuses this (not ready yet, nothing to undo, no such track...).",
    413: "Too large: the upload, or what the requester's storage can still take.",
    415: "The body's media type is not one this operation takes.",
    429: "Too many requests: slow down and try again later.",
    503: "A service this needs is away for now; nothing was changed, try again later.",
}


def error_responses(*codes: int) -> dict[int, OpenApiResponse]:
    """Error responses to add to an operation's `responses` (beyond those every operation gets)."""
    return {code: OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[code]) for code in codes}


class ApiSchema(AutoSchema):
    """drf-spectacular's AutoSchema, adding the error responses every operation can answer."""

    def get_operation(self, *args: Any, **kwargs: Any) -> dict[str, Any] | None:
        operation: dict[str, Any] | None = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        parameters = operation.get("parameters", [])
        for parameter in parameters:
            # DRF reads an empty optional query value ("?sort=") as absent, so its default applies.
            if parameter["in"] == "query" and not parameter.get("required"):
                parameter["allowEmptyValue"] = True
        body = operation.get("requestBody")
        if body is not None and not body.get("required") and self._body_has_required_parts(body):
            body["required"] = True
        codes = set()
        if "requestBody" in operation:
            codes |= {400, 415}
        if any(p["in"] == "query" for p in parameters):
            codes.add(400)
        if self.method in ("POST", "PUT", "PATCH", "DELETE"):
            codes |= {400, 403}
        if any(not isinstance(permission, AllowAny) for permission in self.view.get_permissions()):
            codes.add(403)  # e.g. signed-in users only
        if getattr(self.view, "throttle_scope", None) and self.method in getattr(
            self.view, "throttle_methods", WRITE_METHODS
        ):
            codes.add(429)  # fair use: too often, or too many jobs pending (core.throttles, jobs)
            if self.method in WRITE_METHODS:
                codes.add(413)  # the requester's storage is full (core.ownership)
        if any(p["in"] == "path" for p in parameters):
            codes.add(404)
            if self.method in ("POST", "PUT", "PATCH", "DELETE"):
                codes.add(409)  # a write the object's current state refuses
        responses = operation["responses"]
        for code in sorted(codes):
            if str(code) not in responses:
                responses[str(code)] = self._get_response_for_code(
                    OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[code]), str(code)
                )
        return operation

    def _body_has_required_parts(self, body: dict[str, Any]) -> bool:
        """Whether every media type's schema needs something (required fields, or one of a union)."""
        for media in body.get("content", {}).values():
            schema = media.get("schema", {})
            name = schema.get("$ref", "").rsplit("/", 1)[-1]
            component = self.registry._components.get((name, "schemas"))
            resolved = component.schema if component is not None else schema
            if not (resolved.get("required") or resolved.get("oneOf")):
                return False
        return bool(body.get("content"))


def _link(operation_id: str, description: str, **parameters: str) -> dict[str, Any]:
    return {"operationId": operation_id, "parameters": parameters, "description": description}


_SONG = "$response.body#/song/id"
_SONG_OF_PATH = "$request.path.song_id"

# operationId -> status -> link name -> link: how a response's ids lead to the follow-up operations.
LINKS: dict[str, dict[str, dict[str, dict[str, Any]]]] = {
    "songs_create": {
        "202": {
            "GetJob": _link(
                "job_retrieve", "Poll the job that composes the song.", job_id="$response.body#/job/id"
            ),
            "GetSong": _link("songs_retrieve", "The song, once its job succeeded.", song_id=_SONG),
            "GetEditor": _link("editor_state", "The song in the editor.", song_id=_SONG),
            "ApplyEdit": _link("edits_apply", "Edit the song.", song_id=_SONG),
            "CreateExport": _link("exports_create", "Export the song.", song_id=_SONG),
            "SaveVersion": _link("versions_create", "Name the current state.", song_id=_SONG),
            "CreateShare": _link("shares_create", "Share the song.", song_id=_SONG),
        }
    },
    "songs_from_melody": {
        "202": {
            "GetJob": _link(
                "job_retrieve", "Poll the job that composes the song.", job_id="$response.body#/job/id"
            ),
            "GetSong": _link("songs_retrieve", "The song, once its job succeeded.", song_id=_SONG),
        }
    },
    "job_retrieve": {
        "200": {
            "GetSong": _link(
                "songs_retrieve", "The song the job made or changed.", song_id="$response.body#/song_id"
            ),
        }
    },
    "edits_apply": {
        "201": {
            "Undo": _link("edits_undo", "Undo this edit.", song_id="$response.body#/song_id"),
            "GetRenderJob": _link(
                "job_retrieve", "The render this edit started.", job_id="$response.body#/job/id"
            ),
        }
    },
    "edits_undo": {"200": {"Redo": _link("edits_redo", "Redo the edit.", song_id="$response.body#/song_id")}},
    "versions_create": {
        "201": {
            "RestoreVersion": _link(
                "versions_restore",
                "Go back to the first saved version.",
                song_id="$response.body#/song_id",
                version_id="$response.body#/versions/0/id",
            ),
            "DiffVersion": _link(
                "versions_diff",
                "Compare the first saved version with the current state.",
                song_id="$response.body#/song_id",
                version_id="$response.body#/versions/0/id",
            ),
        }
    },
    "exports_create": {
        "202": {
            "GetExport": _link(
                "exports_retrieve",
                "The export.",
                song_id=_SONG_OF_PATH,
                export_id="$response.body#/export/id",
            ),
            "GetExportFile": _link(
                "exports_file",
                "The exported file, once ready.",
                song_id=_SONG_OF_PATH,
                export_id="$response.body#/export/id",
            ),
            "GetJob": _link("job_retrieve", "Poll the export job.", job_id="$response.body#/job/id"),
        }
    },
    "shares_create": {
        "201": {
            "GetShare": _link(
                "shares_retrieve", "The link.", song_id=_SONG_OF_PATH, share_id="$response.body#/share/id"
            ),
            "UpdateShare": _link(
                "shares_update",
                "Change the link.",
                song_id=_SONG_OF_PATH,
                share_id="$response.body#/share/id",
            ),
            "RevokeShare": _link(
                "shares_revoke",
                "Revoke the link.",
                song_id=_SONG_OF_PATH,
                share_id="$response.body#/share/id",
            ),
            "RemixShare": _link(
                "shares_remix",
                "Remix the shared song (signed in).",
                **{"token": "$response.body#/share/token"},
            ),
        }
    },
    "shares_remix": {
        "201": {"GetSong": _link("songs_retrieve", "The remixed copy.", song_id="$response.body#/song_id")},
    },
    "songs_delete": {
        "204": {"RestoreSong": _link("songs_restore", "Undo the deletion.", song_id=_SONG_OF_PATH)},
    },
    "songs_duplicate": {
        "201": {"GetSong": _link("songs_retrieve", "The copy.", song_id="$response.body#/id")},
    },
    "uploads_create": {
        "201": {
            "GetUpload": _link("uploads_retrieve", "The upload.", upload_id="$response.body#/id"),
            "GetOriginal": _link("uploads_original", "The uploaded file.", upload_id="$response.body#/id"),
        }
    },
}


def links_hook(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: add `LINKS` to the responses they start from."""
    known = {
        operation["operationId"]
        for item in result["paths"].values()
        for operation in item.values()
        if isinstance(operation, dict) and "operationId" in operation
    }
    for item in result["paths"].values():
        for operation in item.values():
            if not isinstance(operation, dict):
                continue
            for status, links in LINKS.get(operation.get("operationId", ""), {}).items():
                response = operation["responses"].get(status)
                if response is None:
                    raise ValueError(f"{operation['operationId']} has no {status} response to link from.")
                for name, link in links.items():
                    if link["operationId"] not in known:
                        raise ValueError(f"Link {name} names an unknown operation {link['operationId']}.")
                    response.setdefault("links", {})[name] = link
    return result


def discriminators_hook(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: a discriminated union's members require their tag.

    pydantic gives each edit op's and effect's `type` a default (the one value it can take), so its JSON
    schema leaves `type` optional; in the union the tag is what picks the member, so the API requires it.
    """
    schemas = result.get("components", {}).get("schemas", {})

    def visit(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                visit(item)
        if not isinstance(node, dict):
            return
        discriminator = node.get("discriminator")
        if isinstance(discriminator, dict):
            for ref in discriminator.get("mapping", {}).values():
                required = schemas[ref.rsplit("/", 1)[-1]].setdefault("required", [])
                if discriminator["propertyName"] not in required:
                    required.insert(0, discriminator["propertyName"])
        for value in node.values():
            visit(value)

    visit(schemas)
    return result
