"""Shapes of the generation API (input validation for shape; the engine's SongSpec validates meaning)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.contrib.pydantic import PydanticExtension
from drf_spectacular.drainage import set_override
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import Direction
from rest_framework import serializers

from core.fields import StrictCharField
from engine.spec import InstrumentPart


class InstrumentPartSerializer(serializers.Serializer[dict[str, str]]):
    """One {instrument, role} part; the engine's InstrumentPart checks it (and is its schema, below)."""

    instrument = StrictCharField(max_length=64)
    role = StrictCharField(max_length=24, required=False, allow_null=True)

    def to_internal_value(self, data: Any) -> dict[str, str]:
        unknown = sorted(set(data) - set(self.fields)) if isinstance(data, dict) else []
        if unknown:  # the schema (the engine's InstrumentPart) forbids other fields
            raise serializers.ValidationError({name: ["Unknown field."] for name in unknown})
        return dict(super().to_internal_value(data))


class InstrumentPartSerializerSchema(OpenApiSerializerExtension):
    """Documents InstrumentPartSerializer as the engine's InstrumentPart component (the same schema)."""

    target_class = InstrumentPartSerializer

    def get_name(self, auto_schema: AutoSchema, direction: Direction) -> str:
        return "InstrumentPart"

    def map_serializer(self, auto_schema: AutoSchema, direction: Direction) -> Any:
        return PydanticExtension(InstrumentPart).map_serializer(auto_schema, direction)


# It and the pydantic model register one component under one name, on purpose.
set_override(InstrumentPartSerializer, "suppress_collision_warning", True)


class _ChoiceSerializer(serializers.Serializer[dict[str, str]]):
    value = serializers.CharField()
    label = serializers.CharField()


class _InstrumentOptionSerializer(serializers.Serializer[dict[str, object]]):
    slug = serializers.CharField()
    name = serializers.CharField()
    family = serializers.CharField()
    default_role = serializers.CharField()
    is_drum_kit = serializers.BooleanField()


class _RangeSerializer(serializers.Serializer[dict[str, float]]):
    min = serializers.FloatField()
    max = serializers.FloatField()
    default = serializers.FloatField(required=False)


class _PartSerializer(serializers.Serializer[dict[str, str]]):
    instrument = serializers.CharField()
    role = serializers.CharField()


class _GenreDefaultsSerializer(serializers.Serializer[dict[str, object]]):
    tempo = serializers.IntegerField()
    mode = serializers.CharField()
    instruments = _PartSerializer(many=True)


class _DefaultSpecSerializer(serializers.Serializer[dict[str, object]]):
    genre = serializers.CharField()
    mood = serializers.CharField()
    tempo = serializers.IntegerField()
    key = serializers.CharField()
    mode = serializers.CharField()
    instruments = _PartSerializer(many=True)
    length_seconds = serializers.FloatField()


class OptionsOutputSerializer(serializers.Serializer[dict[str, object]]):
    genres = _ChoiceSerializer(many=True)
    moods = _ChoiceSerializer(many=True)
    keys = serializers.ListField(child=serializers.CharField())
    modes = _ChoiceSerializer(many=True)
    roles = _ChoiceSerializer(many=True)
    instruments = _InstrumentOptionSerializer(many=True)
    tempo = _RangeSerializer()
    length_seconds = _RangeSerializer()
    length_bars = _RangeSerializer()
    max_instruments = serializers.IntegerField()
    genre_defaults = serializers.DictField(child=_GenreDefaultsSerializer())
    default_spec = _DefaultSpecSerializer()
