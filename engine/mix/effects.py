"""Effect chains as data: validated effect specs, turned into a pedalboard.Pedalboard by one function.

A chain is JSON-able (`EffectChain.model_dump(mode="json")`) and hashable by content (`content_key`), so
the render cache can key wet stems by it. Audio in and out is (2, n) float32 at 44.1 kHz; the output has
the input's length, so a reverb or delay tail rings into the song's fixed release tail
(`engine.render.fluidsynth.TAIL_SECONDS`) and every stem keeps the same length.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from typing import Annotated, Any, Literal

import numpy as np
import numpy.typing as npt
import pedalboard
from pedalboard._pedalboard import Pedalboard
from pydantic import BaseModel, ConfigDict, Field

from engine.blocks import BLOCK, column_blocks
from engine.errors import AudioToolError
from engine.mix.buffers import fresh_audio

SAMPLE_RATE = 44100
MAX_EFFECTS = 16
MAX_EQ_BANDS = 8
STREAM_BLOCK = BLOCK  # samples per pedalboard call (6 s)

Audio = npt.NDArray[np.float32]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


def _param(default: float, low: float, high: float, title: str, step: float, unit: str = "") -> Any:
    """A bounded effect parameter; its title, unit and control step travel in the JSON schema for the UI."""
    extra: dict[str, Any] = {"x-step": step}
    if unit:
        extra["x-unit"] = unit
    return Field(default=default, ge=low, le=high, allow_inf_nan=False, title=title, json_schema_extra=extra)


def _unit(default: float, title: str) -> Any:
    return _param(default, 0.0, 1.0, title, 0.01)


def _hz(default: float, title: str) -> Any:
    return _param(default, 20.0, 20000.0, title, 10, "Hz")


class Reverb(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", title="Reverb")
    type: Literal["reverb"] = "reverb"
    room_size: float = _unit(0.5, "Room size")
    damping: float = _unit(0.5, "Damping")
    wet_level: float = _unit(0.33, "Wet")
    dry_level: float = _unit(0.4, "Dry")
    width: float = _unit(1.0, "Width")


class Delay(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", title="Delay")
    type: Literal["delay"] = "delay"
    delay_seconds: float = _param(0.25, 0.01, 2.0, "Time", 0.01, "s")
    feedback: float = _param(0.3, 0.0, 0.95, "Feedback", 0.01)
    mix: float = _unit(0.3, "Mix")


class EqBand(BaseModel):
    """One EQ band: a low shelf, a high shelf or a parametric peak."""

    model_config = ConfigDict(frozen=True, extra="forbid", title="EQ band")
    kind: Literal["low_shelf", "high_shelf", "peak"]
    frequency_hz: float = _hz(1000.0, "Frequency")
    gain_db: float = _param(0.0, -24.0, 24.0, "Gain", 0.5, "dB")
    q: float = _param(0.7071, 0.1, 18.0, "Q", 0.1)


class Eq(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", title="EQ")
    type: Literal["eq"] = "eq"
    bands: tuple[EqBand, ...] = Field(default=(), max_length=MAX_EQ_BANDS)


class Compressor(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", title="Compressor")
    type: Literal["compressor"] = "compressor"
    threshold_db: float = _param(-18.0, -60.0, 0.0, "Threshold", 0.5, "dB")
    ratio: float = _param(4.0, 1.0, 20.0, "Ratio", 0.1)
    attack_ms: float = _param(5.0, 0.1, 200.0, "Attack", 0.1, "ms")
    release_ms: float = _param(100.0, 5.0, 2000.0, "Release", 5, "ms")


class Chorus(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", title="Chorus")
    type: Literal["chorus"] = "chorus"
    rate_hz: float = _param(1.0, 0.05, 10.0, "Rate", 0.05, "Hz")
    depth: float = _unit(0.25, "Depth")
    centre_delay_ms: float = _param(7.0, 1.0, 30.0, "Delay", 0.5, "ms")
    feedback: float = _param(0.0, 0.0, 0.9, "Feedback", 0.01)
    mix: float = _unit(0.5, "Mix")


class Phaser(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", title="Phaser")
    type: Literal["phaser"] = "phaser"
    rate_hz: float = _param(1.0, 0.05, 10.0, "Rate", 0.05, "Hz")
    depth: float = _unit(0.5, "Depth")
    centre_frequency_hz: float = _param(1300.0, 100.0, 5000.0, "Centre", 10, "Hz")
    feedback: float = _param(0.0, 0.0, 0.9, "Feedback", 0.01)
    mix: float = _unit(0.5, "Mix")


class Distortion(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", title="Distortion")
    type: Literal["distortion"] = "distortion"
    drive_db: float = _param(20.0, 0.0, 60.0, "Drive", 0.5, "dB")


class Lowpass(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", title="Low-pass")
    type: Literal["lowpass"] = "lowpass"
    cutoff_hz: float = _hz(5000.0, "Cutoff")


class Highpass(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", title="High-pass")
    type: Literal["highpass"] = "highpass"
    cutoff_hz: float = _hz(100.0, "Cutoff")


class Limiter(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", title="Limiter")
    type: Literal["limiter"] = "limiter"
    threshold_db: float = _param(-1.0, -30.0, 0.0, "Threshold", 0.5, "dB")
    release_ms: float = _param(100.0, 1.0, 1000.0, "Release", 1, "ms")


class Gain(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", title="Gain")
    type: Literal["gain"] = "gain"
    gain_db: float = _param(0.0, -60.0, 24.0, "Gain", 0.5, "dB")


Effect = Annotated[
    Reverb | Delay | Eq | Compressor | Chorus | Phaser | Distortion | Lowpass | Highpass | Limiter | Gain,
    Field(discriminator="type"),
]


class EffectChain(BaseModel):
    """An ordered list of effects, applied first to last. The empty chain passes audio through."""

    model_config = _FROZEN
    effects: tuple[Effect, ...] = Field(default=(), max_length=MAX_EFFECTS)

    @property
    def is_empty(self) -> bool:
        return not self.effects

    def content_key(self) -> str:
        """SHA-256 of the chain's canonical JSON: equal chains (same params, same order) share it."""
        return hashlib.sha256(self.model_dump_json().encode()).hexdigest()


