#!/usr/bin/env python3
"""PyTorch reference for `rnnlab translate`: the same data, split, vocabularies, batches and time budget,
on one CPU thread.

Data as src/data/translation.ts: data/fra-eng/fra.txt without its cut-off tail, d2l's preprocessing
(no-break and thin spaces to spaces, lower case, a space before , . ! ?), pairs of at most 10 tokens per
side, the seeded mulberry32 permutation of src/tensor/rng.ts (1,000 test, 1,000 validation, the rest
trains), vocabularies of the training tokens seen at least twice plus <unk> <pad> <bos> <eos>. The
minibatches are the same stream as src/seq2seq/train.ts (same seed, same order, each padded to its
longest sentence). It prints the split's sha256 so both sides can be seen to agree.

Models (embedding 256, hidden 256, 2 GRU layers, dropout 0.2 between layers, Adam 0.005, batch 128,
gradient clipping at norm 1, mean cross-entropy over the real target tokens):

  --arch d2l    d2l's Seq2SeqAttentionDecoder (Bahdanau): at each step the context a_t = attention(query =
                the top layer's previous state, keys = values = encoder outputs) is concatenated to the
                embedding of the previous token as the GRU's input; dense over the GRU outputs. With
                --attention none, d2l's Seq2SeqDecoder: the encoder's final top state is the context at
                every step.
  --arch luong  the architecture of rnnlab's model (src/seq2seq/config.ts): GRU decoder from the
                encoder's final states, attention over its outputs, s~ = tanh([s; a] W_c + b_c), dense.

Written as the fastest straightforward PyTorch implementation of these models (issue 22): nn.GRU over the
whole sentence wherever the recurrence allows (the encoder; the decoder with --arch luong or without
attention); d2l's decoder steps from Python, because its GRU reads the context of its own previous state,
but its keys' projection W_k h_j is computed once per batch, and the vocabulary-sized output layer and the
cross-entropy run once over the real target tokens of all steps (the padded positions' logits are never
computed, where they were before: 36% of the positions of a batch). The loss is the same, step for step.

Test BLEU: greedy decoding (at most 20 tokens), corpus BLEU-4 as sacrebleu computes it on these
tokens (exp smoothing), here in Python; --hyps FILE writes the translations for an independent check.
Prints one JSON line.

With --pair eng-cmn (chapter 9b): data/cmn-eng/cmn-simplified.txt (the Chinese already converted to
simplified characters by scripts/simplify-cmn.mjs), English as above, Chinese one token per character as
src/data/chinese.ts (NFKC, quotes and full stops normalised, runs of Latin letters/digits whole), at most
10 English tokens and 14 Chinese ones, split by source sentence as src/data/cmn-eng.ts (the distinct
English sentences permuted; each with all its translations goes to test until 1,000 pairs, then validation,
then training). Test BLEU then uses sacrebleu's zh tokenisation, and chrF (Popovic 2015) is reported too.

    /usr/bin/python3 bench/torch_seq2seq.py --seconds 300 [--attention additive|dot|none] [--arch d2l|luong] [--pair eng-fra|eng-cmn]
        [--threads 1] [--max-steps N] [--losses]
"""
import argparse
import collections
import hashlib
import json
import math
import os
import re
import time
import unicodedata

import torch
from torch import nn

M32 = 0xFFFFFFFF


class Rng:
    """mulberry32, bit for bit as src/tensor/rng.ts."""

    def __init__(self, seed):
        self.state = seed & M32

    def uniform(self):
        self.state = (self.state + 0x6D2B79F5) & M32
        t = self.state
        t = ((t ^ (t >> 15)) * (t | 1)) & M32
        t ^= (t + (((t ^ (t >> 7)) * (t | 61)) & M32)) & M32
        return ((t ^ (t >> 14)) & M32) / 4294967296

    def int(self, n):
        return int(self.uniform() * n)

    def shuffle(self, items):
        for i in range(len(items) - 1, 0, -1):
            j = self.int(i + 1)
            items[i], items[j] = items[j], items[i]
        return items

    def permutation(self, n):
        return self.shuffle(list(range(n)))


