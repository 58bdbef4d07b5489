"""Independent GPT-2 reference for llmkit's Java implementation.

Builds a tiny random GPT-2 from torch.nn building blocks (nn.Embedding, nn.LayerNorm,
nn.MultiheadAttention, nn.Linear, F.gelu(approximate="tanh")), saves it in Hugging Face
layout (config.json + model.safetensors, Conv1D weights stored [in, out]) and writes
reference logits and a greedy continuation computed WITHOUT a KV cache.

Mirrors the architecture of transformers' modeling_gpt2.py, not its code:
https://github.com/huggingface/transformers/blob/main/src/transformers/models/gpt2/modeling_gpt2.py

Run once from the repository root (Debian python3-torch 1.13, numpy):
    /usr/bin/python3 inference/src/test/python/gpt2_reference.py
"""
import json
import os
import struct

import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "gpt2")
VOCAB, N_EMBD, N_LAYER, N_HEAD, N_POS, EPS = 300, 32, 2, 4, 64, 1e-5
EOS = 299


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln_1 = nn.LayerNorm(N_EMBD, eps=EPS)
        self.attn = nn.MultiheadAttention(N_EMBD, N_HEAD, batch_first=True)
        self.ln_2 = nn.LayerNorm(N_EMBD, eps=EPS)
        self.fc = nn.Linear(N_EMBD, 4 * N_EMBD)
        self.proj = nn.Linear(4 * N_EMBD, N_EMBD)

    def forward(self, x):
        t = x.shape[1]
        causal = torch.triu(torch.ones(t, t, dtype=torch.bool), diagonal=1)  # True = masked
        h = self.ln_1(x)
        a, _ = self.attn(h, h, h, attn_mask=causal, need_weights=False)
        x = x + a
        return x + self.proj(F.gelu(self.fc(self.ln_2(x)), approximate="tanh"))


class TinyGpt2(nn.Module):
    def __init__(self):
        super().__init__()
        self.wte = nn.Embedding(VOCAB, N_EMBD)
        self.wpe = nn.Embedding(N_POS, N_EMBD)
        self.blocks = nn.ModuleList([Block() for _ in range(N_LAYER)])
        self.ln_f = nn.LayerNorm(N_EMBD, eps=EPS)

    def forward(self, ids):  # (B, T) -> (B, T, V)
        pos = torch.arange(ids.shape[1]).unsqueeze(0)
        x = self.wte(ids) + self.wpe(pos)
        for block in self.blocks:
            x = block(x)
        return self.ln_f(x) @ self.wte.weight.T  # tied LM head


def randomize(model):
    # Spread-out weights so logits differ clearly (greedy ids must not hinge on 1e-6 ties).
    g = torch.Generator().manual_seed(1234)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "ln" in name and name.endswith("weight"):
                p.copy_(1.0 + 0.2 * torch.randn(p.shape, generator=g))
            elif name.endswith("bias"):
                p.copy_(0.1 * torch.randn(p.shape, generator=g))
            else:
                p.copy_(0.3 * torch.randn(p.shape, generator=g))


def hf_tensors(model, prefix):
    """Hugging Face GPT2LMHeadModel names; Conv1D weights are stored [in, out]."""
    t = {prefix + "wte.weight": model.wte.weight, prefix + "wpe.weight": model.wpe.weight}
    for i, b in enumerate(model.blocks):
        p = f"{prefix}h.{i}."
        t[p + "ln_1.weight"], t[p + "ln_1.bias"] = b.ln_1.weight, b.ln_1.bias
        t[p + "attn.c_attn.weight"] = b.attn.in_proj_weight.T  # (C, 3C): q | k | v
        t[p + "attn.c_attn.bias"] = b.attn.in_proj_bias
        t[p + "attn.c_proj.weight"] = b.attn.out_proj.weight.T
        t[p + "attn.c_proj.bias"] = b.attn.out_proj.bias
        t[p + "ln_2.weight"], t[p + "ln_2.bias"] = b.ln_2.weight, b.ln_2.bias
        t[p + "mlp.c_fc.weight"], t[p + "mlp.c_fc.bias"] = b.fc.weight.T, b.fc.bias
        t[p + "mlp.c_proj.weight"], t[p + "mlp.c_proj.bias"] = b.proj.weight.T, b.proj.bias
    t[prefix + "ln_f.weight"], t[prefix + "ln_f.bias"] = model.ln_f.weight, model.ln_f.bias
    return {k: v.detach().contiguous().float() for k, v in t.items()}


def write_safetensors(path, tensors):
    header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name in sorted(tensors):
        data = tensors[name].numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    raw = json.dumps(header, separators=(",", ":")).encode()
    raw += b" " * (-len(raw) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(raw)) + raw + b"".join(blobs))


def config():
    return {"architectures": ["GPT2LMHeadModel"], "model_type": "gpt2", "vocab_size": VOCAB,
            "n_embd": N_EMBD, "n_layer": N_LAYER, "n_head": N_HEAD, "n_positions": N_POS,
            "n_ctx": N_POS, "n_inner": None, "layer_norm_epsilon": EPS,
            "activation_function": "gelu_new", "bos_token_id": EOS, "eos_token_id": EOS,
            "tie_word_embeddings": True}


def main():
    torch.manual_seed(0)
    model = TinyGpt2().eval()
    randomize(model)
    for sub, prefix, buffers in (("tiny", "transformer.", False), ("tiny-noprefix", "", True)):
        os.makedirs(os.path.join(OUT, sub), exist_ok=True)
        tensors = hf_tensors(model, prefix)
        if buffers:  # old checkpoints also carry the causal-mask buffer; loaders must skip it
            for i in range(N_LAYER):
                tensors[f"h.{i}.attn.bias"] = torch.tril(torch.ones(1, 1, N_POS, N_POS))
        write_safetensors(os.path.join(OUT, sub, "model.safetensors"), tensors)
        with open(os.path.join(OUT, sub, "config.json"), "w") as f:
            json.dump(config(), f, indent=2)

    prompts = ["Hello, world", "The quick brown fox"]  # byte-level ids: id = UTF-8 byte
    ref = {"tolerance": 1e-4, "cases": []}
    with torch.no_grad():
        for text in prompts:
            ids = list(text.encode("utf-8"))
            logits = model(torch.tensor([ids]))[0]
            greedy, gaps, seq = [], [], list(ids)
            for _ in range(20):  # no cache: the whole sequence is recomputed every step
                last = model(torch.tensor([seq]))[0, -1]
                top2 = torch.topk(last, 2).values
                gaps.append(float(top2[0] - top2[1]))
                nxt = int(torch.argmax(last))
                greedy.append(nxt)
                seq.append(nxt)
            print(f"{text!r}: greedy {greedy}, smallest top-2 gap {min(gaps):.4f}")
            ref["cases"].append({"prompt": text, "input_ids": ids,
                                 "logits": [[round(float(v), 7) for v in row] for row in logits],
                                 "greedy_ids": greedy})
    with open(os.path.join(OUT, "tiny-reference.json"), "w") as f:
        json.dump(ref, f)


if __name__ == "__main__":
    main()
