"""Hum-to-song API: a recorded melody (a file, or an earlier upload) -> a new song arranged around it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from drf_spectacular.utils import extend_schema, extend_schema_serializer, inline_serializer
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.exceptions import FIELDS_INVALID, ApplicationError
from core.fields import DepthLimitedJSONField
from core.parsers import DepthLimitedJSONParser, json_loads_limited
from core.schema import error_responses
from core.visibility import requester_of
from jobs.apis import JobOutputSerializer
from songs.generation.serializers import InstrumentPartSerializer
from songs.library.serializers import SongOutputSerializer
from songs.melody.services import melody_spec_input, song_from_melody_create, song_from_melody_file
from uploads.selectors import upload_get
from uploads.services import too_large

MELODY_SOURCE_MISSING = "Record or upload a melody: send an audio file or the id of an upload."
MELODY_SOURCE_TWICE = "Send either an audio file or an upload id, not both."
INSTRUMENTS_NOT_JSON = 'List the instruments as JSON: [{"instrument": ..., "role": ...}].'
_MULTIPART_OVERHEAD_BYTES = 64 * 1024


class SongFromMelodyApi(APIView):
    throttle_scope = "generate"
    parser_classes = [MultiPartParser, DepthLimitedJSONParser]

    @extend_schema_serializer(component_name="SongFromMelodyInput")
    class InputSerializer(serializers.Serializer[dict[str, Any]]):
        file = serializers.FileField(required=False, allow_empty_file=True)
        upload = serializers.UUIDField(required=False, allow_null=True)
        title = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
        genre = serializers.CharField(max_length=32)
        mood = serializers.CharField(max_length=32)
        # A list of {instrument, role}; in a multipart form, that list as a JSON string.
        instruments = DepthLimitedJSONField()
        tempo = serializers.IntegerField(required=False, allow_null=True)
        key = serializers.CharField(max_length=4, required=False, allow_null=True)
        mode = serializers.CharField(max_length=24, required=False, allow_null=True)
        seed = serializers.IntegerField(required=False, allow_null=True)
        # The song's least length; the melody repeats in whole phrases to fill it (default 8 bars).
        length_bars = serializers.IntegerField(required=False, allow_null=True)
        starts_on_downbeat = serializers.BooleanField(required=False, default=False)

        def validate_instruments(self, value: object) -> list[dict[str, Any]]:
            if isinstance(value, str):
                try:
                    value = json_loads_limited(value)
                except ValueError:
                    raise serializers.ValidationError(INSTRUMENTS_NOT_JSON) from None
            parts = InstrumentPartSerializer(data=value, many=True)
            parts.is_valid(raise_exception=True)
            return [dict(part) for part in parts.validated_data]

    @extend_schema(
        request={
            "multipart/form-data": InputSerializer,
            "application/json": InputSerializer,
        },
        responses={
            202: inline_serializer(
                "SongFromMelodyCreated",
                {
                    "song": SongOutputSerializer(),
                    "job": JobOutputSerializer(),
                    "upload": serializers.UUIDField(),
                },
            ),
            **error_responses(404, 409, 413, 415, 503),
        },
        operation_id="songs_from_melody",
        description="Transcribe a hummed, sung or played melody and arrange a song around it (a job). "
        "Tempo and key are measured from the melody unless given.",
    )
    def post(self, request: Request) -> Response:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
        if declared > settings.UPLOAD_MAX_BYTES + _MULTIPART_OVERHEAD_BYTES:
            raise too_large()
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        file, upload_id = data.pop("file", None), data.pop("upload", None)
        title, downbeat = str(data.pop("title", "")), bool(data.pop("starts_on_downbeat"))
        if file is None and upload_id is None:
            raise ApplicationError(FIELDS_INVALID, {"fields": {"file": [MELODY_SOURCE_MISSING]}})
        if file is not None and upload_id is not None:
            raise ApplicationError(FIELDS_INVALID, {"fields": {"upload": [MELODY_SOURCE_TWICE]}})
        requester = requester_of(request)
        melody_spec_input(data, upload=None)  # a bad spec is refused before any file is stored
        if upload_id is not None:
            upload = upload_get(requester=requester, upload_id=upload_id)
            song, job = song_from_melody_create(
                requester=requester, upload=upload, data=data, title=title, starts_on_downbeat=downbeat
            )
        else:
            song, job, upload = song_from_melody_file(
                requester=requester, file=file, data=data, title=title, starts_on_downbeat=downbeat
            )
        return Response(
            {
                "song": SongOutputSerializer(song).data,
                "job": JobOutputSerializer(job).data,
                "upload": upload.pk,
            },
            status=status.HTTP_202_ACCEPTED,
        )
