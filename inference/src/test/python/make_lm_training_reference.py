"""Independent reference for llmkit's GPT-2 training step (LanguageModelTask + Trainer).

Builds a tiny GPT-2 from torch.nn.functional building blocks (mirroring HF modeling_gpt2.py:
pre-LayerNorm blocks, Conv1D (in, out) weights, gelu_new, tied head), computes the mean
next-token cross-entropy of two packed blocks and its gradients with torch autograd, then applies
two AdamW steps written out from the documented update rule (DJL's fused kernel:
w -= lr*wd*w; m = b1*m + (1-b1)*g; v = b2*v + (1-b2)*g^2; w -= lr*sqrt(1-b2^t)/(1-b1^t) * m/(sqrt(v)+eps)),
with global-norm clipping as torch.nn.utils.clip_grad_norm_ and a linear schedule without warm-up.

Run once with Debian's python3-torch; outputs are committed next to the tests:
  python3 inference/src/test/python/make_lm_training_reference.py inference/src/test/resources/reference/lm-training
"""
import json
import math
import struct
import sys

import torch
import torch.nn.functional as F

V, C, L, H, P = 40, 32, 2, 4, 16
D = C // H
LR, WD, B1, B2, EPS, MAX_NORM, STEPS = 1e-2, 0.01, 0.9, 0.999, 1e-6, 1.0, 2


def params():
    g = torch.Generator().manual_seed(0)
    def n(*shape, std=0.2):
        return torch.randn(*shape, generator=g) * std
    p = {"transformer.wte.weight": n(V, C), "transformer.wpe.weight": n(P, C)}
    for i in range(L):
        b = f"transformer.h.{i}."
        p[b + "ln_1.weight"] = 1 + n(C, std=0.1)
        p[b + "ln_1.bias"] = n(C, std=0.1)
        p[b + "attn.c_attn.weight"] = n(C, 3 * C)
        p[b + "attn.c_attn.bias"] = n(3 * C, std=0.05)
        p[b + "attn.c_proj.weight"] = n(C, C)
        p[b + "attn.c_proj.bias"] = n(C, std=0.05)
        p[b + "ln_2.weight"] = 1 + n(C, std=0.1)
        p[b + "ln_2.bias"] = n(C, std=0.1)
        p[b + "mlp.c_fc.weight"] = n(C, 4 * C)
        p[b + "mlp.c_fc.bias"] = n(4 * C, std=0.05)
        p[b + "mlp.c_proj.weight"] = n(4 * C, C)
        p[b + "mlp.c_proj.bias"] = n(C, std=0.05)
    p["transformer.ln_f.weight"] = 1 + n(C, std=0.1)
    p["transformer.ln_f.bias"] = n(C, std=0.1)
    return p


def gelu_new(x):
    return 0.5 * x * (1 + torch.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x ** 3)))


def loss_fn(p, ids, targets):
    b, t = ids.shape
    x = p["transformer.wte.weight"][ids] + p["transformer.wpe.weight"][torch.arange(t)]
    causal = torch.tril(torch.ones(t, t))
    for i in range(L):
        w = lambda k: p[f"transformer.h.{i}.{k}"]
        h = F.layer_norm(x, (C,), w("ln_1.weight"), w("ln_1.bias"), 1e-5)
        q, k, v = (h @ w("attn.c_attn.weight") + w("attn.c_attn.bias")).split(C, dim=2)
        q, k, v = (z.view(b, t, H, D).transpose(1, 2) for z in (q, k, v))
        scores = q @ k.transpose(-2, -1) / math.sqrt(D) + (causal - 1) * 1e9
        y = (F.softmax(scores, dim=-1) @ v).transpose(1, 2).reshape(b, t, C)
        x = x + y @ w("attn.c_proj.weight") + w("attn.c_proj.bias")
        h = F.layer_norm(x, (C,), w("ln_2.weight"), w("ln_2.bias"), 1e-5)
        h = gelu_new(h @ w("mlp.c_fc.weight") + w("mlp.c_fc.bias"))
        x = x + h @ w("mlp.c_proj.weight") + w("mlp.c_proj.bias")
    x = F.layer_norm(x, (C,), p["transformer.ln_f.weight"], p["transformer.ln_f.bias"], 1e-5)
    logits = x @ p["transformer.wte.weight"].T
    return F.cross_entropy(logits.reshape(-1, V), targets.reshape(-1))


