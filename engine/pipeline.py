"""Score to files for the command line: the score's empty edit log through the one staged render
(engine.edit.render: render -> process -> mix -> master), then encoded into a folder:

    out_dir/stems/01-drums.flac ...   lossless 16-bit stems, for Web Audio playback and stem export
    out_dir/mix.mp3, mix.wav, mix-16bit.wav   the master (192 kbps MP3, 24-bit and 16-bit WAV by default;
                                      lossy files are checked after encoding: engine.mix.delivery)
    out_dir/song.mid                  the score as a type-1 MIDI file

The mix starts from `default_track_mix(role)`: rhythm section and lead centred, harmony parts spread a
little and pads/arpeggios tucked under the lead, as a producer would set the faders before listening.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from engine.audio_io.ffmpeg import Audio, Format, encode
from engine.audio_io.peaks import waveform_peaks
from engine.blocks import peak_magnitude
from engine.edit.render import render_state
from engine.edit.state import initial_state
from engine.files import atomic_write
from engine.midi.export import score_to_midi
from engine.mix.delivery import LOSSY_FORMATS, lossy_delivery
from engine.mix.master import MasterResult, master
from engine.mix.mixdown import TrackMix, default_track_mix, mix_stems
from engine.progress import Progress, report_progress
from engine.render.cache import MemoryStageCache
from engine.render.fluidsynth import RENDER_WORKERS, SAMPLE_RATE, render_cost, render_track, song_samples
from engine.score import Score

DEFAULT_MIX_FORMATS: tuple[Format, ...] = ("mp3", "wav24", "wav16")
MIX_FILENAMES: dict[Format, str] = {
    "mp3": "mix.mp3",
    "wav24": "mix.wav",
    "wav16": "mix-16bit.wav",
    "flac": "mix.flac",
    "ogg": "mix.ogg",
}
STEM_PEAK_CEILING = 10.0 ** (-1.0 / 20.0)  # stems are written at most at -1 dBFS sample peak
ENCODE_WORKERS = 2  # ffmpeg runs in subprocesses; two at a time suit a small server

# Share of the whole job the staged render stands for in progress reports (encoding is the rest).
_RENDER_SHARE, _MASTER_AT = 0.6, 0.75


@dataclass(frozen=True)
class StemFile:
    index: int
    name: str
    instrument: str
    role: str
    path: Path
    peaks: list[float]  # waveform overview of the file's audio, 0..1
    peak_dbfs: float


@dataclass(frozen=True)
class ProducedSong:
    out_dir: Path
    stems: tuple[StemFile, ...]
    mixes: dict[str, Path]  # format -> file
    midi: Path
    integrated_lufs: float
    true_peak_dbtp: float
    duration_seconds: float
    sample_rate: int
    mix_peaks: list[float]
    stem_gain_db: float  # gain applied to every stem file so none clips (mix levels are unaffected)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage

    @property
    def mix_mp3(self) -> Path:
        return self.mixes["mp3"]

    @property
    def mix_wav24(self) -> Path:
        return self.mixes["wav24"]

    @property
    def mix_wav16(self) -> Path:
        return self.mixes["wav16"]


def stem_slug(name: str) -> str:
    """File-name-safe form of a track name: 'Piano (chords)' -> 'piano-chords'."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug or "track"


def stem_filename(index: int, name: str) -> str:
    return f"{index + 1:02d}-{stem_slug(name)}.flac"


def render_stems(
    score: Score, *, soundfont: Path | None = None, progress: Progress | None = None
) -> list[Audio]:
    """Render every track to a dry stem of `song_samples(score)` samples, reporting after each."""
    total = song_samples(score)
    tracks = score.tracks
    costliest_first = sorted(range(len(tracks)), key=lambda index: -render_cost(tracks[index], score))
    with ThreadPoolExecutor(max_workers=RENDER_WORKERS, thread_name_prefix="render") as pool:
        submitted = {
            index: pool.submit(render_track, tracks[index], score, total_samples=total, soundfont=soundfont)
            for index in costliest_first
        }
        jobs = [submitted[index] for index in range(len(tracks))]
        stems: list[Audio] = []
        for index, (track, job) in enumerate(zip(score.tracks, jobs, strict=True)):
            stems.append(job.result())
            report_progress(progress, f"render:{track.name}", _RENDER_SHARE * (index + 1) / len(score.tracks))
    return stems


def default_mixes(score: Score) -> list[TrackMix]:
    return [default_track_mix(track.role) for track in score.tracks]


