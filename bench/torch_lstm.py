#!/usr/bin/env python3
"""The benchmark's PyTorch reference (run by `rnnlab bench` with /usr/bin/python3): one training step
of the character language model -- embedding 64 -> LSTM/GRU/RNN 256 -> linear over the vocabulary;
softmax cross-entropy; clip the global norm at 5; Adam 2e-3 -- on random token windows, on one thread.
With --sample N it instead samples N tokens one at a time (batch 1) and reports ms per token.
Prints one JSON line: {"msPerStep": [...], "firstStepMs": ..., "peakRssMB": ..., "torch": version}.

    python3 bench/torch_lstm.py --cell lstm --batch 32 --steps 64 --vocab 65 --embed 64 --hidden 256 --warmup 3 --reps 10
    python3 bench/torch_lstm.py --cell lstm --sample 2000
"""
import argparse
import json
import resource
import time

import torch


def main():
    ap = argparse.ArgumentParser()
    for name, default in [("batch", 32), ("steps", 64), ("vocab", 65), ("embed", 64), ("hidden", 256), ("warmup", 3), ("reps", 10), ("sample", 0)]:
        ap.add_argument(f"--{name}", type=int, default=default)
    ap.add_argument("--cell", choices=["lstm", "gru", "rnn"], default="lstm")
    a = ap.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    start = time.perf_counter()  # time to first step: from building the model to the end of step 1
    first_step_ms = None
    rnn_class = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU, "rnn": torch.nn.RNN}[a.cell]
    emb = torch.nn.Embedding(a.vocab, a.embed)
    rnn = rnn_class(a.embed, a.hidden, batch_first=True)
    out = torch.nn.Linear(a.hidden, a.vocab)
    params = list(emb.parameters()) + list(rnn.parameters()) + list(out.parameters())
    g = torch.Generator().manual_seed(1)
    times = []
    if a.sample > 0:
        with torch.no_grad():
            def run(n):
                x, state = torch.zeros((1, 1), dtype=torch.long), None
                t0 = time.perf_counter()
                for _ in range(n):
                    h, state = rnn(emb(x), state)
                    p = torch.softmax(out(h[:, -1]), dim=-1)
                    x = torch.multinomial(p, 1, generator=g)
                return 1000 * (time.perf_counter() - t0) / n
            run(1)
            first_step_ms = 1000 * (time.perf_counter() - start)
            run(200)
            times.append(run(a.sample))
    else:
        opt = torch.optim.Adam(params, lr=2e-3)
        loss_fn = torch.nn.CrossEntropyLoss()
        for i in range(a.warmup + a.reps):
            x = torch.randint(0, a.vocab, (a.batch, a.steps), generator=g)
            y = torch.randint(0, a.vocab, (a.batch, a.steps), generator=g)
            t0 = time.perf_counter()
            h, _ = rnn(emb(x))
            loss = loss_fn(out(h).reshape(-1, a.vocab), y.reshape(-1))
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 5.0)
            opt.step()
            if first_step_ms is None:
                first_step_ms = 1000 * (time.perf_counter() - start)
            if i >= a.warmup:
                times.append(1000 * (time.perf_counter() - t0))
    print(json.dumps({"msPerStep": times, "firstStepMs": first_step_ms, "peakRssMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "torch": torch.__version__}))


if __name__ == "__main__":
    main()
