#!/usr/bin/python3
"""Write LocalRank's tiny random-weight test models in transformers.js layout.

Usage: /usr/bin/python3 scripts/make-test-models.py [OUT_DIR] [--tokenizers DIR]
       /usr/bin/python3 scripts/make-test-models.py --bench-shapes NAMES [OUT_DIR] [--tokenizers DIR]

OUT_DIR defaults to test/models/. DIR defaults to ../shared/models/tokenizers-only
(relative to the project root). Needs Debian's python3-torch (1.13) and python3-onnx;
onnxruntime's Python package is not needed (int8 quantisation is written with onnx + numpy).

Two models, both reproducible (fixed seeds, same bytes on the same toolchain):

  localrank-test/tiny-minilm  BERT-style encoder, hidden 16, 2 layers, with the real
                              all-MiniLM-L6-v2 WordPiece tokenizer (vocabulary 30,522).
  localrank-test/tiny-lm      decoder-only causal LM with a KV cache (llama I/O contract:
                              past_key_values.N.key/value in, present.N.key/value out),
                              hidden 16, 2 layers, 4 query heads / 2 KV heads of size 4,
                              untied output layer, SmolLM-family tokenizer (49,152).

Each gets onnx/model.onnx (fp32) and onnx/model_quantized.onnx (dynamic int8: uint8
activations quantised at run time + int8 weights, the layout onnxruntime's
quantize_dynamic writes), config.json, and the tokenizer files copied from DIR. Those
tokenizer files are third-party: they are copied here, never committed.

--bench-shapes NAMES (comma-separated, or "all") writes instead random-weight models with the
EXACT shapes of the registry's real models, for `npm run bench` (OUT_DIR defaults to
.cache/bench-models/, git-ignored; they are never committed). Their compute and memory cost are
the real models'; their vectors and text mean nothing. See BENCH_SHAPES below for the names.
Each folder gets a bench-stamp.json (this script's sha256, every file's size and sha256, the
parameter counts) written last; a folder whose stamp matches this script is skipped.
"""

import argparse
import hashlib
import json
import math
import shutil
import sys
from pathlib import Path

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper
from torch import nn

ROOT = Path(__file__).resolve().parent.parent
OPSET = 14

ENCODER = dict(id="localrank-test/tiny-minilm", tokenizer="Xenova/all-MiniLM-L6-v2",
               vocab=30522, hidden=16, layers=2, heads=2, inter=32, max_pos=512, seed=20240601)
LM = dict(id="localrank-test/tiny-lm", tokenizer="smollm-family",
          vocab=49152, hidden=16, layers=2, heads=4, kv_heads=2, inter=32, max_pos=2048, seed=20240602)


# ---------------------------------------------------------------- encoder (BERT-style)

class EncoderLayer(nn.Module):
    def __init__(self, hidden, heads, inter):
        super().__init__()
        self.heads, self.dim = heads, hidden // heads
        self.qkv = nn.Linear(hidden, 3 * hidden)
        self.out = nn.Linear(hidden, hidden)
        self.ln1 = nn.LayerNorm(hidden, eps=1e-12)
        self.ff1 = nn.Linear(hidden, inter)
        self.ff2 = nn.Linear(inter, hidden)
        self.ln2 = nn.LayerNorm(hidden, eps=1e-12)

    def forward(self, x, mask_bias):
        b, s = x.shape[0], x.shape[1]
        qkv = self.qkv(x).reshape(b, s, 3, self.heads, self.dim).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        att = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(self.dim) + mask_bias, dim=-1)
        y = (att @ v).transpose(1, 2).reshape(b, s, self.heads * self.dim)
        x = self.ln1(x + self.out(y))
        return self.ln2(x + self.ff2(nn.functional.gelu(self.ff1(x))))


