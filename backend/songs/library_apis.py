"""Library API beyond list/rename/delete: restore a deleted song, duplicate a song, its cover image."""

from __future__ import annotations

import uuid

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.schema import error_responses
from core.visibility import requester_of
from songs.covers import song_cover_svg
from songs.library_selectors import song_deleted_get
from songs.library_services import song_duplicate
from songs.selectors import song_get
from songs.serializers import LibrarySongSerializer, SongDuplicateInputSerializer
from songs.services import song_restore

COPY_SUFFIX = " (copy)"


class SongRestoreApi(APIView):
    @extend_schema(request=None, responses=LibrarySongSerializer, operation_id="songs_restore")
    def post(self, request: Request, song_id: uuid.UUID) -> Response:
        song = song_restore(song=song_deleted_get(requester=requester_of(request), song_id=song_id))
        return Response(LibrarySongSerializer(song).data)


class SongDuplicateApi(APIView):
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
