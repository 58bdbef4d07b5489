"""Tiny random BERT / DistilBERT / RoBERTa checkpoints and their reference outputs.

Run once from the inference/ directory:
    /usr/bin/python3 src/test/python/make_encoder_references.py
Outputs go to src/test/resources/reference/<name>/ (config.json, model.safetensors) and
src/test/resources/reference/<family>-expected.json.

The models are written here from torch.nn building blocks (nn.Embedding, nn.Linear, nn.LayerNorm,
F.gelu, torch.softmax), following the structure and parameter names of Hugging Face
modeling_bert.py / modeling_distilbert.py / modeling_roberta.py, so that state_dict() yields HF
names. It is an independent reference for the Java implementation, not a copy of it.
"""
import json
import math
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

from safetensors_io import save

OUT = "src/test/resources/reference"
HIDDEN, LAYERS, HEADS, FFN, VOCAB, LABELS = 32, 2, 4, 64, 100, 5


def act(name):
    return {"gelu": lambda x: F.gelu(x), "gelu_new": lambda x: F.gelu(x, approximate="tanh")}[name]


class SelfAttention(nn.Module):
    """BERT naming: query/key/value; DistilBERT passes other names through `names`."""

    def __init__(self, names=("query", "key", "value")):
        super().__init__()
        self.names = names
        for n in names:
            setattr(self, n, nn.Linear(HIDDEN, HIDDEN))

    def forward(self, x, keep):  # keep: (B, T) 1 = attend, 0 = padding
        b, t, _ = x.shape
        d = HIDDEN // HEADS
        q, k, v = (getattr(self, n)(x).view(b, t, HEADS, d).permute(0, 2, 1, 3) for n in self.names)
        scores = torch.einsum("bhqd,bhkd->bhqk", q, k) / math.sqrt(d)
        scores = scores.masked_fill(keep[:, None, None, :] == 0, float("-inf"))
        probs = torch.softmax(scores, dim=-1)
        return torch.einsum("bhqk,bhkd->bhqd", probs, v).permute(0, 2, 1, 3).reshape(b, t, HIDDEN)


# ---------------------------------------------------------------- BERT / RoBERTa
class BertSelfOutput(nn.Module):
    def __init__(self, eps):
        super().__init__()
        self.dense = nn.Linear(HIDDEN, HIDDEN)
        self.LayerNorm = nn.LayerNorm(HIDDEN, eps=eps)


class BertAttention(nn.Module):
    def __init__(self, eps):
        super().__init__()
        self.self = SelfAttention()
        self.output = BertSelfOutput(eps)

    def forward(self, x, keep):
        return self.output.LayerNorm(self.output.dense(self.self(x, keep)) + x)


class Dense(nn.Module):
    def __init__(self, n_in, n_out):
        super().__init__()
        self.dense = nn.Linear(n_in, n_out)


class BertOutput(nn.Module):
    def __init__(self, eps):
        super().__init__()
        self.dense = nn.Linear(FFN, HIDDEN)
        self.LayerNorm = nn.LayerNorm(HIDDEN, eps=eps)


class BertLayer(nn.Module):
    def __init__(self, eps, hidden_act):
        super().__init__()
        self.attention = BertAttention(eps)
        self.intermediate = Dense(HIDDEN, FFN)
        self.output = BertOutput(eps)
        self.act = act(hidden_act)

    def forward(self, x, keep):
        a = self.attention(x, keep)
        h = self.act(self.intermediate.dense(a))
        return self.output.LayerNorm(self.output.dense(h) + a)


class BertEncoderStack(nn.Module):
    def __init__(self, eps, hidden_act):
        super().__init__()
        self.layer = nn.ModuleList([BertLayer(eps, hidden_act) for _ in range(LAYERS)])


class BertEmbeddings(nn.Module):
    def __init__(self, max_pos, type_vocab, eps):
        super().__init__()
        self.word_embeddings = nn.Embedding(VOCAB, HIDDEN)
        self.position_embeddings = nn.Embedding(max_pos, HIDDEN)
        self.token_type_embeddings = nn.Embedding(type_vocab, HIDDEN)
        self.LayerNorm = nn.LayerNorm(HIDDEN, eps=eps)


class BertLike(nn.Module):
    """BertModel, or RobertaModel when roberta_pad is set (positions count only non-padding)."""

    def __init__(self, max_pos, type_vocab, eps, hidden_act, roberta_pad=None):
        super().__init__()
        self.embeddings = BertEmbeddings(max_pos, type_vocab, eps)
        self.encoder = BertEncoderStack(eps, hidden_act)
        self.roberta_pad = roberta_pad

    def forward(self, ids, keep, types):
        if self.roberta_pad is None:
            pos = torch.arange(ids.shape[1]).expand_as(ids)
        else:
            not_pad = (ids != self.roberta_pad).long()
            pos = torch.cumsum(not_pad, dim=1) * not_pad + self.roberta_pad
        e = self.embeddings
        x = e.word_embeddings(ids) + e.position_embeddings(pos) + e.token_type_embeddings(types)
        x = e.LayerNorm(x)
        for layer in self.encoder.layer:
            x = layer(x, keep)
        return x


