#!/usr/bin/env python3
"""PyTorch reference for `rnnlab lm --model transformer`: the same model, protocol and data, one CPU thread.

TRANSFORMER_PROTOCOL of src/lm/protocol.ts: character level on data/tinyshakespeare/input.txt, the first
90% trains, the last 10% validates; a decoder-only pre-norm Transformer — width 128, 4 heads, 2 blocks,
feed-forward 512 with ReLU, sinusoidal positions, context 64, final layer norm; weights N(0, 0.02²),
biases 0, no bias on the Q, K, V projections; batch 32 random windows of 64; Adam 1e-3 with a linear
warm-up over 100 steps; gradients clipped at norm 1. Validation: mean cross-entropy over all non-
overlapping 256-character windows, each scored by windows of the context moved half a context at a time
(every character scored once, with at least 32 characters of context), as src/lm/transformer-model.ts.

    /usr/bin/python3 bench/torch_transformer.py --seconds 180 [--context 64] [--steps N] [--seed 0]
    /usr/bin/python3 bench/torch_transformer.py --time-lengths 32,64,128,256,512 [--repeats 3]
"""
import argparse
import json
import math
import os
import random
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

D, HEADS, LAYERS, FFN, LR, WARMUP, CLIP, B = 128, 4, 2, 512, 1e-3, 100, 1.0, 32


