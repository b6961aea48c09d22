"""The engine's one exception type for external-tool failures and unusable audio."""

from __future__ import annotations


class AudioToolError(Exception):
    """An external audio tool (FluidSynth, ffmpeg) failed, or audio given to the engine is unusable."""
