"""The melody transformer's forward pass in numpy, with a key/value cache for token-by-token sampling.

Mirrors training/model.py (pre-LayerNorm GPT, learned positions, tanh-GELU, output tied to the
embedding); the weights file carries a reference input and PyTorch's logits to check the two agree.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from engine.compose.model import vocab

WEIGHTS = Path(__file__).parent / "melody.npz"
Array = npt.NDArray[np.float32]


@dataclass(frozen=True)
class Layer:
    ln1_g: Array
    ln1_b: Array
    qkv_w: Array
    qkv_b: Array
    out_w: Array
    out_b: Array
    ln2_g: Array
    ln2_b: Array
    ff_in_w: Array
    ff_in_b: Array
    ff_out_w: Array
    ff_out_b: Array


@dataclass(frozen=True)
class MelodyModel:
    """Weights and shape of the trained model; `start()` opens an incremental decoding state."""

    context: int
    heads: int
    wte: Array
    wpe: Array
    layers: tuple[Layer, ...]
    lnf_g: Array
    lnf_b: Array
    meta: dict[str, object]
    reference_tokens: npt.NDArray[np.int32]
    reference_logits: Array

    @classmethod
    def load(cls, path: Path) -> MelodyModel:
        with np.load(path) as data:
            config = json.loads(str(data["config"]))
            if json.loads(str(data["vocabulary"])) != list(vocab.TOKENS):
                raise ValueError(f"{path} was trained on another vocabulary.")

            def get(name: str) -> Array:
                return np.ascontiguousarray(data[name], dtype=np.float32)

            layers = tuple(
                Layer(*(get(f"h{i}.{name}") for name in _LAYER_NAMES)) for i in range(config["layers"])
            )
            return cls(
                context=int(config["context"]),
                heads=int(config["heads"]),
                wte=get("wte"),
                wpe=get("wpe"),
                layers=layers,
                lnf_g=get("ln_f.g"),
                lnf_b=get("ln_f.b"),
                meta=json.loads(str(data["meta"])),
                reference_tokens=data["reference_tokens"].astype(np.int32),
                reference_logits=get("reference_logits"),
            )

    def start(self) -> DecodingState:
        return DecodingState(self)

    def logits(self, tokens: npt.ArrayLike) -> Array:
        """Logits after every token of a sequence (no cache kept): for checks and scoring."""
        return self.start().feed(np.asarray(tokens, dtype=np.int64))


_LAYER_NAMES = (
    "ln1.g",
    "ln1.b",
    "qkv.w",
    "qkv.b",
    "out.w",
    "out.b",
    "ln2.g",
    "ln2.b",
    "ff_in.w",
    "ff_in.b",
    "ff_out.w",
    "ff_out.b",
)


def _layer_norm(x: Array, gain: Array, bias: Array) -> Array:
    width = x.shape[-1]
    centred = x - x.sum(axis=-1, keepdims=True) / width
    variance = (centred * centred).sum(axis=-1, keepdims=True) / width
    out: Array = centred / np.sqrt(variance + 1e-5) * gain + bias
    return out


def _norm(x: Array, gain: Array, bias: Array) -> Array:
    """LayerNorm of one vector (np.mean's overhead dominates at this size, so sums and a dot)."""
    centred = x - x.sum() / x.shape[0]
    scale = np.float32(1.0 / np.sqrt(np.dot(centred, centred) / x.shape[0] + 1e-5))
    out: Array = centred * (gain * scale) + bias
    return out


def _gelu(x: Array) -> Array:
    inner = np.float32(0.7978845608028654) * (x + np.float32(0.044715) * x * x * x)
    out: Array = (np.float32(0.5) * x * (np.float32(1.0) + np.tanh(inner))).astype(np.float32, copy=False)
    return out


class DecodingState:
    """Keys and values of every token fed so far; `feed` appends tokens and returns their logits."""

    def __init__(self, model: MelodyModel) -> None:
        self.model = model
        width = model.wte.shape[1]
        shape = (len(model.layers), model.heads, model.context, width // model.heads)
        self.keys = np.zeros(shape, dtype=np.float32)
        self.values = np.zeros(shape, dtype=np.float32)
        self.length = 0
        self._scale = np.float32(1.0 / np.sqrt(width // model.heads))

    def step(self, token: int) -> Array:
        """Logits of the next token after feeding one: the sampling loop's fast path."""
        model = self.model
        position = self.length
        if position >= model.context:
            raise ValueError("The decoding state is full; start a new one with a shorter prompt.")
        heads, width = model.heads, model.wte.shape[1]
        size = width // heads
        end = position + 1
        x = model.wte[token] + model.wpe[position]
        for index, layer in enumerate(model.layers):
            qkv = _norm(x, layer.ln1_g, layer.ln1_b) @ layer.qkv_w + layer.qkv_b
            q = qkv[:width].reshape(heads, size, 1)
            self.keys[index, :, position] = qkv[width : 2 * width].reshape(heads, size)
            self.values[index, :, position] = qkv[2 * width :].reshape(heads, size)
            scores = (self.keys[index, :, :end] @ q)[:, :, 0] * self._scale
            scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
            scores /= scores.sum(axis=-1, keepdims=True)
            attended = (scores[:, None, :] @ self.values[index, :, :end]).reshape(width)
            x = x + attended @ layer.out_w + layer.out_b
            hidden = _gelu(_norm(x, layer.ln2_g, layer.ln2_b) @ layer.ff_in_w + layer.ff_in_b)
            x = x + hidden @ layer.ff_out_w + layer.ff_out_b
        logits: Array = _norm(x, model.lnf_g, model.lnf_b) @ model.wte.T
        self.length = end
        return logits

    def feed(self, tokens: npt.NDArray[np.int64]) -> Array:
        """Logits (len(tokens), vocabulary) for each new token given everything fed before it."""
        model = self.model
        count = len(tokens)
        if self.length + count > model.context:
            raise ValueError("The decoding state is full; start a new one with a shorter prompt.")
        start, end = self.length, self.length + count
        heads, width = model.heads, model.wte.shape[1]
        size = width // heads
        x = model.wte[tokens] + model.wpe[start:end]
        # Causal mask over the new tokens; everything cached before them is visible.
        mask = np.triu(np.full((count, end), -np.inf, dtype=np.float32), k=start + 1) if count > 1 else None
        for index, layer in enumerate(model.layers):
            qkv = _layer_norm(x, layer.ln1_g, layer.ln1_b) @ layer.qkv_w + layer.qkv_b
            q, k, v = (qkv[:, i * width : (i + 1) * width].reshape(count, heads, size) for i in range(3))
            self.keys[index, :, start:end] = k.transpose(1, 0, 2)
            self.values[index, :, start:end] = v.transpose(1, 0, 2)
            keys, values = self.keys[index, :, :end], self.values[index, :, :end]
            scores = q.transpose(1, 0, 2) @ keys.transpose(0, 2, 1) * self._scale
            if mask is not None:
                scores += mask
            scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
            scores /= scores.sum(axis=-1, keepdims=True)
            attended = (scores @ values).transpose(1, 0, 2).reshape(count, width)
            x = x + attended @ layer.out_w + layer.out_b
            hidden = _gelu(_layer_norm(x, layer.ln2_g, layer.ln2_b) @ layer.ff_in_w + layer.ff_in_b)
            x = x + hidden @ layer.ff_out_w + layer.ff_out_b
        logits: Array = _layer_norm(x, model.lnf_g, model.lnf_b) @ model.wte.T
        self.length = end
        return logits


@lru_cache(maxsize=1)
def melody_model() -> MelodyModel:
    """The committed model, loaded once per process."""
    return MelodyModel.load(WEIGHTS)


@lru_cache(maxsize=1)
def model_version() -> str:
    """A short digest of the shipped weights and harmony counts: part of a composed song's cache key."""
    digest = hashlib.sha256(WEIGHTS.read_bytes())
    digest.update((WEIGHTS.parent / "progressions.json").read_bytes())
    return digest.hexdigest()[:16]