def stem_file_gain(stems: Sequence[Audio]) -> float:
    """One gain for all stem files so the loudest stem peaks at most at -1 dBFS (never a boost)."""
    loudest = max((peak_magnitude(stem) for stem in stems), default=0.0)
    return 1.0 if loudest <= STEM_PEAK_CEILING else STEM_PEAK_CEILING / loudest


def encode_stem(audio: Audio, path: Path) -> tuple[Path, float, list[float]]:
    """One wet stem as a FLAC file (scaled down only if it would clip): the path, that gain in dB (kept for
    playback) and the file's waveform peaks. Read a block at a time: a memory-mapped stem stays mapped."""
    gain = stem_file_gain([audio])
    encoded = encode(audio, path, "flac", gain=gain)
    return encoded, 20 * math.log10(gain), waveform_peaks(audio, gain=gain)


def mix_and_master(stems: Sequence[Audio], mixes: Sequence[TrackMix]) -> MasterResult:
    return master(mix_stems(stems, mixes))


def write_midi(score: Score, path: Path) -> Path:
    with atomic_write(path) as out:
        out.write(score_to_midi(score))
    return path


def mix_filename(fmt: Format) -> str:
    return MIX_FILENAMES[fmt]


def encode_mix(audio: Audio, path: Path, fmt: Format) -> Path:
    """The master in one format: WAV/FLAC as it is, MP3 (192 kbps) and Ogg Vorbis checked after encoding."""
    if fmt in LOSSY_FORMATS:
        return lossy_delivery(audio, path, fmt).path
    return encode(audio, path, fmt)


def produce(
    score: Score,
    out_dir: Path,
    *,
    soundfont: Path | None = None,
    formats: Sequence[Format] = DEFAULT_MIX_FORMATS,
    mixes: Sequence[TrackMix] | None = None,
    progress: Progress | None = None,
) -> ProducedSong:
    """Render, mix, master and encode a score into `out_dir` (see the module docstring for the layout)."""
    if not score.tracks:
        raise ValueError("The score has no tracks to render.")
    if len(set(formats)) != len(formats) or any(fmt not in MIX_FILENAMES for fmt in formats):
        raise ValueError(f"Mix formats must be distinct, from: {', '.join(MIX_FILENAMES)}.")
    state = initial_state(score, mixes=list(mixes) if mixes is not None else default_mixes(score))
    rendered = render_state(
        state,
        MemoryStageCache(),
        soundfont=soundfont,
        progress=lambda stage, fraction: report_progress(progress, stage, _MASTER_AT * fraction),
    )
    timings = dict(rendered.timings)
    stems = [rendered.stems[track_id] for track_id in state.track_ids]
    mastered = rendered.master
    stem_dir = out_dir / "stems"
    gain = stem_file_gain(stems)
    encode_started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=ENCODE_WORKERS, thread_name_prefix="encode") as pool:
        jobs: list[Future[Path]] = [
            pool.submit(encode, stem, stem_dir / stem_filename(index, track.name), "flac", gain=gain)
            for index, (track, stem) in enumerate(zip(score.tracks, stems, strict=True))
        ]
        mix_jobs = {
            fmt: pool.submit(encode_mix, mastered.audio, out_dir / mix_filename(fmt), fmt) for fmt in formats
        }
        midi_path = write_midi(score, out_dir / "song.mid")
        all_jobs = [*jobs, *mix_jobs.values()]
        for done, job in enumerate(all_jobs, start=1):
            job.result()
            report_progress(progress, "encode", _MASTER_AT + (1.0 - _MASTER_AT) * done / len(all_jobs))
    timings["encode"] = time.perf_counter() - encode_started
    timings["total"] = timings.get("total", 0.0) + timings["encode"]
    stem_files = tuple(
        StemFile(
            index=index,
            name=track.name,
            instrument=track.instrument,
            role=str(track.role),
            path=job.result(),
            peaks=waveform_peaks(stem, gain=gain),
            peak_dbfs=_dbfs(peak_magnitude(stem, gain=gain)),
        )
        for index, (track, stem, job) in enumerate(zip(score.tracks, stems, jobs, strict=True))
    )
    return ProducedSong(
        out_dir=out_dir,
        stems=stem_files,
        mixes={fmt: job.result() for fmt, job in mix_jobs.items()},
        midi=midi_path,
        integrated_lufs=mastered.integrated_lufs,
        true_peak_dbtp=mastered.true_peak_dbtp,
        duration_seconds=mastered.audio.shape[1] / SAMPLE_RATE,
        sample_rate=SAMPLE_RATE,
        mix_peaks=waveform_peaks(mastered.audio),
        stem_gain_db=_dbfs(gain),
        timings=timings,
    )


def _dbfs(value: float) -> float:
    return 20.0 * math.log10(value) if value > 0 else -math.inf