def _plugins(effect: Effect) -> list[pedalboard.Plugin]:
    match effect:
        case Reverb():
            return [
                pedalboard.Reverb(
                    room_size=effect.room_size,
                    damping=effect.damping,
                    wet_level=effect.wet_level,
                    dry_level=effect.dry_level,
                    width=effect.width,
                )
            ]
        case Delay():
            return [
                pedalboard.Delay(delay_seconds=effect.delay_seconds, feedback=effect.feedback, mix=effect.mix)
            ]
        case Eq():
            filters = {
                "low_shelf": pedalboard.LowShelfFilter,
                "high_shelf": pedalboard.HighShelfFilter,
                "peak": pedalboard.PeakFilter,
            }
            return [
                filters[band.kind](cutoff_frequency_hz=band.frequency_hz, gain_db=band.gain_db, q=band.q)
                for band in effect.bands
            ]
        case Compressor():
            return [
                pedalboard.Compressor(
                    threshold_db=effect.threshold_db,
                    ratio=effect.ratio,
                    attack_ms=effect.attack_ms,
                    release_ms=effect.release_ms,
                )
            ]
        case Chorus():
            return [
                pedalboard.Chorus(
                    rate_hz=effect.rate_hz,
                    depth=effect.depth,
                    centre_delay_ms=effect.centre_delay_ms,
                    feedback=effect.feedback,
                    mix=effect.mix,
                )
            ]
        case Phaser():
            return [
                pedalboard.Phaser(
                    rate_hz=effect.rate_hz,
                    depth=effect.depth,
                    centre_frequency_hz=effect.centre_frequency_hz,
                    feedback=effect.feedback,
                    mix=effect.mix,
                )
            ]
        case Distortion():
            return [pedalboard.Distortion(drive_db=effect.drive_db)]
        case Lowpass():
            return [pedalboard.LowpassFilter(cutoff_frequency_hz=effect.cutoff_hz)]
        case Highpass():
            return [pedalboard.HighpassFilter(cutoff_frequency_hz=effect.cutoff_hz)]
        case Limiter():
            return [pedalboard.Limiter(threshold_db=effect.threshold_db, release_ms=effect.release_ms)]
        case Gain():
            return [pedalboard.Gain(gain_db=effect.gain_db)]


def build_board(chain: EffectChain) -> Pedalboard:
    """The one place an EffectChain becomes pedalboard objects."""
    return Pedalboard([plugin for effect in chain.effects for plugin in _plugins(effect)])


def process_blocks(chain: EffectChain, blocks: Iterable[Audio]) -> Iterator[Audio]:
    """Process consecutive (2, n) float32 blocks of one signal through a chain, block by block: the board's
    state carries over, so the blocks out are what one call would give, as long as the blocks in are the
    same (every one `STREAM_BLOCK` samples but the last)."""
    # A fresh board per signal: plugin state (reverb tails, delay lines) never leaks between stems.
    board = build_board(chain)
    first = True
    for piece in blocks:
        if piece.ndim != 2 or piece.shape[0] != 2:
            raise AudioToolError(f"Effects take stereo audio of shape (2, n), got {piece.shape}.")
        processed = board(piece, SAMPLE_RATE, reset=first)
        first = False
        if processed.shape != piece.shape:
            raise AudioToolError(f"The effect chain changed the audio's shape to {processed.shape}.")
        if not np.all(np.isfinite(processed)):
            raise AudioToolError("The effect chain produced NaN or infinite samples.")
        yield processed


def apply_chain(chain: EffectChain, audio: Audio, out: Audio | None = None) -> Audio:
    """Process (2, n) float32 audio through a chain; same shape out, tails cut at the input's end.

    The board streams the audio in blocks of `STREAM_BLOCK` (`process_blocks`) into `out` — which may be
    `audio` itself: each block is read before it is overwritten — or into one array from `fresh_audio`,
    instead of returning a new full-length array of its own.
    """
    if audio.ndim != 2 or audio.shape[0] != 2:
        raise AudioToolError(f"Effects take stereo audio of shape (2, n), got {audio.shape}.")
    if chain.is_empty:
        return audio
    source = np.ascontiguousarray(audio, dtype=np.float32)
    if out is None:
        out = fresh_audio((source.shape[0], source.shape[1]))
    elif out.shape != source.shape or out.dtype != np.float32:
        raise AudioToolError(f"The output must be float32 of shape {source.shape}, got {out.shape}.")
    start = 0
    for processed in process_blocks(chain, column_blocks(source, STREAM_BLOCK)):
        out[:, start : start + processed.shape[1]] = processed
        start += processed.shape[1]
    return out