def sinusoid(n, d):
    t = torch.arange(n, dtype=torch.float64)[:, None]
    i2 = (torch.arange(d) - torch.arange(d) % 2).to(torch.float64)
    angle = t / torch.pow(10000.0, i2 / d)
    P = torch.where(torch.arange(d) % 2 == 0, torch.sin(angle), torch.cos(angle))
    return P.to(torch.float32)


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(D), nn.LayerNorm(D)
        self.q, self.k, self.v = (nn.Linear(D, D, bias=False) for _ in range(3))
        self.o = nn.Linear(D, D)
        self.w1, self.w2 = nn.Linear(D, FFN), nn.Linear(FFN, D)

    def forward(self, x, mask):
        b, t, _ = x.shape
        h = self.ln1(x)
        split = lambda m: m(h).view(b, t, HEADS, D // HEADS).transpose(1, 2)  # [b, heads, t, d_k]
        q, k, v = split(self.q), split(self.k), split(self.v)
        s = (q @ k.transpose(-1, -2)) / math.sqrt(D // HEADS)
        a = torch.softmax(s.masked_fill(mask[:t, :t], float("-inf")), dim=-1)
        z = x + self.o((a @ v).transpose(1, 2).reshape(b, t, D))  # Z = X + MHA(LN_1(X))
        return z + self.w2(F.relu(self.w1(self.ln2(z))))  # Y = Z + FFN(LN_2(Z))


class TransformerLM(nn.Module):
    def __init__(self, V, context):
        super().__init__()
        self.emb = nn.Embedding(V, D)
        self.register_buffer("P", sinusoid(context, D))
        self.register_buffer("mask", torch.triu(torch.ones(context, context, dtype=torch.bool), 1))
        self.blocks = nn.ModuleList(Block() for _ in range(LAYERS))
        self.lnf = nn.LayerNorm(D)
        self.out = nn.Linear(D, V)
        for n, p in self.named_parameters():
            if n.endswith("bias"):
                nn.init.zeros_(p)
            elif "ln" not in n:
                nn.init.normal_(p, 0.0, 0.02)

    def forward(self, x):
        h = self.emb(x) + self.P[: x.shape[1]]
        for blk in self.blocks:
            h = blk(h, self.mask)
        return self.out(self.lnf(h))


def sliding_loss(model, x, y, context):
    """Σ CE and count over [b, W] windows, scored by context-long windows moved context/2 at a time."""
    W, stride, total, count, scored, s = x.shape[1], max(1, context // 2), 0.0, 0, 0, 0
    while scored < W:
        start = min(s, W - context)
        logits = model(x[:, start:start + context])
        yy = y[:, start:start + context].clone()
        yy[:, : max(0, scored - start)] = -1
        total += F.cross_entropy(logits.reshape(-1, logits.shape[-1]), yy.reshape(-1), ignore_index=-1, reduction="sum").item()
        count += int((yy >= 0).sum())
        scored, s = start + context, s + stride
    return total, count


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=180)
    ap.add_argument("--steps", type=int, default=0, help="stop after this many steps instead (0: use --seconds)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--context", type=int, default=64)
    ap.add_argument("--time-lengths", default="", help="comma-separated lengths: time training steps of 2048 tokens instead")
    ap.add_argument("--repeats", type=int, default=3)
    a = ap.parse_args()
    torch.set_num_threads(1)
    torch.set_num_interop_threads(1)
    torch.manual_seed(a.seed)
    random.seed(a.seed + 1)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    text = open(os.path.join(root, "data", "tinyshakespeare", "input.txt"), encoding="utf-8").read()
    chars = sorted(set(text))
    index = {c: i for i, c in enumerate(chars)}
    ids = torch.tensor([index[c] for c in text], dtype=torch.long)
    cut = int(len(ids) * 0.9)
    train, val = ids[:cut], ids[cut:]
    V, T = len(chars), a.context

    if a.time_lengths:
        rows = []
        for L in [int(s) for s in a.time_lengths.split(",")]:
            model = TransformerLM(V, L)
            opt = torch.optim.Adam(model.parameters(), lr=LR)
            b = max(1, 2048 // L)
            x = torch.randint(V, (b, L))
            times = []
            for r in range(a.repeats + 1):
                t0 = time.perf_counter()
                loss = F.cross_entropy(model(x).reshape(-1, V), x.reshape(-1))
                opt.zero_grad()
                loss.backward()
                opt.step()
                if r > 0:
                    times.append(time.perf_counter() - t0)
            rows.append({"length": L, "batch": b, "stepSeconds": min(times)})
        print(json.dumps({"impl": "pytorch " + torch.__version__, "rows": rows}))
        return

    model = TransformerLM(V, T)
    opt = torch.optim.Adam(model.parameters(), lr=LR)
    t0, c0, steps, recent = time.perf_counter(), time.process_time(), 0, []
    while (steps < a.steps) if a.steps > 0 else (time.perf_counter() - t0 < a.seconds):
        for g in opt.param_groups:
            g["lr"] = LR * min(1.0, (steps + 1) / WARMUP)  # η·min(1, s/warmup)
        starts = [random.randrange(len(train) - T - 1) for _ in range(B)]
        x = torch.stack([train[s:s + T] for s in starts])
        y = torch.stack([train[s + 1:s + T + 1] for s in starts])
        loss = F.cross_entropy(model(x).reshape(-1, V), y.reshape(-1))
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), CLIP)
        opt.step()
        steps += 1
        recent = (recent + [loss.item()])[-50:]
    seconds, cpu_seconds = time.perf_counter() - t0, time.process_time() - c0
    W = 256
    starts = list(range(0, len(val) - W, W))
    total, count = 0.0, 0
    with torch.no_grad():
        for i in range(0, len(starts), 32):
            g = starts[i:i + 32]
            x = torch.stack([val[s:s + W] for s in g])
            y = torch.stack([val[s + 1:s + W + 1] for s in g])
            s_, c_ = sliding_loss(model, x, y, T)
            total, count = total + s_, count + c_
    val_loss = total / count
    print(json.dumps({"steps": steps, "seconds": seconds, "cpuSeconds": cpu_seconds, "trainLoss": sum(recent) / len(recent), "valLoss": val_loss,
                      "valPerplexity": math.exp(val_loss), "numParams": sum(p.numel() for p in model.parameters()), "context": T,
                      "torch": torch.__version__}))


if __name__ == "__main__":
    main()
