"""Uploads API: send a recording (multipart), list and read your uploads, download an original."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.schema import error_responses
from core.visibility import requester_of
from uploads.models import Upload
from uploads.selectors import upload_get, upload_list
from uploads.services import too_large, upload_create, upload_delete

# Multipart framing around the file: boundaries, headers and the file name.
_MULTIPART_OVERHEAD_BYTES = 64 * 1024


class UploadOutputSerializer(serializers.ModelSerializer[Upload]):
    original_url = serializers.SerializerMethodField()

    class Meta:
        model = Upload
        fields = [
            "id",
            "filename",
            "format",
            "codec",
            "sample_rate",
            "channels",
            "duration_seconds",
            "size_bytes",
            "sha256",
            "loudness_lufs",
            "peak_dbfs",
            "tempo",
            "tempo_confidence",
            "key",
            "mode",
            "key_confidence",
            "peaks",
            "original_url",
            "created_at",
        ]

    def get_original_url(self, upload: Upload) -> str:
        return f"/api/uploads/{upload.pk}/original"


class UploadListCreateApi(APIView):
    throttle_scope = "upload"
    parser_classes = [MultiPartParser]

    @extend_schema_serializer(component_name="UploadCreateInput")
    class InputSerializer(serializers.Serializer[dict[str, object]]):
        file = serializers.FileField(required=False, allow_empty_file=True)

    @extend_schema(responses=UploadOutputSerializer(many=True), operation_id="uploads_list")
    def get(self, request: Request) -> Response:
        uploads = upload_list(requester=requester_of(request))[:200]
        return Response(UploadOutputSerializer(uploads, many=True).data)

    @extend_schema(
        request={"multipart/form-data": InputSerializer},
        responses={201: UploadOutputSerializer, 200: UploadOutputSerializer, **error_responses(413, 415)},
        operation_id="uploads_create",
    )
    def post(self, request: Request) -> Response:
        # Refuse an over-size body from its declared length, before reading any of it.
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
        if declared > settings.UPLOAD_MAX_BYTES + _MULTIPART_OVERHEAD_BYTES:
            raise too_large()
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload, created = upload_create(
            requester=requester_of(request), file=serializer.validated_data.get("file")
        )
        return Response(
            UploadOutputSerializer(upload).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class UploadDetailApi(APIView):
    @extend_schema(responses=UploadOutputSerializer, operation_id="uploads_retrieve")
    def get(self, request: Request, upload_id: uuid.UUID) -> Response:
        upload = upload_get(requester=requester_of(request), upload_id=upload_id)
        return Response(UploadOutputSerializer(upload).data)

    @extend_schema(
        request=None,
        responses={204: None},
        operation_id="uploads_delete",
        description="Delete the recording and its stored files; refused (409) while a song of yours uses it.",
    )
    def delete(self, request: Request, upload_id: uuid.UUID) -> Response:
        upload_delete(upload=upload_get(requester=requester_of(request), upload_id=upload_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class UploadOriginalApi(APIView):
    @extend_schema(
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY}, operation_id="uploads_original"
    )
    def get(self, request: Request, upload_id: uuid.UUID) -> FileResponse:
        upload = upload_get(requester=requester_of(request), upload_id=upload_id)
        # The bytes as they came, as a download: never rendered inline, never sniffed.
        response = FileResponse(
            default_storage.open(upload.original, "rb"),
            as_attachment=True,
            filename=upload.filename,
            content_type="application/octet-stream",
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, max-age=86400"
        return response
