"""The songs app's kinds of job and their typed params (stored as JSON in Job.params)."""

from __future__ import annotations

import uuid
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class SongJobKind(StrEnum):
    GENERATE = "generate"
    RENDER = "render"
    EXPORT = "export"


class JobParams(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class MelodySource(JobParams):
    """What a hum-to-song generate job arranges: an upload, and what the user fixed (the rest is measured).

    `starts_on_downbeat`: the recording starts on a downbeat, as after the count-in of the browser's
    recorder."""

    upload_id: str
    tempo_given: bool
    key_given: bool
    starts_on_downbeat: bool
    length_given: bool = False


class GenerateParams(JobParams):
    """A song composed from its spec, or arranged around a recorded melody."""

    melody: MelodySource | None = None


class RenderParams(JobParams):
    """The edit state the render was queued for (the job renders the state current when it runs)."""

    state_hash: str = Field(pattern=r"^[0-9a-f]{64}$")


class ExportParams(JobParams):
    export_id: uuid.UUID