def decays(name):
    # Hugging Face Trainer: no decay for biases and LayerNorm weights.
    return not (name.endswith("bias") or ".ln_" in name)


def write_safetensors(path, tensors):
    header, offset, blobs = {}, 0, []
    for name, t in tensors.items():
        data = t.detach().contiguous().to(torch.float32).numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    header["__metadata__"] = {"format": "pt"}
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for blob in blobs:
            f.write(blob)


def main(out):
    p = params()
    stream = torch.tensor([(7 * i * i + 3 * i + 1) % V for i in range(2 * P + 1)])
    ids = torch.stack([stream[0:P], stream[P:2 * P]])
    targets = torch.stack([stream[1:P + 1], stream[P + 1:2 * P + 1]])
    write_safetensors(f"{out}/model.safetensors", p)

    w = {k: v.clone().requires_grad_(True) for k, v in p.items()}
    loss = loss_fn(w, ids, targets)
    grads = torch.autograd.grad(loss, list(w.values()))
    expected = {"grad." + k: g for k, g in zip(w, grads)}
    first_loss = loss.item()

    m = {k: torch.zeros_like(v) for k, v in p.items()}
    s = {k: torch.zeros_like(v) for k, v in p.items()}
    cur = {k: v.clone() for k, v in p.items()}
    norms = []
    for step in range(STEPS):
        x = {k: v.clone().requires_grad_(True) for k, v in cur.items()}
        g = dict(zip(x, torch.autograd.grad(loss_fn(x, ids, targets), list(x.values()))))
        norm = math.sqrt(sum((t.double() ** 2).sum().item() for t in g.values()))
        norms.append(norm)
        scale = min(1.0, MAX_NORM / (norm + 1e-6))
        lr = LR * (STEPS - step) / STEPS  # linear decay, no warm-up
        t = step + 1
        lr_bc = lr * math.sqrt(1 - B2 ** t) / (1 - B1 ** t)
        for k in cur:
            gk = g[k] * scale
            if decays(k):
                cur[k] = cur[k] - cur[k] * lr * WD
            m[k] = B1 * m[k] + (1 - B1) * gk
            s[k] = B2 * s[k] + (1 - B2) * gk * gk
            cur[k] = cur[k] - lr_bc * m[k] / (s[k].sqrt() + EPS)
    expected.update({"trained." + k: v for k, v in cur.items()})
    write_safetensors(f"{out}/expected.safetensors", expected)

    config = {"architectures": ["GPT2LMHeadModel"], "model_type": "gpt2", "vocab_size": V,
              "n_positions": P, "n_ctx": P, "n_embd": C, "n_layer": L, "n_head": H,
              "n_inner": None, "activation_function": "gelu_new", "layer_norm_epsilon": 1e-5,
              "bos_token_id": 0, "eos_token_id": 0, "tie_word_embeddings": True}
    with open(f"{out}/config.json", "w") as f:
        json.dump(config, f, indent=2)
    with open(f"{out}/expected.json", "w") as f:
        json.dump({"stream": stream.tolist(), "block_size": P, "loss": first_loss,
                   "grad_norms": norms, "lr": LR, "weight_decay": WD, "eps": EPS,
                   "max_grad_norm": MAX_NORM, "steps": STEPS, "torch": torch.__version__}, f, indent=2)


if __name__ == "__main__":
    main(sys.argv[1])
