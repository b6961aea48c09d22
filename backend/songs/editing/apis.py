"""Editor API: state, edits, undo/redo, versions, effect presets, exports and rendered stems."""

from __future__ import annotations

import uuid

from django.core.files.storage import default_storage
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.exceptions import ApplicationError, ConflictError
from core.fields import StrictCharField
from core.schema import error_responses
from core.visibility import requester_of
from jobs.apis import JobOutputSerializer
from jobs.models import Job
from songs.editing.catalogue import edit_catalogue
from songs.editing.selectors import (
    export_get,
    rendered_stem_get,
    song_editor_state,
    version_diff,
    version_get,
)
from songs.editing.serializers import (
    EditCatalogueSerializer,
    EditOp,
    EditorChangeSerializer,
    EditorStateSerializer,
    ExportOutputSerializer,
)
from songs.editing.services import (
    edit_apply,
    edit_redo,
    edit_undo,
    export_create,
    song_render_ensure,
    version_restore,
    version_save,
)
from songs.models import SongExport
from songs.rendering.exports import EXPORT_FORMATS
from songs.selectors import song_get

EXPORT_NOT_READY = "This export is not ready yet."
# The media type of each exported file, by its extension (engine/export names the files).
EXPORT_MEDIA_TYPES = {
    "mp3": "audio/mpeg",
    "wav": "audio/wav",
    "flac": "audio/flac",
    "ogg": "audio/ogg",
    "mid": "audio/midi",
    "zip": "application/zip",
}


def _state_response(song_id: uuid.UUID, request: Request, job: Job | None, code: int = 200) -> Response:
    song = song_get(requester=requester_of(request), song_id=song_id)
    body = dict(EditorStateSerializer(song_editor_state(song=song)).data)
    body["job"] = JobOutputSerializer(job).data if job is not None else None
    return Response(body, status=code)


class EditorStateApi(APIView):
    @extend_schema(
        responses={200: EditorChangeSerializer, **error_responses(409)}, operation_id="editor_state"
    )
    def get(self, request: Request, song_id: uuid.UUID) -> Response:
        song = song_get(requester=requester_of(request), song_id=song_id)
        job = song_render_ensure(song=song, requester=requester_of(request))
        return _state_response(song_id, request, job)


class EditApplyApi(APIView):
    throttle_scope = "edit"

    @extend_schema(
        request=EditOp,
        responses={201: EditorChangeSerializer, **error_responses(409, 503)},
        operation_id="edits_apply",
        description="Apply one edit: {type, ...params}. Starts the render of the new state (its job).",
    )
    def post(self, request: Request, song_id: uuid.UUID) -> Response:
        if not isinstance(request.data, dict):
            raise ApplicationError("Send the edit as a JSON object with a 'type'.")
        song = song_get(requester=requester_of(request), song_id=song_id)
        job = edit_apply(song=song, requester=requester_of(request), data=dict(request.data))
        return _state_response(song_id, request, job, status.HTTP_201_CREATED)


class UndoApi(APIView):
    throttle_scope = "edit"

    @extend_schema(
        request=None,
        responses={200: EditorChangeSerializer, **error_responses(409, 503)},
        operation_id="edits_undo",
    )
    def post(self, request: Request, song_id: uuid.UUID) -> Response:
        song = song_get(requester=requester_of(request), song_id=song_id)
        return _state_response(song_id, request, edit_undo(song=song, requester=requester_of(request)))


class RedoApi(APIView):
    throttle_scope = "edit"

    @extend_schema(
        request=None,
        responses={200: EditorChangeSerializer, **error_responses(409, 503)},
        operation_id="edits_redo",
    )
    def post(self, request: Request, song_id: uuid.UUID) -> Response:
        song = song_get(requester=requester_of(request), song_id=song_id)
        return _state_response(song_id, request, edit_redo(song=song, requester=requester_of(request)))


class VersionCreateApi(APIView):
    class VersionInputSerializer(serializers.Serializer[dict[str, str]]):
        name = StrictCharField(max_length=80, not_blank=True)

    @extend_schema(
        request=VersionInputSerializer,
        responses={201: EditorChangeSerializer, **error_responses(409)},
        operation_id="versions_create",
    )
    def post(self, request: Request, song_id: uuid.UUID) -> Response:
        data = self.VersionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        song = song_get(requester=requester_of(request), song_id=song_id)
        version_save(song=song, name=str(data.validated_data["name"]))
        return _state_response(song_id, request, None, status.HTTP_201_CREATED)


