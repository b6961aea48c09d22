"""Spotify's Basic Pitch note model (ONNX, shipped inside the basic-pitch wheel) run with onnxruntime.

Only the model file is used: the package's Python code needs TensorFlow and librosa, so windowing and
resampling are done here with numpy/scipy. The session is loaded once per process; nothing is downloaded.
"""

from __future__ import annotations

import importlib.util
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.signal import resample_poly

from engine.errors import AudioToolError

MODEL_SAMPLE_RATE = 22050
FFT_HOP = 256  # samples per output frame
FRAMES_PER_SECOND = MODEL_SAMPLE_RATE / FFT_HOP
WINDOW_SAMPLES = 2 * MODEL_SAMPLE_RATE - FFT_HOP  # the model's fixed input length (43844)
WINDOW_FRAMES = 172  # output frames per window (frame i is centred on sample i * FFT_HOP)
OVERLAP_FRAMES = 30  # frames each window shares with the next; half of them dropped at each side
LOWEST_MIDI = 21  # bin 0 of the note outputs is A0
NOTE_BINS = 88
_MODEL_FILE = Path("saved_models") / "icassp_2022" / "nmp.onnx"
# Note (frame), onset and pitch-contour activations; contour bins are a third of a semitone, bin 1 = A0.
_OUTPUTS = ("StatefulPartitionedCall:1", "StatefulPartitionedCall:2", "StatefulPartitionedCall:0")
CONTOUR_BINS_PER_SEMITONE = 3
_BATCH = 8

Floats = npt.NDArray[np.float32]

MODEL_MISSING = "The melody transcription model is not installed (pip install --no-deps basic-pitch)."


@dataclass(frozen=True)
class Activations:
    """Per-frame probabilities, shape (frames, 88): a note sounding, a note starting (bin 0 = MIDI 21);
    and the pitch contour, shape (frames, 264), in thirds of a semitone."""

    frames: Floats
    onsets: Floats
    contours: Floats

    @property
    def frame_count(self) -> int:
        return int(self.frames.shape[0])


def model_path() -> Path:
    """Where the basic-pitch wheel put its ONNX model (found without importing the package)."""
    spec = importlib.util.find_spec("basic_pitch")
    if spec is None or not spec.submodule_search_locations:
        raise AudioToolError(MODEL_MISSING)
    path = Path(next(iter(spec.submodule_search_locations))) / _MODEL_FILE
    if not path.is_file():
        raise AudioToolError(MODEL_MISSING)
    return path


class _NoteModel:
    """One onnxruntime session; run() is serialised because the session is shared by job threads."""

    def __init__(self, path: Path) -> None:
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self._session: Any = onnxruntime.InferenceSession(
            str(path), sess_options=options, providers=["CPUExecutionProvider"]
        )
        self._input = self._session.get_inputs()[0].name
        self._lock = threading.Lock()

    def run(self, windows: Floats) -> tuple[Floats, Floats, Floats]:
        with self._lock:
            outputs = self._session.run(list(_OUTPUTS), {self._input: windows[..., np.newaxis]})
        frames, onsets, contours = (np.asarray(out, dtype=np.float32) for out in outputs)
        return frames, onsets, contours


@lru_cache(maxsize=1)
def note_model() -> _NoteModel:
    """The process's note model, loaded on first use."""
    return _NoteModel(model_path())


def to_model_rate(audio: Floats, sample_rate: int) -> Floats:
    """(channels, n) or (n,) float audio -> mono float32 at the model's 22.05 kHz."""
    mono = audio.mean(axis=0) if audio.ndim == 2 else audio
    if sample_rate != MODEL_SAMPLE_RATE:
        divisor = np.gcd(sample_rate, MODEL_SAMPLE_RATE)
        mono = resample_poly(mono, MODEL_SAMPLE_RATE // divisor, sample_rate // divisor)
    return np.ascontiguousarray(mono, dtype=np.float32)


def activations(mono: Floats) -> Activations:
    """Run the model over overlapping 2 s windows of mono 22.05 kHz audio and stitch the outputs.

    The signal is delayed by half an overlap so that the first kept frame is the signal's frame 0; each
    window keeps its middle frames. Windows advance by a whole number of frames, so kept frame j of
    window w is the signal's frame w * step + j, exactly (no drift correction needed).
    """
    if mono.ndim != 1 or mono.size == 0:
        raise AudioToolError("Audio to transcribe must be a non-empty mono signal.")
    half = OVERLAP_FRAMES // 2
    step = WINDOW_FRAMES - OVERLAP_FRAMES  # frames kept per window
    hop = step * FFT_HOP
    total_frames = int(np.ceil(mono.size / FFT_HOP))
    padded = np.concatenate([np.zeros(half * FFT_HOP, dtype=np.float32), mono])
    count = max(1, int(np.ceil(total_frames / step)))
    padded = np.pad(padded, (0, count * hop + WINDOW_SAMPLES - padded.size))
    starts = np.arange(count) * hop
    model = note_model()
    kept: tuple[list[Floats], list[Floats], list[Floats]] = ([], [], [])
    for first in range(0, count, _BATCH):
        batch = np.stack([padded[s : s + WINDOW_SAMPLES] for s in starts[first : first + _BATCH]])
        for out, collected in zip(model.run(batch), kept, strict=True):
            collected.extend(out[:, half : half + step])
    frames, onsets, contours = (np.concatenate(collected)[:total_frames] for collected in kept)
    return Activations(frames=frames, onsets=onsets, contours=contours)
