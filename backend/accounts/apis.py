"""Account API beside allauth's (which serves sign-up, log-in, log-out and passwords under /api/auth/):
who is signed in, preferences, and deleting the account."""

from __future__ import annotations

from typing import Any

from django.middleware.csrf import get_token
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Preferences
from accounts.preferences import PREFERENCE_CHOICES, TEMPO_OUT_OF_RANGE
from accounts.selectors import email_verified, preferences_get
from accounts.services import account_delete, preferences_update
from core.fields import StrictCharField
from engine.spec import TEMPO_MAX, TEMPO_MIN
from songs.generation.serializers import InstrumentPartSerializer


class AccountOutputSerializer(serializers.Serializer[dict[str, Any]]):
    is_authenticated = serializers.BooleanField()
    email = serializers.EmailField(allow_null=True)
    # Public share links need a verified address; an account made before verification was asked for
    # verifies from its account page.
    email_verified = serializers.BooleanField()


class AccountApi(APIView):
    @extend_schema(responses=AccountOutputSerializer, operation_id="account_retrieve")
    def get(self, request: Request) -> Response:
        get_token(request)  # the SPA's CSRF cookie for allauth's forms
        user = request.user
        if not user.is_authenticated:
            return Response({"is_authenticated": False, "email": None, "email_verified": False})
        return Response(
            {"is_authenticated": True, "email": user.email, "email_verified": email_verified(user=user)}
        )


def _preference_choice(name: str) -> serializers.ChoiceField:
    # "" (or null) clears a preference: the page then keeps its own default.
    choices = PREFERENCE_CHOICES[name]
    unknown = f"Unknown {name.replace('_', ' ')} '{{input}}'. Choose one of: {', '.join(choices)}."
    return serializers.ChoiceField(
        choices=choices,
        required=False,
        allow_blank=True,
        allow_null=True,
        error_messages={"invalid_choice": unknown},
    )


class PreferencesSerializer(serializers.ModelSerializer[Preferences]):
    instruments = InstrumentPartSerializer(many=True, required=False)
    tempo = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=TEMPO_MIN,
        max_value=TEMPO_MAX,
        error_messages={"min_value": TEMPO_OUT_OF_RANGE, "max_value": TEMPO_OUT_OF_RANGE},
    )
    genre = _preference_choice("genre")
    mood = _preference_choice("mood")
    key = _preference_choice("key")
    mode = _preference_choice("mode")
    export_format = _preference_choice("export_format")

    class Meta:
        model = Preferences
        fields = ["genre", "mood", "tempo", "key", "mode", "instruments", "export_format"]
        extra_kwargs = {name: {"required": False} for name in fields}


class PreferencesApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=PreferencesSerializer, operation_id="preferences_retrieve")
    def get(self, request: Request) -> Response:
        return Response(PreferencesSerializer(preferences_get(user=request.user)).data)

    @extend_schema(
        request=PreferencesSerializer, responses=PreferencesSerializer, operation_id="preferences_update"
    )
    def patch(self, request: Request) -> Response:
        data = PreferencesSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        preferences = preferences_update(user=request.user, data=dict(data.validated_data))
        return Response(PreferencesSerializer(preferences).data)


class AccountDeleteInputSerializer(serializers.Serializer[dict[str, str]]):
    password = StrictCharField(trim_whitespace=False)


class AccountDeleteApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=AccountDeleteInputSerializer,
        responses={200: inline_serializer("AccountDeleted", {"files_deleted": serializers.IntegerField()})},
        operation_id="account_delete",
    )
    def post(self, request: Request) -> Response:
        data = AccountDeleteInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        deleted = account_delete(
            request=request._request, user=request.user, password=str(data.validated_data["password"])
        )
        return Response({"files_deleted": deleted}, status=status.HTTP_200_OK)