class TinyEncoder(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.word = nn.Embedding(c["vocab"], c["hidden"])
        self.pos = nn.Embedding(c["max_pos"], c["hidden"])
        self.token_type = nn.Embedding(2, c["hidden"])
        self.ln = nn.LayerNorm(c["hidden"], eps=1e-12)
        self.layers = nn.ModuleList(EncoderLayer(c["hidden"], c["heads"], c["inter"]) for _ in range(c["layers"]))

    def forward(self, input_ids, attention_mask, token_type_ids):
        positions = torch.arange(input_ids.shape[1], dtype=torch.int64).unsqueeze(0)
        x = self.ln(self.word(input_ids) + self.pos(positions) + self.token_type(token_type_ids))
        mask_bias = (1.0 - attention_mask[:, None, None, :].to(torch.float32)) * -10000.0
        for layer in self.layers:
            x = layer(x, mask_bias)
        return x


def export_encoder(c, out: Path):
    torch.manual_seed(c["seed"])
    model = TinyEncoder(c).eval()
    with torch.no_grad():
        for p in model.parameters():
            if p.dim() > 1:
                nn.init.normal_(p, std=0.5)
    ids = torch.tensor([[101, 2023, 2003, 102, 0], [101, 7592, 102, 0, 0]], dtype=torch.int64)
    mask = (ids != 0).to(torch.int64)
    types = torch.zeros_like(ids)
    axes = {0: "batch_size", 1: "sequence_length"}
    torch.onnx.export(
        model, (ids, mask, types), str(out), opset_version=OPSET, do_constant_folding=True,
        input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=["last_hidden_state"],
        dynamic_axes={"input_ids": axes, "attention_mask": axes, "token_type_ids": axes, "last_hidden_state": axes},
    )


def encoder_config(c):
    return {
        "_name_or_path": c["id"], "architectures": ["BertModel"], "model_type": "bert",
        "hidden_size": c["hidden"], "num_hidden_layers": c["layers"], "num_attention_heads": c["heads"],
        "intermediate_size": c["inter"], "hidden_act": "gelu", "layer_norm_eps": 1e-12,
        "max_position_embeddings": c["max_pos"], "type_vocab_size": 2, "vocab_size": c["vocab"],
        "pad_token_id": 0, "position_embedding_type": "absolute",
        "localrank_note": "random weights, for tests only: vectors carry no meaning",
    }


# ---------------------------------------------------------------- causal LM with KV cache

class DecoderLayer(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.heads, self.kv_heads, self.dim = c["heads"], c["kv_heads"], c["hidden"] // c["heads"]
        self.ln1 = nn.LayerNorm(c["hidden"])
        self.q = nn.Linear(c["hidden"], self.heads * self.dim, bias=False)
        self.kv = nn.Linear(c["hidden"], 2 * self.kv_heads * self.dim, bias=False)
        self.o = nn.Linear(self.heads * self.dim, c["hidden"], bias=False)
        self.ln2 = nn.LayerNorm(c["hidden"])
        self.ff1 = nn.Linear(c["hidden"], c["inter"], bias=False)
        self.ff2 = nn.Linear(c["inter"], c["hidden"], bias=False)

    def forward(self, x, allowed, past_k, past_v):
        b, s = x.shape[0], x.shape[1]
        h = self.ln1(x)
        q = self.q(h).reshape(b, s, self.heads, self.dim).transpose(1, 2)
        kv = self.kv(h).reshape(b, s, 2, self.kv_heads, self.dim).permute(2, 0, 3, 1, 4)
        k, v = kv[0], kv[1]
        k = torch.cat([past_k, k], dim=2)  # [b, kv_heads, total, dim]: the new cache
        v = torch.cat([past_v, v], dim=2)
        rep = self.heads // self.kv_heads
        t = k.shape[2]
        kk = k[:, :, None].expand(b, self.kv_heads, rep, t, self.dim).reshape(b, self.heads, t, self.dim)
        vv = v[:, :, None].expand(b, self.kv_heads, rep, t, self.dim).reshape(b, self.heads, t, self.dim)
        scores = q @ kk.transpose(-1, -2) / math.sqrt(self.dim)
        scores = scores.masked_fill(~allowed, -1e9)
        y = (torch.softmax(scores, dim=-1) @ vv).transpose(1, 2).reshape(b, s, self.heads * self.dim)
        x = x + self.o(y)
        return x + self.ff2(nn.functional.gelu(self.ff1(self.ln2(x)))), k, v


class TinyLM(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.embed = nn.Embedding(c["vocab"], c["hidden"])
        self.pos = nn.Embedding(c["max_pos"], c["hidden"])
        self.layers = nn.ModuleList(DecoderLayer(c) for _ in range(c["layers"]))
        self.norm = nn.LayerNorm(c["hidden"])
        # Untied on purpose: a random tied head makes greedy decoding repeat the current
        # token forever, which would hide KV-cache bugs.
        self.head = nn.Linear(c["hidden"], c["vocab"], bias=False)

    def forward(self, input_ids, attention_mask, position_ids, *past):
        q_len, past_len = input_ids.shape[1], past[0].shape[2]
        q_pos = torch.arange(q_len, dtype=torch.int64) + past_len
        k_pos = torch.arange(past_len + q_len, dtype=torch.int64)
        causal = k_pos[None, :] <= q_pos[:, None]
        allowed = causal[None, None] & attention_mask[:, None, None, :].to(torch.bool)
        x = self.embed(input_ids) + self.pos(position_ids)
        present = []
        for i, layer in enumerate(self.layers):
            x, k, v = layer(x, allowed, past[2 * i], past[2 * i + 1])
            present += [k, v]
        return (self.head(self.norm(x)), *present)


def export_lm(c, out: Path):
    torch.manual_seed(c["seed"])
    model = TinyLM(c).eval()
    with torch.no_grad():
        for p in model.parameters():
            if p.dim() > 1:
                nn.init.normal_(p, std=0.5)
    dim = c["hidden"] // c["heads"]
    ids = torch.tensor([[1, 520, 33, 17], [1, 9, 4411, 2]], dtype=torch.int64)
    past_len = 3
    mask = torch.ones(2, past_len + ids.shape[1], dtype=torch.int64)
    positions = torch.arange(past_len, past_len + ids.shape[1]).unsqueeze(0).repeat(2, 1)
    past = [torch.randn(2, c["kv_heads"], past_len, dim) for _ in range(2 * c["layers"])]
    names_in, names_out = [], []
    axes = {"input_ids": {0: "batch_size", 1: "sequence_length"},
            "attention_mask": {0: "batch_size", 1: "total_sequence_length"},
            "position_ids": {0: "batch_size", 1: "sequence_length"},
            "logits": {0: "batch_size", 1: "sequence_length"}}
    for i in range(c["layers"]):
        for kind in ("key", "value"):
            names_in.append(f"past_key_values.{i}.{kind}")
            names_out.append(f"present.{i}.{kind}")
            # transformers.js builds the first step's empty cache from these declared
            # shapes: batch axis named exactly batch_size, heads and head size fixed.
            axes[names_in[-1]] = {0: "batch_size", 2: "past_sequence_length"}
            axes[names_out[-1]] = {0: "batch_size", 2: "total_sequence_length"}
    torch.onnx.export(
        model, (ids, mask, positions, *past), str(out), opset_version=OPSET, do_constant_folding=True,
        input_names=["input_ids", "attention_mask", "position_ids", *names_in],
        output_names=["logits", *names_out], dynamic_axes=axes,
    )


def lm_config(c):
    return {
        "_name_or_path": c["id"], "architectures": ["LlamaForCausalLM"], "model_type": "llama",
        "hidden_size": c["hidden"], "num_hidden_layers": c["layers"], "num_attention_heads": c["heads"],
        "num_key_value_heads": c["kv_heads"], "head_dim": c["hidden"] // c["heads"],
        "intermediate_size": c["inter"], "max_position_embeddings": c["max_pos"], "vocab_size": c["vocab"],
        "bos_token_id": 1, "eos_token_id": 2, "pad_token_id": 2, "tie_word_embeddings": False, "use_cache": True,
        "localrank_note": "random weights, llama I/O contract with learned positions; for tests only",
    }


def lm_generation_config():
    return {"bos_token_id": 1, "eos_token_id": 2, "pad_token_id": 2, "do_sample": False, "max_new_tokens": 16}


# ---------------------------------------------------------------- int8 quantisation (onnx + numpy)

def _int8(weights):
    scale = float(np.abs(weights).max()) / 127.0 or 1.0
    q = np.clip(np.round(weights / scale), -127, 127).astype(np.int8)
    return q, np.float32(scale)


def quantize_dynamic(src: Path, dst: Path):
    """MatMul with a constant weight -> DynamicQuantizeLinear + MatMulInteger + rescale;
    Gather over a constant table (embeddings) -> int8 table + DequantizeLinear."""
    model = onnx.load(str(src))
    graph = model.graph
    inits = {i.name: i for i in graph.initializer}
    drop, added, nodes = set(), [], []

    def const(name, array):
        added.append(numpy_helper.from_array(np.asarray(array), name))
        return name

    for n, node in enumerate(graph.node):
        w = inits.get(node.input[1]) if node.op_type == "MatMul" and len(node.input) > 1 else None
        if w is not None and len(w.dims) == 2:
            q, scale = _int8(numpy_helper.to_array(w).astype(np.float32))
            p = f"q8_{n}"
            wq, ws, wz = const(p + "_w", q), const(p + "_ws", scale), const(p + "_wz", np.int8(0))
            drop.add(w.name)
            nodes += [
                helper.make_node("DynamicQuantizeLinear", [node.input[0]], [p + "_a", p + "_as", p + "_az"]),
                helper.make_node("MatMulInteger", [p + "_a", wq, p + "_az", wz], [p + "_i32"]),
                helper.make_node("Cast", [p + "_i32"], [p + "_f"], to=TensorProto.FLOAT),
                helper.make_node("Mul", [p + "_as", ws], [p + "_s"]),
                helper.make_node("Mul", [p + "_f", p + "_s"], [node.output[0]]),
            ]
            continue
        t = inits.get(node.input[0]) if node.op_type == "Gather" else None
        if t is not None and len(t.dims) == 2 and t.dims[0] * t.dims[1] >= 4096:
            q, scale = _int8(numpy_helper.to_array(t).astype(np.float32))
            p = f"q8_{n}"
            tq, ts, tz = const(p + "_t", q), const(p + "_ts", scale), const(p + "_tz", np.int8(0))
            drop.add(t.name)
            nodes += [helper.make_node("DequantizeLinear", [tq, ts, tz], [p + "_table"]),
                      helper.make_node("Gather", [p + "_table", node.input[1]], list(node.output),
                                       axis=next((a.i for a in node.attribute if a.name == "axis"), 0))]
            continue
        nodes.append(node)

    still_used = {name for node in nodes for name in node.input}
    kept = [i for i in graph.initializer if i.name not in drop or i.name in still_used]
    del graph.node[:]
    graph.node.extend(nodes)
    del graph.initializer[:]
    graph.initializer.extend(kept + added)
    onnx.checker.check_model(model)
    onnx.save(model, str(dst))


# ---------------------------------------------------------------- files

def write_json(path: Path, value):
    path.write_text(json.dumps(value, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def copy_tokenizer(src: Path, dst: Path):
    if not (src / "tokenizer.json").is_file():
        sys.exit(f"tokenizer not found at {src} (pass --tokenizers DIR)")
    for name in ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"):
        if (src / name).is_file():
            shutil.copyfile(src / name, dst / name)


def sha256(path: Path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build(spec, export, config, out_root: Path, tokenizers: Path, extra=None):
    folder = out_root / spec["id"]
    (folder / "onnx").mkdir(parents=True, exist_ok=True)
    fp32, q8 = folder / "onnx" / "model.onnx", folder / "onnx" / "model_quantized.onnx"
    export(spec, fp32)
    onnx.checker.check_model(onnx.load(str(fp32)))
    quantize_dynamic(fp32, q8)
    write_json(folder / "config.json", config(spec))
    for name, value in (extra or {}).items():
        write_json(folder / name, value)
    copy_tokenizer(tokenizers / spec["tokenizer"], folder)
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        print(f"{sha256(path)}  {path.stat().st_size:>9}  {path.relative_to(out_root)}")


# ---------------------------------------------------------------- real-shape bench models

# Shapes of the registry's real models (their config.json values). Weights are random (std 0.02,
# like a fresh init), so only cost is real: FLOPs, bytes, memory, tokenizer work.
BENCH_SHAPES = {
    "minilm": dict(id="localrank-bench/all-MiniLM-L6-v2-shape", kind="encoder", shape_of="Xenova/all-MiniLM-L6-v2",
                   tokenizer="Xenova/all-MiniLM-L6-v2", vocab=30522, hidden=384, layers=6, heads=12, inter=1536,
                   max_pos=512, seed=20250801),
    # No e5 (XLM-R sentencepiece) tokenizer exists offline (../shared/models/MANIFEST.md): the MiniLM
    # WordPiece tokenizer stands in. Token ids then stay below 30,522, but the 250,037-row table is
    # allocated, loaded and quantised in full, so load cost and memory are the real model's.
    "e5": dict(id="localrank-bench/multilingual-e5-small-shape", kind="encoder", shape_of="Xenova/multilingual-e5-small",
               tokenizer="Xenova/all-MiniLM-L6-v2", vocab=250037, hidden=384, layers=12, heads=12, inter=1536,
               max_pos=512, seed=20250802),
    "smollm": dict(id="localrank-bench/SmolLM2-360M-shape", kind="lm", shape_of="HuggingFaceTB/SmolLM2-360M-Instruct",
                   tokenizer="smollm-family", vocab=49152, hidden=960, layers=32, heads=15, kv_heads=5, inter=2560,
                   max_pos=8192, rope_theta=100000.0, rms_eps=1e-5, seed=20250803),
    # Not a model: one MatMul of the encoders' FFN shape ([rows, 384] x [384, 1536]), fp32 and q8,
    # the practical GEMM ceiling of this machine for the bench's "gap to the limit".
    "gemm": dict(id="localrank-bench/gemm-probe", kind="probe", shape_of="MatMul 384x1536", tokenizer=None,
                 hidden=384, inter=1536, seed=20250804),
}
BENCH_STAMP = "bench-stamp.json"


class BertShapeLayer(nn.Module):
    """One BERT layer as Hugging Face's BertModel exports it: separate Q/K/V projections."""

    def __init__(self, hidden, heads, inter):
        super().__init__()
        self.heads, self.dim = heads, hidden // heads
        self.q, self.k, self.v = nn.Linear(hidden, hidden), nn.Linear(hidden, hidden), nn.Linear(hidden, hidden)
        self.out = nn.Linear(hidden, hidden)
        self.ln1 = nn.LayerNorm(hidden, eps=1e-12)
        self.ff1 = nn.Linear(hidden, inter)
        self.ff2 = nn.Linear(inter, hidden)
        self.ln2 = nn.LayerNorm(hidden, eps=1e-12)

    def forward(self, x, mask_bias):
        b, s = x.shape[0], x.shape[1]
        split = lambda t: t.reshape(b, s, self.heads, self.dim).transpose(1, 2)  # noqa: E731
        q, k, v = split(self.q(x)), split(self.k(x)), split(self.v(x))
        att = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(self.dim) + mask_bias, dim=-1)
        y = (att @ v).transpose(1, 2).reshape(b, s, self.heads * self.dim)
        x = self.ln1(x + self.out(y))
        return self.ln2(x + self.ff2(nn.functional.gelu(self.ff1(x))))


class BertShape(TinyEncoder):
    def __init__(self, c):
        super().__init__(dict(c, layers=0))
        self.layers = nn.ModuleList(BertShapeLayer(c["hidden"], c["heads"], c["inter"]) for _ in range(c["layers"]))


def _random_init(model):
    with torch.no_grad():
        for p in model.parameters():
            if p.dim() > 1:
                nn.init.normal_(p, std=0.02)


def export_bert_shape(c, out: Path):
    torch.manual_seed(c["seed"])
    model = BertShape(c).eval()
    _random_init(model)
    ids = torch.tensor([[101, 2023, 2003, 102, 0], [101, 7592, 102, 0, 0]], dtype=torch.int64)
    axes = {0: "batch_size", 1: "sequence_length"}
    torch.onnx.export(
        model, (ids, (ids != 0).to(torch.int64), torch.zeros_like(ids)), str(out), opset_version=OPSET,
        do_constant_folding=True, input_names=["input_ids", "attention_mask", "token_type_ids"],
        output_names=["last_hidden_state"],
        dynamic_axes={"input_ids": axes, "attention_mask": axes, "token_type_ids": axes, "last_hidden_state": axes},
    )


def bert_shape_config(c):
    return dict(encoder_config(c), localrank_note=f"random weights with the shape of {c['shape_of']}: for benchmarks only")


class RMSNorm(nn.Module):
    def __init__(self, hidden, eps):
        super().__init__()
        self.weight, self.eps = nn.Parameter(torch.ones(hidden)), eps

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


def _rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat([-x[..., half:], x[..., :half]], dim=-1)


class LlamaShapeLayer(nn.Module):
    """A Llama decoder layer (RMSNorm, RoPE, grouped-query attention, SiLU-gated MLP), no biases."""

    def __init__(self, c):
        super().__init__()
        h = c["hidden"]
        self.heads, self.kv_heads, self.dim = c["heads"], c["kv_heads"], h // c["heads"]
        self.ln1, self.ln2 = RMSNorm(h, c["rms_eps"]), RMSNorm(h, c["rms_eps"])
        self.q = nn.Linear(h, self.heads * self.dim, bias=False)
        self.k = nn.Linear(h, self.kv_heads * self.dim, bias=False)
        self.v = nn.Linear(h, self.kv_heads * self.dim, bias=False)
        self.o = nn.Linear(self.heads * self.dim, h, bias=False)
        self.gate, self.up = nn.Linear(h, c["inter"], bias=False), nn.Linear(h, c["inter"], bias=False)
        self.down = nn.Linear(c["inter"], h, bias=False)

    def forward(self, x, allowed, cos, sin, past_k, past_v):
        b, s = x.shape[0], x.shape[1]
        h = self.ln1(x)
        q = self.q(h).reshape(b, s, self.heads, self.dim).transpose(1, 2)
        k = self.k(h).reshape(b, s, self.kv_heads, self.dim).transpose(1, 2)
        v = self.v(h).reshape(b, s, self.kv_heads, self.dim).transpose(1, 2)
        q, k = q * cos + _rotate_half(q) * sin, k * cos + _rotate_half(k) * sin
        k = torch.cat([past_k, k], dim=2)  # [b, kv_heads, total, dim]: the new cache
        v = torch.cat([past_v, v], dim=2)
        rep, t = self.heads // self.kv_heads, k.shape[2]
        kk = k[:, :, None].expand(b, self.kv_heads, rep, t, self.dim).reshape(b, self.heads, t, self.dim)
        vv = v[:, :, None].expand(b, self.kv_heads, rep, t, self.dim).reshape(b, self.heads, t, self.dim)
        scores = (q @ kk.transpose(-1, -2) / math.sqrt(self.dim)).masked_fill(~allowed, torch.finfo(torch.float32).min)
        y = (torch.softmax(scores, dim=-1) @ vv).transpose(1, 2).reshape(b, s, self.heads * self.dim)
        x = x + self.o(y)
        h = self.ln2(x)
        return x + self.down(nn.functional.silu(self.gate(h)) * self.up(h)), k, v


class LlamaShape(nn.Module):
    def __init__(self, c):
        super().__init__()
        dim = c["hidden"] // c["heads"]
        self.embed = nn.Embedding(c["vocab"], c["hidden"])
        self.layers = nn.ModuleList(LlamaShapeLayer(c) for _ in range(c["layers"]))
        self.norm = RMSNorm(c["hidden"], c["rms_eps"])
        self.register_buffer("inv_freq", 1.0 / (c["rope_theta"] ** (torch.arange(0, dim, 2, dtype=torch.float32) / dim)))

    def forward(self, input_ids, attention_mask, position_ids, *past):
        q_len, past_len = input_ids.shape[1], past[0].shape[2]
        q_pos = torch.arange(q_len, dtype=torch.int64) + past_len
        k_pos = torch.arange(past_len + q_len, dtype=torch.int64)
        allowed = (k_pos[None, :] <= q_pos[:, None])[None, None] & attention_mask[:, None, None, :].to(torch.bool)
        freqs = position_ids[:, :, None].to(torch.float32) * self.inv_freq[None, None, :]
        emb = torch.cat([freqs, freqs], dim=-1)[:, None]
        cos, sin = emb.cos(), emb.sin()
        x = self.embed(input_ids)
        present = []
        for i, layer in enumerate(self.layers):
            x, k, v = layer(x, allowed, cos, sin, past[2 * i], past[2 * i + 1])
            present += [k, v]
        # Tied output layer, as SmolLM2's tie_word_embeddings: logits = x · embedᵀ.
        return (self.norm(x) @ self.embed.weight.t(), *present)


def export_llama_shape(c, out: Path):
    torch.manual_seed(c["seed"])
    model = LlamaShape(c).eval()
    _random_init(model)
    dim = c["hidden"] // c["heads"]
    ids = torch.tensor([[1, 520, 33, 17]], dtype=torch.int64)
    past_len = 3
    mask = torch.ones(1, past_len + ids.shape[1], dtype=torch.int64)
    positions = torch.arange(past_len, past_len + ids.shape[1]).unsqueeze(0)
    past = [torch.zeros(1, c["kv_heads"], past_len, dim) for _ in range(2 * c["layers"])]
    names_in, names_out = [], []
    axes = {"input_ids": {0: "batch_size", 1: "sequence_length"},
            "attention_mask": {0: "batch_size", 1: "total_sequence_length"},
            "position_ids": {0: "batch_size", 1: "sequence_length"},
            "logits": {0: "batch_size", 1: "sequence_length"}}
    for i in range(c["layers"]):
        for kind in ("key", "value"):
            names_in.append(f"past_key_values.{i}.{kind}")
            names_out.append(f"present.{i}.{kind}")
            axes[names_in[-1]] = {0: "batch_size", 2: "past_sequence_length"}  # see export_lm
            axes[names_out[-1]] = {0: "batch_size", 2: "total_sequence_length"}
    with torch.no_grad():
        torch.onnx.export(
            model, (ids, mask, positions, *past), str(out), opset_version=OPSET, do_constant_folding=True,
            input_names=["input_ids", "attention_mask", "position_ids", *names_in],
            output_names=["logits", *names_out], dynamic_axes=axes,
        )
    untie_copy(out, c["vocab"], c["hidden"])


def untie_copy(path: Path, vocab: int, hidden: int):
    """Constant folding stores embedᵀ as a second [hidden, vocab] initializer; put back one table
    and a Transpose of it (ORT folds it at load, as with the real tied export), halving the file."""
    model = onnx.load(str(path))
    g = model.graph
    table = next(i for i in g.initializer if list(i.dims) == [vocab, hidden])
    copy = next((i for i in g.initializer if list(i.dims) == [hidden, vocab]), None)
    if copy is None:
        return
    g.initializer.remove(copy)
    g.node.insert(0, helper.make_node("Transpose", [table.name], [copy.name], perm=[1, 0]))
    onnx.save(model, str(path))


def llama_shape_config(c):
    return {
        "_name_or_path": c["id"], "architectures": ["LlamaForCausalLM"], "model_type": "llama",
        "hidden_size": c["hidden"], "num_hidden_layers": c["layers"], "num_attention_heads": c["heads"],
        "num_key_value_heads": c["kv_heads"], "head_dim": c["hidden"] // c["heads"], "hidden_act": "silu",
        "intermediate_size": c["inter"], "max_position_embeddings": c["max_pos"], "vocab_size": c["vocab"],
        "rms_norm_eps": c["rms_eps"], "rope_theta": c["rope_theta"],
        "bos_token_id": 1, "eos_token_id": 2, "pad_token_id": 2, "tie_word_embeddings": True, "use_cache": True,
        "localrank_note": f"random weights with the shape of {c['shape_of']}: for benchmarks only "
                          "(tied random head: greedy decoding repeats a token; use min_new_tokens)",
    }


def quantize_q4(src: Path, dst: Path, block=32):
    """MatMul with a constant [K, N] weight -> com.microsoft MatMulNBits (4 bits, blocks of 32 along
    K, symmetric: the default zero point 8), the operator transformers.js' q4 files use; the rest
    (embedding table, tied head, norms) stays fp32."""
    model = onnx.load(str(src))
    g = model.graph
    inits = {i.name: i for i in g.initializer}
    drop, added, nodes = set(), [], []
    for n, node in enumerate(g.node):
        w = inits.get(node.input[1]) if node.op_type == "MatMul" else None
        if w is None or len(w.dims) != 2 or w.dims[0] % block:
            nodes.append(node)
            continue
        k, cols = w.dims
        wt = numpy_helper.to_array(w).astype(np.float32).T.reshape(cols, k // block, block)
        scale = np.abs(wt).max(axis=-1, keepdims=True) / 7.0
        scale[scale == 0] = 1.0
        q = (np.clip(np.round(wt / scale), -8, 7) + 8).astype(np.uint8)
        packed = (q[..., 0::2] | (q[..., 1::2] << 4)).astype(np.uint8)
        p = f"q4_{n}"
        added += [numpy_helper.from_array(packed, p + "_b"),
                  numpy_helper.from_array(scale.reshape(-1).astype(np.float32), p + "_s")]
        drop.add(w.name)
        nodes.append(helper.make_node("MatMulNBits", [node.input[0], p + "_b", p + "_s"], list(node.output),
                                      domain="com.microsoft", K=k, N=cols, bits=4, block_size=block))
    still_used = {name for node in nodes for name in node.input}
    kept = [i for i in g.initializer if i.name not in drop or i.name in still_used]
    del g.node[:]
    g.node.extend(nodes)
    del g.initializer[:]
    g.initializer.extend(kept + added)
    if not any(o.domain == "com.microsoft" for o in model.opset_import):
        model.opset_import.append(helper.make_opsetid("com.microsoft", 1))
    onnx.save(model, str(dst))


def export_gemm_probe(c, out: Path):
    rng = np.random.default_rng(c["seed"])
    w = numpy_helper.from_array((rng.standard_normal((c["hidden"], c["inter"])) * 0.02).astype(np.float32), "w")
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "w"], ["y"])], "gemm_probe",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["rows", c["hidden"]])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["rows", c["inter"]])], [w])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    onnx.checker.check_model(model)
    onnx.save(model, str(out))