def preprocess(text):
    t = text.replace("\u202f", " ").replace("\u00a0", " ").replace("\u2009", " ").lower()
    return "".join(" " + c if i > 0 and c in ",.!?" and t[i - 1] != " " else c for i, c in enumerate(t))


def load(root, max_tokens=10, num_test=1000, num_val=1000, seed=0):
    raw = open(os.path.join(root, "data", "fra-eng", "fra.txt"), encoding="utf-8").read()
    lines = raw.split("\n")[:-1]  # the text after the last newline is a cut-off fragment
    pairs = []
    for line in lines:
        if not line.strip():
            continue
        en, fr = line.split("\t")[:2]
        pairs.append((preprocess(en).split(), preprocess(fr).split()))
    kept = [p for p in pairs if 0 < len(p[0]) <= max_tokens and 0 < len(p[1]) <= max_tokens]
    order = Rng(seed).permutation(len(kept))
    test = [kept[i] for i in order[:num_test]]
    val = [kept[i] for i in order[num_test:num_test + num_val]]
    train = [kept[i] for i in order[num_test + num_val:]]
    return pairs, kept, train, val, test


def normalize_zh(text):
    t = unicodedata.normalize("NFKC", text)
    t = re.sub("[\u200b\u200c\u200d\ufeff]", "", t)
    t = re.sub("[\u201c\u201d\u300c\u300d]", '"', t)
    t = re.sub(r"\.(?![0-9])|(?<![0-9])\.", "\u3002", t)
    return t.lower()


def tokenize_zh_chars(text):
    return re.findall(r"[a-z0-9]+|\S", normalize_zh(text))


def load_cmn(root, max_src=10, max_tgt=14, num_test=1000, num_val=1000, seed=0):
    raw = open(os.path.join(root, "data", "cmn-eng", "cmn-simplified.txt"), encoding="utf-8-sig").read()  # a BOM first
    pairs = []
    for line in raw.split("\n"):
        if not line.strip():
            continue
        en, zh = line.split("\t")[:2]
        pairs.append((preprocess(en).split(), tokenize_zh_chars(zh)))
    kept = [p for p in pairs if 0 < len(p[0]) <= max_src and 0 < len(p[1]) <= max_tgt]
    groups = {}
    for p in kept:
        groups.setdefault(" ".join(p[0]), []).append(p)
    groups = list(groups.values())
    test, val, train = [], [], []
    for i in Rng(seed).permutation(len(groups)):
        part = test if len(test) < num_test else val if len(val) < num_val else train
        part.extend(groups[i])
    return pairs, kept, train, val, test


# sacrebleu's TokenizerZh: its ranges as Python compares them (u'\u20000' is U+2000 then '0').
ZH_RANGES = [(0x3400, 0x4DB5), (0x4E00, 0x9FA5), (0x9FA6, 0x9FBB), (0xF900, 0xFA2D), (0xFA30, 0xFA6A),
             (0xFA70, 0xFAD9), (0x2001, 0x2A6D), (0x2F81, 0x2FA1), (0xFF00, 0xFFEF), (0x2E80, 0x2EFF),
             (0x3000, 0x303F), (0x31C0, 0x31EF), (0x2F00, 0x2FDF), (0x2FF0, 0x2FFF), (0x3100, 0x312F),
             (0x31A0, 0x31BF), (0xFE10, 0xFE1F), (0xFE30, 0xFE4F), (0x2600, 0x26FF), (0x2700, 0x27BF),
             (0x3200, 0x32FF), (0x3300, 0x33FF)]


def sacrebleu_zh(text):
    s = "".join(f" {c} " if any(a <= ord(c) <= b for a, b in ZH_RANGES) else c for c in text.strip())
    s = re.sub(r"([\{-\~\[-\` -\&\(-\+\:-\@\/])", r" \1 ", s)
    s = re.sub(r"([^0-9])([\.,])", r"\1 \2 ", s)
    s = re.sub(r"([\.,])([^0-9])", r" \1 \2", s)
    s = re.sub(r"([0-9])(-)", r"\1 \2 ", s)
    return s.split()


def join_zh(tokens):
    out = ""
    for i, t in enumerate(tokens):
        sep = " " if i > 0 and re.search("[a-z0-9]$", tokens[i - 1]) and re.match("[a-z0-9]", t) else ""
        out += sep + t
    return out