# ---------------------------------------------------------------- DistilBERT
class DistilAttention(SelfAttention):
    def __init__(self):
        super().__init__(names=("q_lin", "k_lin", "v_lin"))
        self.out_lin = nn.Linear(HIDDEN, HIDDEN)

    def forward(self, x, keep):
        return self.out_lin(super().forward(x, keep))


class DistilFfn(nn.Module):
    def __init__(self, hidden_act):
        super().__init__()
        self.lin1 = nn.Linear(HIDDEN, FFN)
        self.lin2 = nn.Linear(FFN, HIDDEN)
        self.act = act(hidden_act)

    def forward(self, x):
        return self.lin2(self.act(self.lin1(x)))


class DistilBlock(nn.Module):
    def __init__(self, hidden_act):
        super().__init__()
        self.attention = DistilAttention()
        self.sa_layer_norm = nn.LayerNorm(HIDDEN, eps=1e-12)
        self.ffn = DistilFfn(hidden_act)
        self.output_layer_norm = nn.LayerNorm(HIDDEN, eps=1e-12)

    def forward(self, x, keep):
        s = self.sa_layer_norm(self.attention(x, keep) + x)
        return self.output_layer_norm(self.ffn(s) + s)


class DistilEmbeddings(nn.Module):
    def __init__(self, max_pos):
        super().__init__()
        self.word_embeddings = nn.Embedding(VOCAB, HIDDEN)
        self.position_embeddings = nn.Embedding(max_pos, HIDDEN)
        self.LayerNorm = nn.LayerNorm(HIDDEN, eps=1e-12)


class DistilTransformer(nn.Module):
    def __init__(self, hidden_act):
        super().__init__()
        self.layer = nn.ModuleList([DistilBlock(hidden_act) for _ in range(LAYERS)])


class DistilBert(nn.Module):
    def __init__(self, max_pos, hidden_act):
        super().__init__()
        self.embeddings = DistilEmbeddings(max_pos)
        self.transformer = DistilTransformer(hidden_act)

    def forward(self, ids, keep, types=None):
        pos = torch.arange(ids.shape[1]).expand_as(ids)
        x = self.embeddings.LayerNorm(
            self.embeddings.word_embeddings(ids) + self.embeddings.position_embeddings(pos))
        for layer in self.transformer.layer:
            x = layer(x, keep)
        return x


# ---------------------------------------------------------------- heads and driver
class WithHeads(nn.Module):
    def __init__(self, prefix, base):
        super().__init__()
        self.prefix = prefix
        setattr(self, prefix, base)
        self.classifier = nn.Linear(HIDDEN, LABELS)
        self.qa_outputs = nn.Linear(HIDDEN, 2)

    def base(self):
        return getattr(self, self.prefix)