def _params(path: Path):
    m = onnx.load(str(path), load_external_data=False)
    return int(sum(int(np.prod(i.dims)) for i in m.graph.initializer))


def _stamp_ok(folder: Path, script_hash: str):
    try:
        stamp = json.loads((folder / BENCH_STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return stamp.get("script_sha256") == script_hash and all(
        (folder / f["path"]).is_file() and (folder / f["path"]).stat().st_size == f["size"] for f in stamp["files"])


def build_bench_shape(name, out_root: Path, tokenizers: Path, script_hash: str):
    import time
    c = BENCH_SHAPES[name]
    folder = out_root / c["id"]
    if _stamp_ok(folder, script_hash):
        print(f"{c['id']}: up to date ({BENCH_STAMP} matches this script)")
        return
    t0 = time.time()
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "onnx").mkdir(parents=True)
    fp32 = folder / "onnx" / "model.onnx"
    timings = {}
    if c["kind"] == "probe":
        export_gemm_probe(c, fp32)
    elif c["kind"] == "encoder":
        export_bert_shape(c, fp32)
        write_json(folder / "config.json", bert_shape_config(c))
    else:
        export_llama_shape(c, fp32)
        write_json(folder / "config.json", llama_shape_config(c))
        write_json(folder / "generation_config.json", lm_generation_config())
    timings["export_s"] = round(time.time() - t0, 1)
    t1 = time.time()
    quantize_dynamic(fp32, folder / "onnx" / "model_quantized.onnx")
    timings["q8_s"] = round(time.time() - t1, 1)
    if c["kind"] == "lm":
        t1 = time.time()
        quantize_q4(fp32, folder / "onnx" / "model_q4.onnx")
        timings["q4_s"] = round(time.time() - t1, 1)
    if c["tokenizer"]:
        copy_tokenizer(tokenizers / c["tokenizer"], folder)
    files = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        files.append({"path": str(path.relative_to(folder)), "size": path.stat().st_size, "sha256": sha256(path)})
        print(f"{files[-1]['sha256']}  {files[-1]['size']:>10}  {c['id']}/{files[-1]['path']}")
    shape = {k: v for k, v in c.items() if k not in ("id", "seed", "kind", "tokenizer", "shape_of")}
    timings["total_s"] = round(time.time() - t0, 1)
    # Written last: its presence (with this script's hash) means the folder is complete.
    write_json(folder / BENCH_STAMP, {
        "id": c["id"], "kind": c["kind"], "shape_of": c["shape_of"], "tokenizer": c["tokenizer"], "shape": shape,
        "params": _params(fp32), "script_sha256": script_hash, "seconds": timings, "files": files,
    })
    print(f"{c['id']}: written in {timings['total_s']} s {timings}")


def build_bench_shapes(names: str, out_root: Path, tokenizers: Path):
    script_hash = sha256(Path(__file__).resolve())
    wanted = list(BENCH_SHAPES) if names == "all" else names.split(",")
    unknown = [n for n in wanted if n not in BENCH_SHAPES]
    if unknown:
        sys.exit(f"unknown bench shape(s) {', '.join(unknown)}: choose from all, {', '.join(BENCH_SHAPES)}")
    for name in wanted:
        build_bench_shape(name, out_root, tokenizers, script_hash)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", nargs="?", default=str(ROOT / "test" / "models"))
    parser.add_argument("--tokenizers", default=str(ROOT.parent / "shared" / "models" / "tokenizers-only"))
    parser.add_argument("--bench-shapes", metavar="NAMES", help=f"real-shape bench models: all or {','.join(BENCH_SHAPES)}")
    args = parser.parse_args()
    torch.use_deterministic_algorithms(True)
    if args.bench_shapes:
        out = Path(args.out if args.out != parser.get_default("out") else ROOT / ".cache" / "bench-models").resolve()
        return build_bench_shapes(args.bench_shapes, out, Path(args.tokenizers).resolve())
    out, tok = Path(args.out).resolve(), Path(args.tokenizers).resolve()
    build(ENCODER, export_encoder, encoder_config, out, tok)
    build(LM, export_lm, lm_config, out, tok, {"generation_config.json": lm_generation_config()})


if __name__ == "__main__":
    main()