def chrf(hyps, refs, order=6, beta=2.0):
    """Popovic 2015: character n-grams (white space removed), corpus counts, orders averaged, then F_beta."""
    m, th, tr = [0] * order, [0] * order, [0] * order
    for h, r in zip(hyps, refs):
        hc, rc = ngrams(list(re.sub(r"\s+", "", h)), order), ngrams(list(re.sub(r"\s+", "", r)), order)
        for g, k in hc.items():
            m[len(g) - 1] += min(k, rc.get(g, 0))
            th[len(g) - 1] += k
        for g, k in rc.items():
            tr[len(g) - 1] += k
    ps = [m[n] / th[n] if th[n] else 0.0 for n in range(order) if th[n] or tr[n]]
    rs = [m[n] / tr[n] if tr[n] else 0.0 for n in range(order) if th[n] or tr[n]]
    P, R = (sum(ps) / len(ps), sum(rs) / len(rs)) if ps else (0.0, 0.0)
    return 100 * (1 + beta ** 2) * P * R / (beta ** 2 * P + R) if P + R > 0 else 0.0


def digest(train, val, test):
    h = hashlib.sha256()
    for part in (train, val, test):
        for s, t in part:
            h.update(f"{' '.join(s)}\t{' '.join(t)}\n".encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def vocab(sentences, min_freq=2):
    counts = collections.Counter(w for s in sentences for w in s)
    words = sorted((w for w, n in counts.items() if n >= min_freq), key=lambda w: (-counts[w], w))
    tokens = ["<unk>", "<pad>", "<bos>", "<eos>"] + [w for w in words if w not in ("<unk>", "<pad>", "<bos>", "<eos>")]
    return tokens, {w: i for i, w in enumerate(tokens)}


def batches(train, batch_size, seed):
    """The stream of src/seq2seq/train.ts translationBatches (no bucketing): seeded epochs of shuffled pairs."""
    rng = Rng(seed)
    while True:
        order = [train[i] for i in rng.permutation(len(train))]
        for i in range(0, len(order), batch_size):
            yield order[i:i + batch_size]


def make_batch(pairs, sidx, tidx):
    B = len(pairs)
    Ts = max(len(s) for s, _ in pairs) + 1
    Tt = max(len(t) for _, t in pairs) + 1
    src = torch.full((B, Ts), 1, dtype=torch.long)
    tgt_in = torch.full((B, Tt), 1, dtype=torch.long)
    labels = torch.full((B, Tt), -100, dtype=torch.long)
    lens = torch.zeros(B, dtype=torch.long)
    for b, (s, t) in enumerate(pairs):
        si = [sidx.get(w, 0) for w in s] + [3]
        ti = [tidx.get(w, 0) for w in t]
        src[b, :len(si)] = torch.tensor(si)
        lens[b] = len(si)
        tgt_in[b, :len(ti) + 1] = torch.tensor([2] + ti)
        labels[b, :len(ti) + 1] = torch.tensor(ti + [3])
    return src, lens, tgt_in, labels


class Attention(nn.Module):
    """e_ij = w_v^T tanh(W_q s_i + W_k h_j) (additive) or s_i . h_j / sqrt(d) (dot); masked softmax; sum.

    The keys' projection W_k h_j does not depend on the query, so `keys` computes it once per batch and
    `forward` takes it: d2l's decoder asks for attention at every step with the same keys."""

    def __init__(self, kind, h):
        super().__init__()
        self.kind = kind
        if kind == "additive":
            self.W_q = nn.Linear(h, h, bias=False)
            self.W_k = nn.Linear(h, h, bias=False)
            self.w_v = nn.Linear(h, 1, bias=False)

    def keys(self, K):  # K [B, Tk, h] -> the projected keys [B, Tk, h] (additive) or K itself (dot)
        return self.W_k(K) if self.kind == "additive" else K

    def forward(self, Q, K, WK, pad):  # Q [B, Tq, h], K [B, Tk, h], WK = keys(K), pad [B, 1, Tk] (True: padding)
        if self.kind == "additive":
            e = self.w_v(torch.tanh(self.W_q(Q).unsqueeze(2) + WK.unsqueeze(1))).squeeze(-1)  # [B, Tq, Tk]
        else:
            e = Q @ K.transpose(1, 2) / math.sqrt(Q.shape[-1])
        alpha = torch.softmax(e.masked_fill(pad, float("-inf")), dim=-1)
        return alpha @ K, alpha


class Seq2Seq(nn.Module):
    """The encoder and the decoder return hidden states; `out` (the vocabulary-sized layer) is applied by
    the caller, in training only at the real target tokens (a padded position's logits are never used)."""

    def __init__(self, arch, attention, Vs, Vt, E=256, h=256, L=2, dropout=0.2):
        super().__init__()
        self.arch, self.attention = arch, attention
        self.src_emb, self.tgt_emb = nn.Embedding(Vs, E), nn.Embedding(Vt, E)
        self.encoder = nn.GRU(E, h, L, dropout=dropout, batch_first=True)
        d2l_input = E + h if arch == "d2l" else E
        self.decoder = nn.GRU(d2l_input, h, L, dropout=dropout, batch_first=True)
        self.attn = Attention(attention, h) if attention != "none" else None
        self.combine = nn.Linear(2 * h, h) if arch == "luong" and attention != "none" else None
        self.out = nn.Linear(h, Vt)

    def encode(self, src, lens):
        """The encoder's outputs [B, Ts, h] and final state [L, B, h], and what every decoder step reuses:
        the projected keys and the padding mask [B, 1, Ts]."""
        enc_out, state = self.encoder(self.src_emb(src))
        WK = self.attn.keys(enc_out) if self.attn is not None else None
        pad = torch.arange(src.shape[1])[None, None, :] >= lens[:, None, None]
        return (enc_out, WK, pad), state

    def decode(self, tgt_in, memory, state):
        """Teacher forcing over tgt_in [B, Tt] (or one step); returns the states S [B, Tt, h], the new state."""
        enc_out, WK, pad = memory
        X = self.tgt_emb(tgt_in)
        if self.arch == "luong":  # the recurrence needs no context: one nn.GRU call over the whole sentence
            S, state = self.decoder(X, state)
            if self.attn is not None:
                A, _ = self.attn(S, enc_out, WK, pad)
                S = torch.tanh(self.combine(torch.cat([S, A], dim=-1)))
            return S, state
        if self.attn is None:  # d2l's Seq2SeqDecoder: the final top encoder state as context at every step
            ctx = enc_out[:, -1:].expand(-1, X.shape[1], -1)
            return self.decoder(torch.cat([X, ctx], dim=-1), state)
        outs = []
        for t in range(X.shape[1]):  # d2l's Seq2SeqAttentionDecoder: query = previous top state, fed to the GRU
            A, _ = self.attn(state[-1].unsqueeze(1), enc_out, WK, pad)
            S, state = self.decoder(torch.cat([X[:, t:t + 1], A], dim=-1), state)
            outs.append(S)
        return torch.cat(outs, dim=1), state


def train_step(model, opt, src, lens, tgt_in, labels):
    """One step: mean cross-entropy over the real target tokens (labels != -100), the logits computed only
    there; clip the global norm at 1; Adam. Returns the loss (a float)."""
    memory, state = model.encode(src, lens)
    S, _ = model.decode(tgt_in, memory, state)
    real = labels != -100  # [B, Tt]
    loss = nn.functional.cross_entropy(model.out(S[real]), labels[real])  # [N, Vt] logits, N real tokens
    opt.zero_grad(set_to_none=True)
    loss.backward()
    nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()
    return loss.item()


def ngrams(tokens, n_max):
    c = collections.Counter()
    for n in range(1, n_max + 1):
        for i in range(len(tokens) - n + 1):
            c[tuple(tokens[i:i + n])] += 1
    return c


def corpus_bleu(hyps, refs):
    """sacrebleu's corpus BLEU-4 with 'exp' smoothing, on token lists (0-100)."""
    match, total, c, r = [0] * 4, [0] * 4, 0, 0
    for h, ref in zip(hyps, refs):
        c += len(h)
        r += len(ref)
        rc = ngrams(ref, 4)
        for g, k in ngrams(h, 4).items():
            match[len(g) - 1] += min(k, rc.get(g, 0))
            total[len(g) - 1] += k
    prec, smooth = [0.0] * 4, 1.0
    for n in range(4):
        if total[n] == 0:
            break
        if match[n] == 0:
            smooth *= 2
            prec[n] = 100.0 / (smooth * total[n])
        else:
            prec[n] = 100.0 * match[n] / total[n]
    bp = 1.0 if c >= r else (math.exp(1 - r / c) if c > 0 else 0.0)
    return bp * math.exp(sum(math.log(p) if p > 0 else -9999999999 for p in prec) / 4)


@torch.no_grad()
def greedy(model, sents, sidx, tvocab, max_len=20, chunk=250):
    model.eval()
    out = []
    for i in range(0, len(sents), chunk):
        part = sents[i:i + chunk]
        src, lens, _, _ = make_batch([(s, []) for s in part], sidx, {})
        memory, state = model.encode(src, lens)
        prev = torch.full((len(part), 1), 2, dtype=torch.long)
        ys = []
        for _ in range(max_len):
            S, state = model.decode(prev, memory, state)
            prev = model.out(S[:, -1]).argmax(-1, keepdim=True)  # [B, 1]
            ys.append(prev)
            if (torch.cat(ys, dim=1) == 3).any(dim=1).all():
                break
        for row in torch.cat(ys, dim=1).tolist():  # each sentence up to its first <eos>
            out.append([tvocab[y] for y in (row[:row.index(3)] if 3 in row else row)])
    model.train()
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=300)
    ap.add_argument("--max-steps", type=int, default=0)
    ap.add_argument("--attention", choices=["additive", "dot", "none"], default="additive")
    ap.add_argument("--arch", choices=["d2l", "luong"], default="d2l")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--hyps", help="write the test translations (JSON) here")
    ap.add_argument("--pair", choices=["eng-fra", "eng-cmn"], default="eng-fra")
    ap.add_argument("--threads", type=int, default=1, help="torch.set_num_threads (default 1)")
    ap.add_argument("--losses", action="store_true", help="also print every step's loss (losses in the JSON)")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    pairs, kept, train, val, test = (load_cmn if a.pair == "eng-cmn" else load)(root)
    svocab, sidx = vocab([s for s, _ in train])
    tvocab, tidx = vocab([t for _, t in train])
    model = Seq2Seq(a.arch, a.attention, len(svocab), len(tvocab))
    opt = torch.optim.Adam(model.parameters(), lr=0.005)
    stream = batches(train, 128, a.seed)
    t0, cpu0, losses = time.perf_counter(), time.process_time(), []
    while time.perf_counter() - t0 < a.seconds and (a.max_steps == 0 or len(losses) < a.max_steps):
        losses.append(train_step(model, opt, *make_batch(next(stream), sidx, tidx)))
    seconds, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    steps, recent = len(losses), losses[-50:]
    hyps = greedy(model, [s for s, _ in test], sidx, tvocab)
    refs = [t for _, t in test]
    if a.pair == "eng-cmn":
        bleu = corpus_bleu([sacrebleu_zh(join_zh(h)) for h in hyps], [sacrebleu_zh(join_zh(t)) for t in refs])
        chrf_score = chrf([join_zh(h) for h in hyps], [join_zh(t) for t in refs])
    else:
        bleu = corpus_bleu(hyps, refs)
        chrf_score = chrf([" ".join(h) for h in hyps], [" ".join(t) for t in refs])
    if a.hyps:
        json.dump({"hypotheses": hyps, "references": [t for _, t in test]}, open(a.hyps, "w"), ensure_ascii=False)
    print(json.dumps({
        "pair": a.pair, "arch": a.arch, "attention": a.attention, "steps": steps, "seconds": seconds, "cpuSeconds": cpu,
        "trainLoss": sum(recent) / max(1, len(recent)), "bleu": bleu, "chrf": chrf_score,
        "pairs": {"read": len(pairs), "kept": len(kept), "train": len(train)}, "vocab": [len(svocab), len(tvocab)],
        "splitSha256": digest(train, val, test), "examples": [[" ".join(s), " ".join(h)] for (s, _), h in list(zip(test, hyps))[:5]],
        "torch": torch.__version__, "threads": a.threads, **({"losses": losses} if a.losses else {}),
    }))


if __name__ == "__main__":
    main()
