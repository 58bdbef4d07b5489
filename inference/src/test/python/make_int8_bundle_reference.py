"""Checks scripts/bundle_default_model.py --int8 against torch, and writes what llmkit must unpack.

1. Runs the bundler (numpy) on the random tiny BERT of the encoder references with
   --int8 --min-elements 1024 --keep bert.encoder.layer.1.output.dense.weight, into
   resources/defaults-int8/ner/ (a bundle the Java test unpacks with DefaultModels).
2. Recomputes every quantized tensor with torch (amax, round half to even, clamp), asserts the
   bundle holds the same int8 values and scales, and that q * s is within s/2 of the original.
3. Writes resources/reference/int8-bundle/expected.safetensors: q * s in float32 (torch), the
   values the Java dequantizer must produce, plus expected.json naming the quantized tensors.

Run once from the repository root (Debian python3-torch 1.13, numpy):
    /usr/bin/python3 inference/src/test/python/make_int8_bundle_reference.py
"""
import json
import os
import struct
import subprocess
import sys

import numpy as np
import torch

import safetensors_io

HERE = os.path.dirname(os.path.abspath(__file__))
RES = os.path.join(HERE, "..", "resources")
ROOT = os.path.join(HERE, "..", "..", "..", "..")
SOURCE = os.path.join(RES, "reference", "tiny-bert-heads")
BUNDLE = os.path.join(RES, "defaults-int8", "ner")
OUT = os.path.join(RES, "reference", "int8-bundle")
KEPT = "bert.encoder.layer.1.output.dense.weight"
NUMPY = {"F32": "<f4", "I8": "i1"}


def read(path):
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        b, e = info["data_offsets"]
        out[name] = torch.from_numpy(
            np.frombuffer(data[b:e], dtype=NUMPY[info["dtype"]]).copy().reshape(info["shape"]))
    return out


def main():
    subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "bundle_default_model.py"),
                    "--int8", "--min-elements", "1024", "--keep", KEPT, SOURCE, BUNDLE],
                   check=True)
    original = read(os.path.join(SOURCE, "model.safetensors"))
    bundle = read(os.path.join(BUNDLE, "model.safetensors"))
    with open(os.path.join(BUNDLE, "quantized-tensors.json")) as f:
        spec = json.load(f)
    assert spec["version"] == 1 and spec["scheme"] == "int8-symmetric-per-row", spec
    expected = {}
    for name, w in original.items():
        if name not in spec["tensors"]:
            assert torch.equal(bundle[name], w), name
            continue
        assert w.dim() == 2 and w.numel() >= 1024 and name != KEPT, name
        amax = w.abs().amax(dim=1)  # (R,)
        s = torch.where(amax == 0, torch.ones_like(amax), amax / 127)
        q = torch.clamp(torch.round(w / s[:, None]), -127, 127).to(torch.int8)
        assert torch.equal(bundle[spec["tensors"][name]], s), name
        assert torch.equal(bundle[name], q), name
        deq = q.to(torch.float32) * s[:, None]  # (R, C)
        assert bool(((deq - w).abs() <= s[:, None] / 2 + 1e-7).all()), name
        expected[name] = deq
    assert KEPT not in spec["tensors"] and len(expected) == 13, sorted(expected)
    os.makedirs(OUT, exist_ok=True)
    safetensors_io.save(expected, os.path.join(OUT, "expected.safetensors"))
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump({"quantized": sorted(expected), "kept": KEPT}, f, indent=2)
        f.write("\n")
    print(f"{len(expected)} tensors checked", file=sys.stderr)


if __name__ == "__main__":
    main()
