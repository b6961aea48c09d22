"""Generation API: the options a song can be described with, and a sentence read as a spec."""

from __future__ import annotations

from accounts.selectors import preferences_default_spec
from django.middleware.csrf import get_token
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.fields import StrictCharField
from core.visibility import requester_of
from engine.prompt import PROMPT_MAX_CHARS, interpret_prompt
from songs.generation.options import song_options
from songs.generation.serializers import OptionsOutputSerializer


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


class PromptPartSerializer(serializers.Serializer[dict[str, str]]):
    instrument = serializers.CharField()
    role = serializers.CharField()


class PromptSpecSerializer(serializers.Serializer[dict[str, object]]):
    genre = serializers.CharField()
    mood = serializers.CharField()
    tempo = serializers.IntegerField()
    key = serializers.CharField()
    mode = serializers.CharField()
    instruments = PromptPartSerializer(many=True)
    length_seconds = serializers.FloatField(allow_null=True)
    length_bars = serializers.IntegerField(allow_null=True)
    seed = serializers.IntegerField()


class PromptApi(APIView):
    throttle_scope = "prompt"

    class InputSerializer(serializers.Serializer[dict[str, str]]):
        text = StrictCharField(max_length=PROMPT_MAX_CHARS, not_blank=True)

        class Meta:
            ref_name = "PromptInput"

    class OutputSerializer(serializers.Serializer[dict[str, object]]):
        spec = PromptSpecSerializer()
        matched = serializers.DictField(child=serializers.CharField())

        class Meta:
            ref_name = "PromptDraft"

    @extend_schema(
        request=InputSerializer,
        responses={200: OutputSerializer},
        operation_id="prompt_interpret",
        summary="Draft a song spec from a sentence",
        description=(
            "Reads genre, mood, tempo, key, mode, instruments and length from the text and fills the rest "
            "from the genre's preset. Nothing is created: the client shows the draft for the user to adjust, "
            "then posts it to /api/songs/. `matched` says, per field, what was read from the text."
        ),
    )
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = interpret_prompt(str(serializer.validated_data["text"]))
        return Response(self.OutputSerializer({"spec": result.draft(), "matched": result.matched}).data)
