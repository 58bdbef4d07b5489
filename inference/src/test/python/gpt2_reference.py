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
EPS = 1e-5
# Model 1 ("tiny"): byte-level toy vocabulary, id = UTF-8 byte, 256..299 specials.
VOCAB, N_EMBD, N_LAYER, N_HEAD, N_POS, EOS = 300, 32, 2, 4, 64, 299


class Block(nn.Module):
    def __init__(self, n_embd, n_head):
        super().__init__()
        self.ln_1 = nn.LayerNorm(n_embd, eps=EPS)
        self.attn = nn.MultiheadAttention(n_embd, n_head, batch_first=True)
        self.ln_2 = nn.LayerNorm(n_embd, eps=EPS)
        self.fc = nn.Linear(n_embd, 4 * n_embd)
        self.proj = nn.Linear(4 * n_embd, n_embd)

    def forward(self, x):
        t = x.shape[1]
        causal = torch.triu(torch.ones(t, t, dtype=torch.bool), diagonal=1)  # True = masked
        h = self.ln_1(x)
        a, _ = self.attn(h, h, h, attn_mask=causal, need_weights=False)
        x = x + a
        return x + self.proj(F.gelu(self.fc(self.ln_2(x)), approximate="tanh"))


class TinyGpt2(nn.Module):
    def __init__(self, vocab=VOCAB, n_embd=N_EMBD, n_layer=N_LAYER, n_head=N_HEAD, n_pos=N_POS):
        super().__init__()
        self.wte = nn.Embedding(vocab, n_embd)
        self.wpe = nn.Embedding(n_pos, n_embd)
        self.blocks = nn.ModuleList([Block(n_embd, n_head) for _ in range(n_layer)])
        self.ln_f = nn.LayerNorm(n_embd, eps=EPS)

    def forward(self, ids):  # (B, T) -> (B, T, V)
        pos = torch.arange(ids.shape[1]).unsqueeze(0)
        x = self.wte(ids) + self.wpe(pos)
        for block in self.blocks:
            x = block(x)
        return self.ln_f(x) @ self.wte.weight.T  # tied LM head


def randomize(model, seed=1234):
    # Spread-out weights so logits differ clearly (greedy ids must not hinge on 1e-6 ties).
    g = torch.Generator().manual_seed(seed)
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


def write_safetensors(path, tensors, dtype="F32"):
    header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name in sorted(tensors):
        data = tensors[name].numpy().astype("<f4" if dtype == "F32" else "<f2").tobytes()
        header[name] = {"dtype": dtype, "shape": list(tensors[name].shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    raw = json.dumps(header, separators=(",", ":")).encode()
    raw += b" " * (-len(raw) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(raw)) + raw + b"".join(blobs))


def config(vocab=VOCAB, n_embd=N_EMBD, n_layer=N_LAYER, n_head=N_HEAD, n_pos=N_POS, eos=EOS):
    return {"architectures": ["GPT2LMHeadModel"], "model_type": "gpt2", "vocab_size": vocab,
            "n_embd": n_embd, "n_layer": n_layer, "n_head": n_head, "n_positions": n_pos,
            "n_ctx": n_pos, "n_inner": None, "layer_norm_epsilon": EPS,
            "activation_function": "gelu_new", "bos_token_id": eos, "eos_token_id": eos,
            "tie_word_embeddings": True}


def greedy(model, ids, steps, repetition_penalty=1.0):
    """Greedy ids, recomputing the whole sequence every step (no cache); also the smallest top-2 gap.

    repetition_penalty as the CTRL paper / HF define it: the logit of every token already in the
    sequence (prompt included) is divided by the penalty if positive, multiplied if negative.
    """
    out, gaps, seq = [], [], list(ids)
    for _ in range(steps):
        last = model(torch.tensor([seq]))[0, -1].clone()
        if repetition_penalty != 1.0:
            seen = torch.tensor(sorted(set(seq)))
            picked = last[seen]
            last[seen] = torch.where(picked > 0, picked / repetition_penalty,
                                     picked * repetition_penalty)
        top2 = torch.topk(last, 2).values
        gaps.append(float(top2[0] - top2[1]))
        out.append(int(torch.argmax(last)))
        seq.append(out[-1])
    return out, min(gaps)


def real_vocab_model():
    """Model 2 ("tiny-gpt2vocab"): the real GPT-2 vocabulary (50257) with n_embd 16, stored as F16.

    Prompt ids are GPT-2's published encoding of "Hello, my dog is cute" (the example of the
    transformers GPT-2 docs), so the reference needs no tokenizer.
    """
    torch.manual_seed(1)
    model = TinyGpt2(vocab=50257, n_embd=16, n_layer=2, n_head=2, n_pos=32).eval()
    randomize(model, seed=99)
    with torch.no_grad():  # round to fp16 so that the F16 checkpoint holds these exact weights
        for p in model.parameters():
            p.copy_(p.half().float())
    sub = os.path.join(OUT, "tiny-gpt2vocab")
    os.makedirs(sub, exist_ok=True)
    write_safetensors(os.path.join(sub, "model.safetensors"),
                      hf_tensors(model, "transformer."), dtype="F16")
    with open(os.path.join(sub, "config.json"), "w") as f:
        json.dump(config(vocab=50257, n_embd=16, n_layer=2, n_head=2, n_pos=32, eos=50256), f,
                  indent=2)
    ids = [15496, 11, 616, 3290, 318, 13779]
    with torch.no_grad():
        last = model(torch.tensor([ids]))[0, -1]
        out, gap = greedy(model, ids, 16)
    print(f"gpt2 vocab: greedy {out}, smallest top-2 gap {gap:.4f}")
    top = torch.topk(last, 5)
    return {"input_ids": ids, "greedy_ids": out,
            "last_logits_top5": {"ids": [int(i) for i in top.indices],
                                 "values": [round(float(v), 6) for v in top.values]}}


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
            out, gap = greedy(model, ids, 20)
            print(f"{text!r}: greedy {out}, smallest top-2 gap {gap:.4f}")
            penalized, pgap = greedy(model, ids, 20, repetition_penalty=1.5)
            print(f"{text!r}: repetition_penalty 1.5 {penalized}, smallest top-2 gap {pgap:.4f}")
            ref["cases"].append({"prompt": text, "input_ids": ids,
                                 "logits": [[round(float(v), 7) for v in row] for row in logits],
                                 "greedy_ids": out,
                                 "greedy_ids_repetition_penalty_1_5": penalized})
    with open(os.path.join(OUT, "tiny-reference.json"), "w") as f:
        json.dump(ref, f)
    with open(os.path.join(OUT, "tiny-gpt2vocab-reference.json"), "w") as f:
        json.dump(real_vocab_model(), f, indent=1)


if __name__ == "__main__":
    main()