class VersionRestoreApi(APIView):
    throttle_scope = "edit"

    @extend_schema(
        request=None,
        responses={200: EditorChangeSerializer, **error_responses(409, 503)},
        operation_id="versions_restore",
    )
    def post(self, request: Request, song_id: uuid.UUID, version_id: int) -> Response:
        song = song_get(requester=requester_of(request), song_id=song_id)
        version = version_get(song=song, version_id=version_id)
        return _state_response(
            song_id, request, version_restore(song=song, version=version, requester=requester_of(request))
        )


class VersionDiffApi(APIView):
    @extend_schema(
        responses=inline_serializer(
            "VersionDiff",
            {
                "common": serializers.IntegerField(),
                "only_current": serializers.ListField(child=serializers.CharField()),
                "only_version": serializers.ListField(child=serializers.CharField()),
            },
        ),
        operation_id="versions_diff",
    )
    def get(self, request: Request, song_id: uuid.UUID, version_id: int) -> Response:
        song = song_get(requester=requester_of(request), song_id=song_id)
        return Response(version_diff(song=song, version=version_get(song=song, version_id=version_id)))


class EffectsApi(APIView):
    @extend_schema(responses=EditCatalogueSerializer, operation_id="effects_catalogue")
    def get(self, request: Request) -> Response:
        return Response(EditCatalogueSerializer(edit_catalogue()).data)


class ExportCreateApi(APIView):
    throttle_scope = "export"

    class ExportInputSerializer(serializers.Serializer[dict[str, object]]):
        format = serializers.ChoiceField(choices=list(EXPORT_FORMATS))
        start_bar = serializers.IntegerField(required=False, allow_null=True, min_value=0)
        end_bar = serializers.IntegerField(required=False, allow_null=True, min_value=1)

    @extend_schema(
        request=ExportInputSerializer,
        responses={
            202: inline_serializer(
                "ExportCreated", {"export": ExportOutputSerializer(), "job": JobOutputSerializer()}
            ),
            **error_responses(409, 503),
        },
        operation_id="exports_create",
    )
    def post(self, request: Request, song_id: uuid.UUID) -> Response:
        data = self.ExportInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        song = song_get(requester=requester_of(request), song_id=song_id)
        export, job = export_create(
            song=song,
            requester=requester_of(request),
            fmt=str(data.validated_data["format"]),
            start_bar=data.validated_data.get("start_bar"),
            end_bar=data.validated_data.get("end_bar"),
        )
        return Response(
            {"export": ExportOutputSerializer(export).data, "job": JobOutputSerializer(job).data},
            status=status.HTTP_202_ACCEPTED,
        )


class ExportDetailApi(APIView):
    @extend_schema(responses=ExportOutputSerializer, operation_id="exports_retrieve")
    def get(self, request: Request, song_id: uuid.UUID, export_id: uuid.UUID) -> Response:
        song = song_get(requester=requester_of(request), song_id=song_id)
        return Response(ExportOutputSerializer(export_get(song=song, export_id=export_id)).data)


class ExportFileApi(APIView):
    @extend_schema(
        responses={
            **{(200, media_type): OpenApiTypes.BINARY for media_type in EXPORT_MEDIA_TYPES.values()},
            **error_responses(409),
        },
        operation_id="exports_file",
    )
    def get(self, request: Request, song_id: uuid.UUID, export_id: uuid.UUID) -> FileResponse:
        song = song_get(requester=requester_of(request), song_id=song_id)
        export = export_get(song=song, export_id=export_id)
        if export.status != SongExport.Status.READY:
            raise ConflictError(EXPORT_NOT_READY)
        return FileResponse(
            default_storage.open(export.file, "rb"),
            as_attachment=True,
            filename=export.filename,
            content_type=EXPORT_MEDIA_TYPES[export.filename.rsplit(".", 1)[-1]],
        )


class RenderedStemApi(APIView):
    @extend_schema(responses={(200, "audio/flac"): OpenApiTypes.BINARY}, operation_id="stems_audio")
    def get(self, request: Request, song_id: uuid.UUID, key: str) -> FileResponse:
        song = song_get(requester=requester_of(request), song_id=song_id)
        stem = rendered_stem_get(song=song, key=key)
        response = FileResponse(default_storage.open(stem.file, "rb"), content_type="audio/flac")
        response["Content-Disposition"] = 'inline; filename="stem.flac"'
        response["Cache-Control"] = "private, max-age=31536000, immutable"  # content-addressed
        return response
