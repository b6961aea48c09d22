"""The melody transformer in PyTorch: a small pre-LayerNorm GPT over the event vocabulary.

engine/compose/model/transformer.py is the same forward pass in numpy; `export_weights` writes the
parameter names both sides agree on.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F  # noqa: N812

from engine.compose.model import vocab


@dataclass(frozen=True)
class Config:
    vocab_size: int = len(vocab.TOKENS)
    context: int = 256
    d_model: int = 128
    layers: int = 4
    heads: int = 4
    d_ff: int = 512
    dropout: float = 0.1


class Block(nn.Module):
    def __init__(self, config: Config) -> None:
        super().__init__()
        self.heads = config.heads
        self.ln1 = nn.LayerNorm(config.d_model)
        self.qkv = nn.Linear(config.d_model, 3 * config.d_model)
        self.out = nn.Linear(config.d_model, config.d_model)
        self.ln2 = nn.LayerNorm(config.d_model)
        self.ff_in = nn.Linear(config.d_model, config.d_ff)
        self.ff_out = nn.Linear(config.d_ff, config.d_model)
        self.dropout = nn.Dropout(config.dropout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        batch, length, width = x.shape
        q, k, v = self.qkv(self.ln1(x)).split(width, dim=2)
        shape = (batch, length, self.heads, width // self.heads)
        q, k, v = (t.view(shape).transpose(1, 2) for t in (q, k, v))
        drop = self.dropout.p if self.training else 0.0
        attended = F.scaled_dot_product_attention(q, k, v, is_causal=True, dropout_p=drop)
        x = x + self.dropout(self.out(attended.transpose(1, 2).reshape(batch, length, width)))
        hidden = F.gelu(self.ff_in(self.ln2(x)), approximate="tanh")
        return x + self.dropout(self.ff_out(hidden))


class MelodyTransformer(nn.Module):
    def __init__(self, config: Config) -> None:
        super().__init__()
        self.config = config
        self.wte = nn.Embedding(config.vocab_size, config.d_model)
        self.wpe = nn.Embedding(config.context, config.d_model)
        self.blocks = nn.ModuleList(Block(config) for _ in range(config.layers))
        self.ln_f = nn.LayerNorm(config.d_model)
        self.dropout = nn.Dropout(config.dropout)
        self.apply(self._init)
        for block in self.blocks:  # GPT-2's scaled init of the residual projections
            for linear in (block.out, block.ff_out):
                nn.init.normal_(linear.weight, std=0.02 / math.sqrt(2 * config.layers))

    @staticmethod
    def _init(module: nn.Module) -> None:
        if isinstance(module, nn.Linear):
            nn.init.normal_(module.weight, std=0.02)
            nn.init.zeros_(module.bias)
        elif isinstance(module, nn.Embedding):
            nn.init.normal_(module.weight, std=0.02)

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        positions = torch.arange(tokens.shape[1], device=tokens.device)
        x = self.dropout(self.wte(tokens) + self.wpe(positions))
        for block in self.blocks:
            x = block(x)
        return self.ln_f(x) @ self.wte.weight.T  # output projection tied to the embedding


def export_weights(
    model: MelodyTransformer, path: Path, reference: list[int], meta: dict[str, object]
) -> None:
    """Write the weights (float32) with the config, the vocabulary and a reference input + torch logits."""
    model.eval()
    arrays: dict[str, np.ndarray] = {}

    def put(name: str, tensor: torch.Tensor) -> None:
        arrays[name] = tensor.detach().cpu().numpy().astype(np.float32)

    put("wte", model.wte.weight)
    put("wpe", model.wpe.weight)
    for i, block in enumerate(model.blocks):
        put(f"h{i}.ln1.g", block.ln1.weight)
        put(f"h{i}.ln1.b", block.ln1.bias)
        put(f"h{i}.qkv.w", block.qkv.weight.T)
        put(f"h{i}.qkv.b", block.qkv.bias)
        put(f"h{i}.out.w", block.out.weight.T)
        put(f"h{i}.out.b", block.out.bias)
        put(f"h{i}.ln2.g", block.ln2.weight)
        put(f"h{i}.ln2.b", block.ln2.bias)
        put(f"h{i}.ff_in.w", block.ff_in.weight.T)
        put(f"h{i}.ff_in.b", block.ff_in.bias)
        put(f"h{i}.ff_out.w", block.ff_out.weight.T)
        put(f"h{i}.ff_out.b", block.ff_out.bias)
    put("ln_f.g", model.ln_f.weight)
    put("ln_f.b", model.ln_f.bias)
    with torch.no_grad():
        logits = model(torch.tensor([reference], dtype=torch.long))[0]
    config = {k: v for k, v in asdict(model.config).items() if k != "dropout"}
    np.savez(
        path,
        config=np.asarray(json.dumps(config)),
        vocabulary=np.asarray(json.dumps(list(vocab.TOKENS))),
        meta=np.asarray(json.dumps(meta)),
        reference_tokens=np.asarray(reference, dtype=np.int32),
        reference_logits=logits.numpy().astype(np.float32),
        **arrays,
    )
