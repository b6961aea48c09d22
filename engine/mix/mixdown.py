"""Summing stems: per-track gain, constant-power pan, mute and solo."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from engine.blocks import BLOCK, release_pages
from engine.errors import AudioToolError
from engine.instruments import Role
from engine.mix import kernels
from engine.mix.buffers import fresh_audio
from engine.mix.channels import per_channel

Audio = npt.NDArray[np.float32]

GAIN_DB_MIN, GAIN_DB_MAX = -60.0, 12.0
_MIX_BLOCK = 1 << 13  # samples summed at a time: the running sum (32 KB) stays in the L1 cache
_READ_BLOCK = BLOCK  # samples of every stem read at a time


@dataclass(frozen=True)
class TrackMix:
    """One track's fader: gain in dB, pan -1 (left) .. 1 (right), mute and solo."""

    gain_db: float = 0.0
    pan: float = 0.0
    mute: bool = False
    solo: bool = False

    def __post_init__(self) -> None:
        if not (math.isfinite(self.gain_db) and GAIN_DB_MIN <= self.gain_db <= GAIN_DB_MAX):
            raise ValueError(f"gain_db must be between {GAIN_DB_MIN} and {GAIN_DB_MAX} dB.")
        if not (math.isfinite(self.pan) and -1.0 <= self.pan <= 1.0):
            raise ValueError("pan must be between -1 (left) and 1 (right).")


# A starting balance a producer would set up before touching anything: rhythm section and lead in the
# centre, the harmony parts a little apart so they do not mask each other, pads and arpeggios tucked
# slightly under the lead. Users edit from here; `TrackMix()` (unity, centre) stays available.
_ROLE_DEFAULTS: dict[Role, TrackMix] = {
    Role.DRUMS: TrackMix(gain_db=0.0, pan=0.0),
    Role.BASS: TrackMix(gain_db=0.0, pan=0.0),
    Role.CHORDS: TrackMix(gain_db=-2.0, pan=-0.25),
    Role.PAD: TrackMix(gain_db=-4.0, pan=0.0),
    Role.LEAD: TrackMix(gain_db=0.0, pan=0.0),
    Role.ARPEGGIO: TrackMix(gain_db=-4.0, pan=0.3),
    Role.COUNTER_MELODY: TrackMix(gain_db=-3.0, pan=-0.35),
}


def default_track_mix(role: Role) -> TrackMix:
    """The starting fader for a track playing `role` (see `_ROLE_DEFAULTS`)."""
    return _ROLE_DEFAULTS.get(role, TrackMix())


def pan_gains(pan: float) -> tuple[float, float]:
    """Constant-power (-3 dB centre) balance gains for (left, right), normalised to 1.0 at centre.

    A stereo stem keeps its own image; panning attenuates the far side and lifts the near side so the
    summed power of a centred sound stays the same wherever it is panned.
    """
    angle = (pan + 1.0) * math.pi / 4.0
    return math.cos(angle) * math.sqrt(2.0), math.sin(angle) * math.sqrt(2.0)


def audible(mixes: Sequence[TrackMix]) -> list[bool]:
    """Which tracks sound: mute always silences; if any track is soloed, only soloed tracks sound."""
    any_solo = any(m.solo for m in mixes)
    return [not m.mute and (m.solo or not any_solo) for m in mixes]


def _faders(stems: Sequence[Audio], mixes: Sequence[TrackMix]) -> tuple[list[Audio], Audio]:
    """The stems that sound and their (stems, 2) float32 channel gains, after checking the shapes."""
    if not stems:
        raise AudioToolError("There are no stems to mix.")
    if len(stems) != len(mixes):
        raise AudioToolError(f"{len(stems)} stems but {len(mixes)} mix settings.")
    shape = stems[0].shape
    if len(shape) != 2 or shape[0] != 2:
        raise AudioToolError(f"Stems must be stereo arrays of shape (2, n), got {shape}.")
    if any(stem.shape != shape for stem in stems):
        raise AudioToolError("Stems must all have the same length.")
    playing: list[Audio] = []
    gains: list[tuple[np.float32, np.float32]] = []
    for stem, settings, sounds in zip(stems, mixes, audible(mixes), strict=True):
        if sounds:
            gain = 10.0 ** (settings.gain_db / 20.0)
            left, right = pan_gains(settings.pan)
            playing.append(stem)
            gains.append((np.float32(gain * left), np.float32(gain * right)))
    return playing, np.array(gains, dtype=np.float32).reshape(len(gains), 2)


def _sum_block(playing: list[Audio], table: Audio, out: Audio, start: int) -> None:
    """out = the faders' sum of the stems' samples start .. start + out.shape[1], both channels at once;
    then a memory-mapped stem's pages of that block are released (engine.blocks)."""
    stop = start + out.shape[1]
    if not playing:
        out.fill(0.0)
        return

    def sum_channel(channel: int) -> None:
        # Per sample the same sum in a fixed order, whatever the blocks: identical faders, identical bits.
        rows = tuple(stem[channel, start:stop] for stem in playing)
        kernels.mix_channel(rows, table[:, channel].copy(), out[channel], _MIX_BLOCK)

    per_channel(sum_channel, 2, stop - start)
    for stem in playing:
        release_pages(stem, start, stop)


def mix_stems(stems: Sequence[Audio], mixes: Sequence[TrackMix], out: Audio | None = None) -> Audio:
    """Sum equal-length stereo stems (2, n) with their faders into one (2, n) float32 mix (written into
    `out` if given, a (2, n) float32 array). Stems are read a block at a time."""
    playing, table = _faders(stems, mixes)
    shape = stems[0].shape
    if out is None:
        out = fresh_audio((shape[0], shape[1]))
    elif out.shape != shape or out.dtype != np.float32:
        raise AudioToolError(f"The mix buffer must be float32 of shape {shape}, got {out.dtype} {out.shape}.")
    for start in range(0, shape[1], _READ_BLOCK):
        _sum_block(playing, table, out[:, start : start + _READ_BLOCK], start)
    return out


def mix_blocks(stems: Sequence[Audio], mixes: Sequence[TrackMix]) -> Iterator[Audio]:
    """The mix `mix_stems` makes, as consecutive blocks of BLOCK samples (the last may be shorter): the
    mix is never whole in memory."""
    playing, table = _faders(stems, mixes)
    samples = stems[0].shape[1]
    for start in range(0, samples, _READ_BLOCK):
        out = np.empty((2, min(_READ_BLOCK, samples - start)), dtype=np.float32)
        _sum_block(playing, table, out, start)
        yield out
