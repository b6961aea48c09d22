"""Songs API: options, create (→ job), list, detail, downloads and stem audio."""

from __future__ import annotations

import uuid

from accounts.selectors import preferences_default_spec
from django.core.files.storage import default_storage
from django.http import FileResponse
from django.middleware.csrf import get_token
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.exceptions import ConflictError
from core.schema import error_responses
from core.visibility import requester_of
from jobs.apis import JobOutputSerializer
from songs.downloads import DOWNLOAD_MEDIA_TYPES, song_download
from songs.library_selectors import library_page, song_library
from songs.models import Song
from songs.options import song_options
from songs.selectors import song_get
from songs.serializers import (
    LibraryPageSerializer,
    LibraryQuerySerializer,
    OptionsOutputSerializer,
    SongOutputSerializer,
    SongUpdateInputSerializer,
)
from songs.services import song_create, song_delete, song_update
from songs.spec_input import SongCreateInput, model_from_request

SONG_NOT_READY = "This song is still being made. Try again when it is ready."


class OptionsApi(APIView):
    @extend_schema(responses=OptionsOutputSerializer, operation_id="options_retrieve")
    def get(self, request: Request) -> Response:
        requester_of(request)  # starts the visitor's session and sets the CSRF cookie for the SPA
        get_token(request)
        options = song_options()
        if request.user.is_authenticated:  # the Generate page starts from the user's preferences
            options["default_spec"] = preferences_default_spec(
                user=request.user, spec=options["default_spec"], genre_defaults=options["genre_defaults"]
            )
        return Response(options)


class SongListCreateApi(APIView):
    @extend_schema(
        parameters=[LibraryQuerySerializer],
        responses=LibraryPageSerializer,
        operation_id="songs_list",
        description="The library: the requester's songs searched by title, filtered, sorted and paged.",
    )
    def get(self, request: Request) -> Response:
        query = LibraryQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = dict(query.validated_data)
        page, page_size = int(params.pop("page")), int(params.pop("page_size"))
        songs = song_library(requester=requester_of(request), **params)
        return Response(LibraryPageSerializer(library_page(songs=songs, page=page, page_size=page_size)).data)

    @extend_schema(
        request=SongCreateInput,
        responses={
            202: inline_serializer(
                "SongCreated", {"song": SongOutputSerializer(), "job": JobOutputSerializer()}
            ),
            **error_responses(503),
        },
        operation_id="songs_create",
    )
    def post(self, request: Request) -> Response:
        spec = model_from_request(SongCreateInput, request.data)
        data = spec.model_dump(mode="json", exclude={"title"})
        song, job = song_create(requester=requester_of(request), data=data, title=spec.title)
        return Response(
            {"song": SongOutputSerializer(song).data, "job": JobOutputSerializer(job).data},
            status=status.HTTP_202_ACCEPTED,
        )


class SongDetailApi(APIView):
    @extend_schema(responses=SongOutputSerializer, operation_id="songs_retrieve")
    def get(self, request: Request, song_id: uuid.UUID) -> Response:
        song = song_get(requester=requester_of(request), song_id=song_id)
        return Response(SongOutputSerializer(song).data)

    @extend_schema(
        request=SongUpdateInputSerializer, responses=SongOutputSerializer, operation_id="songs_update"
    )
    def patch(self, request: Request, song_id: uuid.UUID) -> Response:
        data = SongUpdateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        song = song_get(requester=requester_of(request), song_id=song_id)
        song = song_update(song=song, **data.validated_data)
        return Response(SongOutputSerializer(song).data)

    @extend_schema(
        request=None,
        responses={204: None},
        operation_id="songs_delete",
        description="Delete the song; it can be restored during the undo window (POST .../restore).",
    )
    def delete(self, request: Request, song_id: uuid.UUID) -> Response:
        song_delete(song=song_get(requester=requester_of(request), song_id=song_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class SongDownloadApi(APIView):
    class FormatSerializer(serializers.Serializer[dict[str, object]]):
        format = serializers.ChoiceField(choices=["mp3", "wav", "midi"])
        bit_depth = serializers.ChoiceField(choices=[16, 24], required=False, default=16)

    @extend_schema(
        parameters=[
            OpenApiParameter("format", str, enum=["mp3", "wav", "midi"], required=True),
            OpenApiParameter("bit_depth", int, enum=[16, 24], required=False),
        ],
        responses={
            **{(200, media_type): OpenApiTypes.BINARY for media_type in DOWNLOAD_MEDIA_TYPES},
            **error_responses(409),
        },
        operation_id="songs_download",
    )
    def get(self, request: Request, song_id: uuid.UUID) -> FileResponse:
        params = self.FormatSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        song = song_get(requester=requester_of(request), song_id=song_id)
        if song.status != Song.Status.READY:
            raise ConflictError(SONG_NOT_READY)
        export, content_type = song_download(
            song=song,
            fmt=str(params.validated_data["format"]),
            bit_depth=int(params.validated_data["bit_depth"]),
        )
        return FileResponse(
            default_storage.open(export.file, "rb"),
            as_attachment=True,
            filename=export.filename,
            content_type=content_type,
        )
