"""Train the melody transformer on CPU within a wall-clock budget and export it for the engine.

Run with `nice -n 19 python -m training.train --steps 3000 --minutes 55`. The learning rate follows a cosine
over the run's progress: steps done out of `--steps`, or the elapsed share of the `--minutes` cap when that is
further along (a slower or busier machine then trains fewer steps rather than longer).
"""

from __future__ import annotations

import argparse
import json
import math
import time
from pathlib import Path

import numpy as np
import torch
from torch.nn import functional as F  # noqa: N812

from engine.compose.model import vocab
from training.dataset import DATA, Split, chunks, crop
from training.model import Config, MelodyTransformer, export_weights

EXPORT = Path(__file__).parent.parent / "engine" / "compose" / "model" / "melody.npz"
CHECKPOINT = DATA / "melody.pt"


def evaluate_nll(model: MelodyTransformer, split: Split, context: int, limit: int = 0) -> float:
    """Mean NLL (nats per token) over every token after the prefix of the split's bar-aligned chunks."""
    model.eval()
    total, count = 0.0, 0
    pieces = [c for tune in split.tunes for c in chunks(tune, context)]
    if limit:
        pieces = pieces[:limit]
    with torch.no_grad():
        for start in range(0, len(pieces), 64):
            batch = pieces[start : start + 64]
            width = max(len(p) for p in batch)
            tokens = torch.full((len(batch), width), vocab.PAD, dtype=torch.long)
            for row, piece in enumerate(batch):
                tokens[row, : len(piece)] = torch.from_numpy(piece)
            logits = model(tokens[:, :-1])
            targets = tokens[:, 1:].clone()
            targets[:, :1] = vocab.PAD  # the prefix's second token is conditioning, not scored
            loss = F.cross_entropy(
                logits.reshape(-1, logits.shape[-1]), targets.reshape(-1), reduction="none"
            )
            mask = targets.reshape(-1) != vocab.PAD
            total += float(loss[mask].sum())
            count += int(mask.sum())
    model.train()
    return total / count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--minutes", type=float, default=25.0, help="wall-clock cap")
    parser.add_argument("--steps", type=int, default=0, help="stop after this many steps (0: run to the cap)")
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    config = Config()
    model = MelodyTransformer(config)
    params = sum(p.numel() for p in model.parameters())
    print(f"{params:,} parameters", flush=True)
    train, valid = Split.load("train"), Split.load("valid")
    lengths = np.array([len(t) for t in train.tunes], dtype=np.float64)
    weights = lengths / lengths.sum()  # sample tunes by length: every token about equally often
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2 and "wpe" not in n]
    rest = [p for n, p in model.named_parameters() if not (p.dim() >= 2 and "wpe" not in n)]
    optimiser = torch.optim.AdamW(
        [{"params": decay, "weight_decay": 0.05}, {"params": rest, "weight_decay": 0.0}],
        lr=args.lr,
        betas=(0.9, 0.98),
    )
    budget = args.minutes * 60.0
    started = time.time()
    step, seen, log_loss = 0, 0, 0.0
    # Progress through the run: by steps, or by the wall clock where that runs out first (a busy machine).
    while (progress := max((elapsed := time.time() - started) / budget, step / (args.steps or math.inf))) < 1:
        scale = min(1.0, progress / 0.04) * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * progress)))
        for group in optimiser.param_groups:
            group["lr"] = args.lr * scale
        picks = rng.choice(len(train.tunes), size=args.batch, p=weights)
        batch = torch.from_numpy(np.stack([crop(train.tunes[i], config.context + 1, rng) for i in picks]))
        inputs, targets = batch[:, :-1], batch[:, 1:].clone()
        targets[:, :1] = vocab.PAD
        logits = model(inputs)
        loss = F.cross_entropy(
            logits.reshape(-1, logits.shape[-1]), targets.reshape(-1), ignore_index=vocab.PAD
        )
        optimiser.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimiser.step()
        step += 1
        seen += int((targets != vocab.PAD).sum())
        log_loss += float(loss.detach())
        if step % 50 == 0:
            print(
                f"step {step} {elapsed / 60:.1f} min lr {args.lr * scale:.2e} "
                f"loss {log_loss / 50:.3f} tokens {seen:,}",
                flush=True,
            )
            log_loss = 0.0
        if step % 400 == 0:
            print(f"  valid nll {evaluate_nll(model, valid, config.context, limit=300):.4f}", flush=True)
    minutes = (time.time() - started) / 60
    valid_nll = evaluate_nll(model, valid, config.context)
    print(f"done: {step} steps, {seen:,} tokens, {minutes:.1f} min, valid nll {valid_nll:.4f}", flush=True)
    torch.save(model.state_dict(), CHECKPOINT)
    reference = [int(t) for t in valid.tunes[0][:48]]
    meta = {
        "parameters": params,
        "steps": step,
        "train_tokens_seen": seen,
        "train_minutes": round(minutes, 1),
        "threads": args.threads,
        "valid_nll": round(valid_nll, 4),
        "batch": args.batch,
        "lr": args.lr,
    }
    export_weights(model, EXPORT, reference, meta)
    print(json.dumps(meta), flush=True)


if __name__ == "__main__":
    main()
