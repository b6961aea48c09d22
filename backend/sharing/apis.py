"""Share-link API: the owner creates, lists, changes and revokes links; a signed-in visitor remixes."""

from __future__ import annotations

import uuid

from django.urls import reverse
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.fields import StrictBooleanField
from core.schema import error_responses
from core.visibility import requester_of
from jobs.apis import JobOutputSerializer
from sharing.models import ShareLink
from sharing.selectors import (
    share_audio_failed,
    share_audio_name,
    share_link_get,
    share_link_list,
    share_link_live_get,
    share_version_get,
)
from sharing.services import share_link_create, share_link_remix, share_link_revoke, share_link_update
from songs.selectors import song_get


class ShareOutputSerializer(serializers.ModelSerializer[ShareLink]):
    url = serializers.SerializerMethodField()
    embed_url = serializers.SerializerMethodField()
    version_id = serializers.IntegerField(allow_null=True)
    version_name = serializers.SerializerMethodField()
    audio_status = serializers.SerializerMethodField()

    class Meta:
        model = ShareLink
        fields = [
            "id",
            "token",
            "url",
            "embed_url",
            "version_id",
            "version_name",
            "allow_download",
            "allow_remix",
            "views",
            "plays",
            "audio_status",
            "created_at",
            "revoked_at",
        ]

    def _absolute(self, name: str, link: ShareLink) -> str:
        path = reverse(name, kwargs={"token": link.token})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path

    def get_url(self, link: ShareLink) -> str:
        return self._absolute("share-page", link)

    def get_embed_url(self, link: ShareLink) -> str:
        return self._absolute("share-embed", link)

    def get_version_name(self, link: ShareLink) -> str | None:
        return link.version.name if link.version is not None else None

    def get_audio_status(self, link: ShareLink) -> str:
        """ready | mixing | failed: whether listeners can hear the link yet."""
        if share_audio_name(link=link):
            return "ready"
        return "failed" if share_audio_failed(link=link) else "mixing"


class ShareListCreateApi(APIView):
    throttle_scope = "export"  # a new link mixes its state

    class InputSerializer(serializers.Serializer[dict[str, object]]):
        version_id = serializers.IntegerField(required=False, allow_null=True, default=None)
        allow_download = StrictBooleanField(required=False, default=False)
        # Takes effect only with allow_download: a remix hands over the audio.
        allow_remix = StrictBooleanField(required=False, default=False)

    @extend_schema(responses=ShareOutputSerializer(many=True), operation_id="shares_list")
    def get(self, request: Request, song_id: uuid.UUID) -> Response:
        song = song_get(requester=requester_of(request), song_id=song_id)
        links = share_link_list(song=song)[:100]
        return Response(ShareOutputSerializer(links, many=True, context={"request": request}).data)

    @extend_schema(
        request=InputSerializer,
        responses={
            201: inline_serializer(
                "ShareCreated",
                {"share": ShareOutputSerializer(), "job": JobOutputSerializer(allow_null=True)},
            ),
            **error_responses(503),
        },
        operation_id="shares_create",
    )
    def post(self, request: Request, song_id: uuid.UUID) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        song = song_get(requester=requester_of(request), song_id=song_id)
        version_id = data.validated_data["version_id"]
        link, job = share_link_create(
            song=song,
            requester=requester_of(request),
            version=None if version_id is None else share_version_get(song=song, version_id=int(version_id)),
            allow_download=bool(data.validated_data["allow_download"]),
            allow_remix=bool(data.validated_data["allow_remix"]),
        )
        return Response(
            {
                "share": ShareOutputSerializer(link, context={"request": request}).data,
                "job": JobOutputSerializer(job).data if job is not None else None,
            },
            status=status.HTTP_201_CREATED,
        )


class ShareDetailApi(APIView):
    class InputSerializer(serializers.Serializer[dict[str, bool]]):
        allow_download = StrictBooleanField(required=False)  # absent: unchanged
        allow_remix = StrictBooleanField(required=False)  # absent: unchanged

    @extend_schema(responses=ShareOutputSerializer, operation_id="shares_retrieve")
    def get(self, request: Request, song_id: uuid.UUID, share_id: int) -> Response:
        song = song_get(requester=requester_of(request), song_id=song_id)
        link = share_link_get(song=song, share_id=share_id)
        return Response(ShareOutputSerializer(link, context={"request": request}).data)

    @extend_schema(request=InputSerializer, responses=ShareOutputSerializer, operation_id="shares_update")
    def patch(self, request: Request, song_id: uuid.UUID, share_id: int) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        song = song_get(requester=requester_of(request), song_id=song_id)
        link = share_link_get(song=song, share_id=share_id)
        link = share_link_update(
            link=link,
            allow_download=data.validated_data.get("allow_download"),
            allow_remix=data.validated_data.get("allow_remix"),
        )
        return Response(ShareOutputSerializer(link, context={"request": request}).data)


class ShareRevokeApi(APIView):
    @extend_schema(request=None, responses=ShareOutputSerializer, operation_id="shares_revoke")
    def post(self, request: Request, song_id: uuid.UUID, share_id: int) -> Response:
        song = song_get(requester=requester_of(request), song_id=song_id)
        link = share_link_revoke(link=share_link_get(song=song, share_id=share_id))
        return Response(ShareOutputSerializer(link, context={"request": request}).data)


class ShareRemixApi(APIView):
    throttle_scope = "copy"

    @extend_schema(
        request=None,
        responses={
            201: inline_serializer(
                "ShareRemixed", {"song_id": serializers.UUIDField(), "editor_url": serializers.CharField()}
            ),
            **error_responses(503),
        },
        operation_id="shares_remix",
    )
    def post(self, request: Request, token: str) -> Response:
        song = share_link_remix(link=share_link_live_get(token=token), requester=requester_of(request))
        return Response(
            {"song_id": song.pk, "editor_url": f"/songs/{song.pk}"}, status=status.HTTP_201_CREATED
        )
