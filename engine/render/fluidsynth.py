"""The FluidSynth adapter: one long-lived synth per SoundFont, rendering a Score track to a dry stem.

The SoundFont is loaded once per process (`load_synth` is cached); FluidSynth's own reverb and chorus are
off so stems are dry (effects belong to the mix stage). Events land on FluidSynth's 64-sample internal block
grid (≤ 1.5 ms at 44.1 kHz), which is below what anyone can hear in a stem.

A synth carries state from one render to the next (its position in the 64-sample block, and voice slots
whose filters start from what the last note left), so a stem rendered on a used synth can differ by up to
~1e-4 depending on what the process rendered before. Each stem is therefore rendered on a fresh synth
(~0.1 s: the process-wide synth keeps the SoundFont's samples in FluidSynth's sample cache, so only the
presets are parsed again), which makes a recipe render bit-identically whatever came before.
"""

from __future__ import annotations

import ctypes
import functools
import hashlib
import os
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import fluidsynth
import numpy as np
import numpy.typing as npt

from engine.errors import AudioToolError
from engine.score import Score, Track

SAMPLE_RATE = 44100
TAIL_SECONDS = 2.0  # release tail after the last bar, so every stem and the mix share one length
DRUM_CHANNEL = 9  # General MIDI channel 10
MELODIC_CHANNEL = 0
DRUM_BANK = 128
POLYPHONY = 256
# FluidSynth's output gain. Measured with FluidR3_GM: at 0.5 a three-note piano part or a kit at
# velocity 100 peaks near -12 dBFS, leaving headroom for dense parts; mastering sets the final loudness.
SYNTH_GAIN = 0.5

SOUNDFONT_DIR = Path("/usr/share/sounds/sf2")
_SOUNDFONT_CANDIDATES = (
    "default-GM.sf2",
    "FluidR3_GM.sf2",
    "MuseScore_General.sf2",
    "MuseScore_General.sf3",
)

Stem = npt.NDArray[np.float32]


def default_soundfont() -> Path:
    """The SoundFont to use: $SOUNDFONT, else a General MIDI SoundFont in /usr/share/sounds/sf2."""
    configured = os.environ.get("SOUNDFONT")
    if configured:
        path = Path(configured)
        if not path.is_file():
            raise AudioToolError(f"The SOUNDFONT setting points to '{configured}', which is not a file.")
        return path
    for name in _SOUNDFONT_CANDIDATES:
        path = SOUNDFONT_DIR / name
        if path.is_file():
            return path
    raise AudioToolError(
        f"No SoundFont found: set SOUNDFONT to a General MIDI .sf2 file, or install one in {SOUNDFONT_DIR} "
        "(Debian: apt install fluid-soundfont-gm)."
    )


@functools.cache
def soundfont_sha256(path: Path) -> str:
    """The SHA-256 of a SoundFont file (cached per path), for render cache keys."""
    if not path.is_file():
        raise AudioToolError(f"SoundFont '{path}' is not a file.")
    digest = hashlib.sha256()
    with path.resolve().open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# fluid_synth_write_float(synth, len, lout, loff, lincr, rout, roff, rincr): renders straight into numpy.
_write_float = fluidsynth._fl.fluid_synth_write_float
_write_float.argtypes = [
    ctypes.c_void_p,
    ctypes.c_int,
    ctypes.c_void_p,
    ctypes.c_int,
    ctypes.c_int,
    ctypes.c_void_p,
    ctypes.c_int,
    ctypes.c_int,
]
_write_float.restype = ctypes.c_int


@dataclass(frozen=True, eq=False)
class LoadedSynth:
    """A FluidSynth instance with one SoundFont loaded. Renders are serialised by `lock`."""

    soundfont: Path
    synth: Any  # fluidsynth.Synth (untyped bindings)
    sfid: int
    lock: threading.Lock

    def write(self, out: Stem, start: int, count: int) -> None:
        """Render `count` samples into out[:, start:start+count]."""
        if count <= 0:
            return
        left = out[0].ctypes.data
        right = out[1].ctypes.data
        if _write_float(self.synth.synth, count, left, start, 1, right, start, 1) != 0:
            raise AudioToolError("FluidSynth failed to render audio.")


_LOAD_LOCK = threading.Lock()
# Each stem renders on its own synth, so stems can render in parallel: one thread per core.
RENDER_WORKERS = max(1, min(4, os.cpu_count() or 1))


def _new_synth(soundfont: Path, lock: threading.Lock) -> LoadedSynth:
    synth = fluidsynth.Synth(
        gain=SYNTH_GAIN,
        samplerate=float(SAMPLE_RATE),
        **{
            "synth.reverb.active": 0,
            "synth.chorus.active": 0,
            "synth.polyphony": POLYPHONY,
            "synth.audio-channels": 1,
            "synth.cpu-cores": 1,
        },
    )
    sfid = synth.sfload(str(soundfont))
    if sfid < 0:
        synth.delete()
        raise AudioToolError(f"FluidSynth could not load the SoundFont '{soundfont}'.")
    return LoadedSynth(soundfont=soundfont, synth=synth, sfid=sfid, lock=lock)


@functools.cache
def _load_resolved(soundfont: Path) -> LoadedSynth:
    return _new_synth(soundfont, threading.Lock())