def randomize(module, seed):
    """O(1) activations everywhere, so that every nonlinearity matters at the 1e-4 tolerance."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in sorted(module.named_parameters()):
            r = torch.randn(p.shape, generator=g)
            if "norm" in name.lower() and name.endswith("weight"):
                p.copy_(1.0 + 0.2 * r)  # LayerNorm gain around 1
            elif name.endswith("bias"):
                p.copy_(0.2 * r)
            elif "embeddings" in name:
                p.copy_(r)
            else:  # Linear (out, in): unit-variance outputs, times 1.5
                p.copy_(1.5 * r / math.sqrt(p.shape[1]))


def mean_pool(h, keep):
    m = keep.unsqueeze(-1).float()
    return (h * m).sum(1) / m.sum(1).clamp(min=1e-9)


def write_checkpoint(name, state, config):
    d = f"{OUT}/{name}"
    os.makedirs(d, exist_ok=True)
    save({k: v.contiguous() for k, v in state.items()}, f"{d}/model.safetensors",
         metadata={"format": "pt"})
    with open(f"{d}/config.json", "w") as f:
        json.dump(config, f, indent=2, sort_keys=True)


def batch(pad, lengths, seed):
    g = torch.Generator().manual_seed(seed)
    t = max(lengths)
    ids = torch.full((len(lengths), t), pad, dtype=torch.long)
    keep = torch.zeros((len(lengths), t), dtype=torch.long)
    types = torch.zeros((len(lengths), t), dtype=torch.long)
    for i, n in enumerate(lengths):
        real = torch.randint(3, VOCAB, (n,), generator=g)  # ids 0..2 are special/padding
        ids[i, :n] = real
        keep[i, :n] = 1
        types[i, n // 2:n] = 1
    return ids, keep, types


def run(family, prefix, base, config, pad, uses_types, seed):
    model = WithHeads(prefix, base)
    randomize(model, seed)
    model.eval()
    labels = {str(i): l for i, l in enumerate(["O", "B-PER", "I-PER", "B-LOC", "I-LOC"])}
    state = model.state_dict()
    base_state = {k[len(prefix) + 1:]: v for k, v in state.items() if k.startswith(prefix + ".")}
    base_config = dict(config, architectures=[config["architectures"][0].replace("ForTokenClassification", "Model")])
    write_checkpoint(f"tiny-{family}", base_state, base_config)
    write_checkpoint(f"tiny-{family}-heads", state,
                     dict(config, id2label=labels, label2id={v: int(k) for k, v in labels.items()}))

    cases = []
    for lengths in ([7, 5, 3], [4]):
        ids, keep, types = batch(pad, lengths, seed + len(lengths))
        if not uses_types:
            types = torch.zeros_like(ids)
        with torch.no_grad():
            h = model.base()(ids, keep, types)
            logits = model.classifier(h)
            qa = model.qa_outputs(h)
        cases.append({
            "input_ids": ids.tolist(),
            "attention_mask": keep.tolist(),
            "token_type_ids": types.tolist() if uses_types else None,
            "last_hidden_state": h.tolist(),
            "token_logits": logits.tolist(),
            "start_logits": qa[..., 0].tolist(),
            "end_logits": qa[..., 1].tolist(),
            "mean_pooled": mean_pool(h, keep).tolist(),
            "cls_pooled": h[:, 0].tolist(),
        })
    # Gradients of loss = sum(token_logits * sin(0, 1, 2, ...)) on the first batch, for a few
    # parameters: shows the Java forward is differentiable end to end, and correctly so.
    ids, keep, types = (torch.tensor(cases[0][k]) if cases[0][k] is not None else None
                        for k in ("input_ids", "attention_mask", "token_type_ids"))
    if types is None:
        types = torch.zeros_like(ids)
    model.zero_grad()
    logits = model.classifier(model.base()(ids, keep, types))
    weights = torch.sin(torch.arange(logits.numel(), dtype=torch.float32)).reshape(logits.shape)
    (logits * weights).sum().backward()
    first_query = {"bert": "bert.encoder.layer.0.attention.self.query.weight",
                   "roberta": "roberta.encoder.layer.0.attention.self.query.weight",
                   "distilbert": "distilbert.transformer.layer.0.attention.q_lin.weight"}[family]
    named = dict(model.named_parameters())
    grads = {n: named[n].grad.flatten().tolist()
             for n in ("classifier.weight", first_query, f"{prefix}.embeddings.LayerNorm.weight")}
    with open(f"{OUT}/{family}-expected.json", "w") as f:
        json.dump({"family": family, "cases": cases, "gradients": grads}, f)


common = {"hidden_size": HIDDEN, "num_hidden_layers": LAYERS, "num_attention_heads": HEADS,
          "intermediate_size": FFN, "vocab_size": VOCAB, "hidden_dropout_prob": 0.1,
          "attention_probs_dropout_prob": 0.1, "initializer_range": 0.02}

run("bert", "bert", BertLike(64, 2, 1e-12, "gelu"),
    dict(common, architectures=["BertForTokenClassification"], model_type="bert",
         hidden_act="gelu", layer_norm_eps=1e-12, max_position_embeddings=64,
         type_vocab_size=2, pad_token_id=0),
    pad=0, uses_types=True, seed=1)

run("roberta", "roberta", BertLike(66, 1, 1e-5, "gelu_new", roberta_pad=1),
    dict(common, architectures=["RobertaForTokenClassification"], model_type="roberta",
         hidden_act="gelu_new", layer_norm_eps=1e-5, max_position_embeddings=66,
         type_vocab_size=1, pad_token_id=1, bos_token_id=0, eos_token_id=2),
    pad=1, uses_types=False, seed=2)

run("distilbert", "distilbert", DistilBert(64, "gelu"),
    {"architectures": ["DistilBertForTokenClassification"], "model_type": "distilbert",
     "dim": HIDDEN, "n_layers": LAYERS, "n_heads": HEADS, "hidden_dim": FFN, "vocab_size": VOCAB,
     "activation": "gelu", "max_position_embeddings": 64, "pad_token_id": 0,
     "sinusoidal_pos_embds": False, "dropout": 0.1, "attention_dropout": 0.1,
     "qa_dropout": 0.1, "seq_classif_dropout": 0.2, "initializer_range": 0.02},
    pad=0, uses_types=False, seed=3)
