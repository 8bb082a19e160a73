#!/usr/bin/env python3
"""A floor for what a framework does per spiking step: a plain PyTorch float64 forward of the
MiniLM fixture's 6 BERT layers (post-LN, exact GELU), on one thread, written here from the
model's definition (not the papers' code). An SNN step in PyTorch does at least this much: the
same linear layers and attention products on a tensor of the same shape, plus its neurons.

    python3 -m venv /tmp/torch-venv && /tmp/torch-venv/bin/pip install torch safetensors numpy
    /tmp/torch-venv/bin/python scripts/pytorch-floor.py            # from the repository root

Inputs as `spikebound-bench pipeline` builds them: sentence.0 as stored (20 tokens, 8 padded,
masked), its 12 real tokens alone, and 64 and 128 tokens of the 18 sentences' real embedded
tokens end to end. Prints the median of 21 forwards (after 3 warm-up forwards) per input.
PyTorch uses its own bundled BLAS (MKL or OpenBLAS inside the wheel), whatever the system has.
"""
import json
import math
import statistics
import time

import numpy as np
import torch
from safetensors.numpy import load_file

torch.set_num_threads(1)
torch.set_grad_enabled(False)

FOLDER = "Fixtures/minilm-l6"
weights = {k: torch.from_numpy(v.astype(np.float64)) for k, v in load_file(f"{FOLDER}/model.safetensors").items()}
inputs = load_file(f"{FOLDER}/inputs.safetensors")
sentences = json.load(open(f"{FOLDER}/sentences.json"))["sentences"]
config = json.load(open(f"{FOLDER}/config.json"))
heads, eps = config["num_attention_heads"], config["layer_norm_eps"]


def layer(x, i, mask):
    w = lambda name: weights[f"encoder.layer.{i}.{name}"]
    n, h = x.shape
    d = h // heads
    lin = lambda t, name: torch.nn.functional.linear(t, w(f"{name}.weight"), w(f"{name}.bias"))
    q = lin(x, "attention.self.query").view(n, heads, d).transpose(0, 1)
    k = lin(x, "attention.self.key").view(n, heads, d).transpose(0, 1)
    v = lin(x, "attention.self.value").view(n, heads, d).transpose(0, 1)
    scores = q @ k.transpose(1, 2) / math.sqrt(d)
    if mask is not None:
        scores = scores.masked_fill(~mask.view(1, 1, n), float("-inf"))
    attended = (scores.softmax(-1) @ v).transpose(0, 1).reshape(n, h)
    ln = lambda t, name: torch.nn.functional.layer_norm(t, (h,), w(f"{name}.LayerNorm.weight"), w(f"{name}.LayerNorm.bias"), eps)
    x = ln(x + lin(attended, "attention.output.dense"), "attention.output")
    f = lin(torch.nn.functional.gelu(lin(x, "intermediate.dense")), "output.dense")
    return ln(x + f, "output")


def forward(x, mask):
    for i in range(config["num_hidden_layers"]):
        x = layer(x, i, mask)
    return x


def kept(s):
    return [j for j, m in enumerate(sentences[s]["attentionMask"]) if m]


first = torch.from_numpy(inputs["sentence.0"].astype(np.float64))
pool = np.concatenate([inputs[f"sentence.{s}"][kept(s)] for s in range(len(sentences))]).astype(np.float64)
cases = [
    ("sentence.0 padded", first, torch.tensor([bool(m) for m in sentences[0]["attentionMask"]])),
    ("sentence.0 unpadded", first[kept(0)], None),
    ("18 sentences' tokens", torch.from_numpy(pool[np.arange(64) % len(pool)]), None),
    ("18 sentences' tokens", torch.from_numpy(pool[np.arange(128) % len(pool)]), None),
]
print(f"PyTorch {torch.__version__}, float64, {torch.get_num_threads()} thread; one forward of the 6 layers")
print("input                 tokens   ms/forward (median of 21)")
for name, x, mask in cases:
    for _ in range(3):
        forward(x, mask)
    times = []
    for _ in range(21):
        start = time.perf_counter()
        forward(x, mask)
        times.append(time.perf_counter() - start)
    print(f"{name:<22}{x.shape[0]:>6}   {statistics.median(times) * 1e3:8.2f}")
