"""Library API: your songs (create → job, list, detail, rename, delete, restore, copy), covers, downloads."""

from __future__ import annotations

import uuid

from django.core.files.storage import default_storage
from django.http import FileResponse, HttpResponse
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
from songs.generation.services import song_create
from songs.generation.spec_input import SongCreateInput, model_from_request
from songs.library.covers import song_cover_svg
from songs.library.downloads import DOWNLOAD_MEDIA_TYPES, song_download
from songs.library.selectors import library_page, song_deleted_get, song_library
from songs.library.serializers import (
    LibraryPageSerializer,
    LibraryQuerySerializer,
    LibrarySongSerializer,
    SongDuplicateInputSerializer,
    SongOutputSerializer,
    SongUpdateInputSerializer,
)
from songs.library.services import song_delete, song_duplicate, song_restore, song_update
from songs.models import Song
from songs.selectors import song_get

SONG_NOT_READY = "This song is still being made. Try again when it is ready."


class SongListCreateApi(APIView):
    throttle_scope = "generate"

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
    throttle_scope = "export"
    throttle_methods = ("GET",)  # a format is made on its first download

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


COPY_SUFFIX = " (copy)"


class SongRestoreApi(APIView):
    @extend_schema(request=None, responses=LibrarySongSerializer, operation_id="songs_restore")
    def post(self, request: Request, song_id: uuid.UUID) -> Response:
        song = song_restore(song=song_deleted_get(requester=requester_of(request), song_id=song_id))
        return Response(LibrarySongSerializer(song).data)


class SongDuplicateApi(APIView):
    throttle_scope = "copy"

    @extend_schema(
        request=SongDuplicateInputSerializer,
        responses={201: LibrarySongSerializer, **error_responses(503)},
        operation_id="songs_duplicate",
        description="A new song sharing this one's base, with its own copy of the edit log.",
    )
    def post(self, request: Request, song_id: uuid.UUID) -> Response:
        data = SongDuplicateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        requester = requester_of(request)
        song = song_get(requester=requester, song_id=song_id)
        title = str(data.validated_data["title"]) or song.title[: 120 - len(COPY_SUFFIX)] + COPY_SUFFIX
        copy = song_duplicate(song=song, requester=requester, title=title)
        return Response(LibrarySongSerializer(copy).data, status=status.HTTP_201_CREATED)


class SongCoverApi(APIView):
    @extend_schema(responses={(200, "image/svg+xml"): OpenApiTypes.BINARY}, operation_id="songs_cover")
    def get(self, request: Request, song_id: uuid.UUID) -> HttpResponse:
        song = song_get(requester=requester_of(request), song_id=song_id)
        response = HttpResponse(song_cover_svg(song=song), content_type="image/svg+xml")
        response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
        response["Cache-Control"] = "private, max-age=86400"
        return response
