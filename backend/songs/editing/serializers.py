"""Shapes of the editor API. Edit ops and effect chains are the engine's pydantic models, which
drf-spectacular's pydantic extension turns into schema components (a discriminated union on `type`)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from pydantic import RootModel
from rest_framework import serializers

from engine.edit import ops
from engine.mix import effects
from engine.mix.effects import EffectChain
from jobs.apis import JobOutputSerializer
from songs.models import SongExport


class EditOp(RootModel[ops.EditOp]):
    """One edit: `type` names it and decides its other fields (engine/edit/ops.py)."""


@extend_schema_field(EffectChain)
class EffectChainField(serializers.JSONField):
    """An effect chain, already JSON (EffectChain.model_dump(mode="json"))."""


class _PlainNumbersField(serializers.ListField):
    """A list (of lists) of numbers that the selector built as plain Python numbers: sent as it is.

    Its schema is the declared child's; a field object per number cost about 30 ms per request for the
    4,000 notes of a 3-minute, 6-track song."""

    def to_representation(self, data: list[Any]) -> list[Any]:
        return data


class _EditorTrackSerializer(serializers.Serializer[dict[str, object]]):
    id = serializers.CharField()
    name = serializers.CharField()
    instrument = serializers.CharField()
    instrument_name = serializers.CharField()
    role = serializers.CharField()
    is_drums = serializers.BooleanField()
    gain_db = serializers.FloatField()
    pan = serializers.FloatField()
    mute = serializers.BooleanField()
    solo = serializers.BooleanField()
    chain = EffectChainField()
    stem_url = serializers.CharField(allow_null=True)
    stem_gain_db = serializers.FloatField()
    peaks = _PlainNumbersField(child=serializers.FloatField())
    notes = _PlainNumbersField(child=serializers.ListField(child=serializers.FloatField()))
    upload_id = serializers.UUIDField(allow_null=True)  # set for an audio track (an uploaded recording)


class _EditSerializer(serializers.Serializer[dict[str, object]]):
    seq = serializers.IntegerField()
    type = serializers.ChoiceField(choices=list(ops.OP_TYPES))
    params = serializers.JSONField()
    summary = serializers.CharField()
    applied = serializers.BooleanField()
    created_at = serializers.DateTimeField()


class _VersionSerializer(serializers.Serializer[dict[str, object]]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    edits = serializers.IntegerField()
    created_at = serializers.DateTimeField()


class _EditorSectionSerializer(serializers.Serializer[dict[str, object]]):
    name = serializers.CharField()
    start_bar = serializers.IntegerField()
    bars = serializers.IntegerField()


class _RenderStatusSerializer(serializers.Serializer[dict[str, object]]):
    status = serializers.ChoiceField(choices=["ready", "rendering", "failed"])
    job_id = serializers.UUIDField(allow_null=True)
    error = serializers.CharField(allow_blank=True)  # the failed job's message
    loudness_lufs = serializers.FloatField(allow_null=True)
    true_peak_dbtp = serializers.FloatField(allow_null=True)


class EditorStateSerializer(serializers.Serializer[dict[str, object]]):
    song_id = serializers.UUIDField()
    title = serializers.CharField()
    head = serializers.IntegerField()
    can_undo = serializers.BooleanField()
    can_redo = serializers.BooleanField()
    tempo = serializers.FloatField()
    key = serializers.CharField()
    mode = serializers.CharField()
    bars = serializers.IntegerField()
    beats_per_bar = serializers.IntegerField()
    duration_seconds = serializers.FloatField()
    sections = _EditorSectionSerializer(many=True)
    tracks = _EditorTrackSerializer(many=True)
    master_chain = EffectChainField()
    edits = _EditSerializer(many=True)
    versions = _VersionSerializer(many=True)
    render = _RenderStatusSerializer()


class EditorChangeSerializer(EditorStateSerializer):
    """What a change answers: the new state and the render job it started (null when none was needed)."""

    job = JobOutputSerializer(allow_null=True)


class Effect(RootModel[effects.Effect]):
    """One effect: `type` names it and decides its parameters (engine/mix/effects.py)."""


@extend_schema_field(Effect)
class _EffectField(serializers.JSONField):
    pass


@extend_schema_field(effects.EqBand)
class _EqBandField(serializers.JSONField):
    pass


class _ControlSerializer(serializers.Serializer[dict[str, object]]):
    name = serializers.CharField()
    label = serializers.CharField()
    min = serializers.FloatField()
    max = serializers.FloatField()
    default = serializers.FloatField(allow_null=True)
    step = serializers.FloatField()
    unit = serializers.CharField(allow_blank=True)


class _PresetSerializer(serializers.Serializer[dict[str, object]]):
    name = serializers.CharField()
    label = serializers.CharField()
    chain = EffectChainField()


class _EffectControlsSerializer(serializers.Serializer[dict[str, object]]):
    type = serializers.CharField()
    label = serializers.CharField()
    params = _ControlSerializer(many=True)
    defaults = _EffectField()


class _EqBandControlsSerializer(serializers.Serializer[dict[str, object]]):
    params = _ControlSerializer(many=True)
    defaults = _EqBandField()


class _LimitSerializer(serializers.Serializer[dict[str, float]]):
    min = serializers.FloatField()
    max = serializers.FloatField()


class EditCatalogueSerializer(serializers.Serializer[dict[str, object]]):
    """songs.editing.catalogue.edit_catalogue(): presets, effect controls, and the edit ops' bounds."""

    presets = _PresetSerializer(many=True)
    effects = _EffectControlsSerializer(many=True)
    eq_band = _EqBandControlsSerializer()
    op_limits = serializers.DictField(
        child=serializers.DictField(child=_LimitSerializer()),
        help_text="Per edit op type, its bounded number params: {min, max}.",
    )


class ExportOutputSerializer(serializers.ModelSerializer[SongExport]):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = SongExport
        fields = ["id", "format", "start_bar", "end_bar", "status", "filename", "download_url", "created_at"]

    def get_download_url(self, export: SongExport) -> str | None:
        if export.status != SongExport.Status.READY:
            return None
        return reverse("song-export-file", kwargs={"song_id": export.song_id, "export_id": export.pk})
