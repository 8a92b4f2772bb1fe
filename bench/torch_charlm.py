#!/usr/bin/env python3
"""PyTorch reference for `rnnlab lm`: the same protocol, same data, one CPU thread, same time budget.

Character level on data/tinyshakespeare/input.txt; the first 90% trains, the last 10% validates;
validation loss = mean cross-entropy over all non-overlapping 256-character windows of the validation
text (zero initial state each); embedding 64, one LSTM layer of 256, batch 32, 64 steps, Adam 2e-3,
clipping at norm 5, random windows. Prints one JSON line with steps, trainLoss, valLoss, valPerplexity.

    /usr/bin/python3 bench/torch_charlm.py --seconds 180 [--corpus tinyshakespeare|timemachine] [--cell lstm|gru|rnn] [--threads 1]
"""
import argparse
import json
import math
import os
import random
import time

import torch


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=180)
    ap.add_argument("--steps", type=int, default=0, help="stop after this many steps instead (0: use --seconds)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--corpus", choices=["tinyshakespeare", "timemachine"], default="tinyshakespeare")
    ap.add_argument("--cell", choices=["lstm", "gru", "rnn"], default="lstm")
    ap.add_argument("--threads", type=int, default=1, help="torch.set_num_threads (default 1)")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(a.seed)
    random.seed(a.seed + 1)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    file = {"tinyshakespeare": "input.txt", "timemachine": "timemachine.txt"}[a.corpus]
    text = open(os.path.join(root, "data", a.corpus, file), encoding="utf-8").read()
    chars = sorted(set(text))
    index = {c: i for i, c in enumerate(chars)}
    ids = torch.tensor([index[c] for c in text], dtype=torch.long)
    cut = int(len(ids) * 0.9)
    train, val = ids[:cut], ids[cut:]
    V, B, T = len(chars), 32, 64
    emb = torch.nn.Embedding(V, 64)
    lstm = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU, "rnn": torch.nn.RNN}[a.cell](64, 256, batch_first=True)
    out = torch.nn.Linear(256, V)
    params = list(emb.parameters()) + list(lstm.parameters()) + list(out.parameters())
    opt = torch.optim.Adam(params, lr=2e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    t0, c0, steps, recent = time.perf_counter(), time.process_time(), 0, []
    while (steps < a.steps) if a.steps > 0 else (time.perf_counter() - t0 < a.seconds):
        starts = [random.randrange(len(train) - T - 1) for _ in range(B)]
        x = torch.stack([train[s:s + T] for s in starts])
        y = torch.stack([train[s + 1:s + T + 1] for s in starts])
        h, _ = lstm(emb(x))
        loss = loss_fn(out(h).reshape(-1, V), y.reshape(-1))
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 5.0)
        opt.step()
        steps += 1
        recent = (recent + [loss.item()])[-50:]
    seconds, cpu_seconds = time.perf_counter() - t0, time.process_time() - c0
    W = 256
    starts = list(range(0, len(val) - W, W))
    total = 0.0
    with torch.no_grad():
        for i in range(0, len(starts), 32):
            g = starts[i:i + 32]
            x = torch.stack([val[s:s + W] for s in g])
            y = torch.stack([val[s + 1:s + W + 1] for s in g])
            h, _ = lstm(emb(x))
            total += loss_fn(out(h).reshape(-1, V), y.reshape(-1)).item() * len(g)
    val_loss = total / len(starts)
    print(json.dumps({"steps": steps, "seconds": seconds, "cpuSeconds": cpu_seconds, "trainLoss": sum(recent) / len(recent), "valLoss": val_loss,
                      "valPerplexity": math.exp(val_loss), "corpus": a.corpus, "cell": a.cell, "threads": a.threads, "torch": torch.__version__}))


if __name__ == "__main__":
    main()