def load_synth(soundfont: Path | None = None) -> LoadedSynth:
    """The process-wide synth for a SoundFont (default: `default_soundfont()`), loaded on first use."""
    path = (soundfont or default_soundfont()).resolve()
    if not path.is_file():
        raise AudioToolError(f"SoundFont '{path}' is not a file.")
    with _LOAD_LOCK:
        return _load_resolved(path)


def song_samples(score: Score) -> int:
    """Length in samples of every stem and mix of a score: the whole bars plus the release tail."""
    return round(score.duration_seconds * SAMPLE_RATE) + round(TAIL_SECONDS * SAMPLE_RATE)


def _note_events(track: Track, score: Score, total_samples: int) -> list[tuple[int, int, int, int]]:
    """(sample, kind, pitch, velocity) sorted by time, note-offs (kind 0) before note-ons (kind 1)."""
    samples_per_tick = score.seconds_per_tick * SAMPLE_RATE
    events: list[tuple[int, int, int, int]] = []
    for note in track.notes:
        on = round(note.start * samples_per_tick)
        if on >= total_samples:
            continue
        off = min(max(round(note.end * samples_per_tick), on + 1), total_samples)
        events.append((on, 1, note.pitch, note.velocity))
        events.append((off, 0, note.pitch, 0))
    events.sort()
    return events


def render_cost(track: Track, score: Score) -> float:
    """A track's rendering work in voice-seconds (sounding time plus a release per note), for scheduling.

    FluidSynth's time goes into active voices, so rendering the costliest stems first keeps both workers
    busy to the end (longest-processing-time-first); it changes no sample of any stem.
    """
    seconds_per_tick = score.seconds_per_tick
    return sum((note.end - note.start) * seconds_per_tick + 0.5 for note in track.notes)


def _select_program(loaded: LoadedSynth, track: Track) -> int:
    synth = loaded.synth
    if track.is_drums:
        if synth.program_select(DRUM_CHANNEL, loaded.sfid, DRUM_BANK, track.program) == 0:
            return DRUM_CHANNEL
        # Not every GM SoundFont has every GS kit: fall back to the standard kit rather than fail.
        if synth.program_select(DRUM_CHANNEL, loaded.sfid, DRUM_BANK, 0) == 0:
            return DRUM_CHANNEL
        raise AudioToolError(f"The SoundFont '{loaded.soundfont.name}' has no drum kits (bank 128).")
    if synth.program_select(MELODIC_CHANNEL, loaded.sfid, 0, track.program) != 0:
        raise AudioToolError(
            f"The SoundFont '{loaded.soundfont.name}' has no instrument for General MIDI program "
            f"{track.program} ({track.instrument})."
        )
    return MELODIC_CHANNEL


def render_track_blocks(
    track: Track, score: Score, *, total_samples: int, soundfont: Path | None = None, block: int = 1 << 18
) -> Iterator[Stem]:
    """Render one track as consecutive dry stereo blocks of `block` samples (the last may be shorter),
    float32 (2, n) each, `total_samples` in all: a stem never held whole.

    Splitting FluidSynth's writes at block edges changes no sample (it renders on its own 64-sample grid
    whatever the calls), so the blocks are bit for bit the stem `render_track` returns.
    """
    if total_samples <= 0:
        raise AudioToolError("Cannot render an empty stretch of audio.")
    loaded = load_synth(soundfont)
    events = _note_events(track, score, total_samples)
    # Creating and deleting synths is serialised; rendering is not, so stems can render on several
    # threads at once (ctypes releases the GIL while FluidSynth works).
    with loaded.lock:
        fresh = _new_synth(loaded.soundfont, loaded.lock)
    try:
        channel = _select_program(fresh, track)
        first = 0  # the block being filled: samples first .. first + block
        out = np.zeros((2, min(block, total_samples)), dtype=np.float32)
        position = 0
        for sample, kind, pitch, velocity in (*events, (total_samples, -1, 0, 0)):
            while position < sample:
                count = min(sample, first + out.shape[1]) - position
                fresh.write(out, position - first, count)
                position += count
                if position == first + out.shape[1]:
                    yield out
                    first = position
                    out = np.zeros((2, min(block, total_samples - first)), dtype=np.float32)
            if kind == 1:
                fresh.synth.noteon(channel, pitch, velocity)
            elif kind == 0:
                fresh.synth.noteoff(channel, pitch)
    finally:
        with loaded.lock:
            fresh.synth.delete()


def render_track(track: Track, score: Score, *, total_samples: int, soundfont: Path | None = None) -> Stem:
    """Render one track to a dry stereo stem, float32 shape (2, total_samples), 44.1 kHz."""
    if total_samples <= 0:
        raise AudioToolError("Cannot render an empty stretch of audio.")
    out = np.empty((2, total_samples), dtype=np.float32)
    start = 0
    for piece in render_track_blocks(track, score, total_samples=total_samples, soundfont=soundfont):
        out[:, start : start + piece.shape[1]] = piece
        start += piece.shape[1]
    return out


def render_score(score: Score, *, soundfont: Path | None = None) -> list[Stem]:
    """Render every track of a score to stems of equal length (`song_samples`)."""
    total = song_samples(score)
    with ThreadPoolExecutor(max_workers=RENDER_WORKERS, thread_name_prefix="render") as pool:
        return list(
            pool.map(
                lambda track: render_track(track, score, total_samples=total, soundfont=soundfont),
                score.tracks,
            )
        )
