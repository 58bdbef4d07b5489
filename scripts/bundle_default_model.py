#!/usr/bin/env python3
"""Turns a trained model directory into a bundled llmkit default (dev/llmkit/models/<name>/).

Tensors shared with the default encoder (all-MiniLM-L6-v2) are left out and named in
base-tensors.json; llmkit fills them in from the encoder when it unpacks the bundle. The other
tensors are copied byte for byte, unless --int8 is given. A files.sha256 manifest lists every
shipped file.

--int8 stores every 2-D floating-point tensor of at least --min-elements elements (default 4096;
not those named with --keep) as symmetric int8 with one float32 scale per row (row = first
dimension):

    s = max|row| / 127   (s = 1 for an all-zero row)      q = clamp(round(w / s), -127, 127)

so q * s is within s/2 of w. The scales are stored as an F32 tensor of shape [rows] named
"<tensor>.int8_scale", and quantized-tensors.json records
{"version": 1, "scheme": "int8-symmetric-per-row", "tensors": {tensor: scale tensor}}. llmkit
dequantizes (w = q * s, in float32) when it unpacks the bundle and writes an ordinary checkpoint:
F16 when the other floating-point tensors are F16, else F32. 1-D tensors (biases, LayerNorm) and
small matrices (a classifier head) keep their dtype.

usage: bundle_default_model.py [--int8 [--keep NAME]... [--min-elements N]]
                               MODEL_DIR OUT_DIR [BUNDLE_NAME=BASE_NAME]...
  e.g. bundle_default_model.py --int8 runs/ner inference/src/main/resources/dev/llmkit/models/ner \
           bert.embeddings.word_embeddings.weight=embeddings.word_embeddings.weight

Needs only python3 and numpy.
"""
import argparse
import hashlib
import json
import shutil
import struct
import sys
from pathlib import Path

import numpy as np

COPIED = ["config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json",
          "special_tokens_map.json", "vocab.txt"]
SCHEME = "int8-symmetric-per-row"
SCALE_SUFFIX = ".int8_scale"
FLOATS = {"F16": "<f2", "F32": "<f4", "F64": "<f8", "BF16": None}


def read_safetensors(path: Path):
    with path.open("rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n))
        data = f.read()
    return header, data


def to_float32(info: dict, raw: bytes) -> np.ndarray:
    if info["dtype"] == "BF16":  # the high half of a float32
        bits = np.frombuffer(raw, dtype="<u2").astype(np.uint32) << 16
        values = bits.view(np.float32)
    else:
        values = np.frombuffer(raw, dtype=FLOATS[info["dtype"]]).astype(np.float32)
    return values.reshape(info["shape"])


def quantize_rows(w: np.ndarray):
    """Symmetric int8, one scale per row: returns (q int8 (R, C), s float32 (R,))."""
    if not np.all(np.isfinite(w)):
        raise ValueError("tensor has non-finite values")
    amax = np.max(np.abs(w), axis=1)  # (R,)
    s = (amax / np.float32(127)).astype(np.float32)
    s[amax == 0] = np.float32(1)
    q = np.clip(np.rint(w / s[:, None]), -127, 127).astype(np.int8)
    return q, s


def quantizable(info: dict, min_elements: int) -> bool:
    shape = info["shape"]
    return (info["dtype"] in FLOATS and len(shape) == 2
            and shape[0] * shape[1] >= min_elements)


def rewrite(src: Path, dst: Path, drop: set, int8: bool, keep: set, min_elements: int) -> dict:
    """Writes dst without the dropped tensors, quantizing if asked; returns {tensor: scale}."""
    header, data = read_safetensors(src)
    missing = (drop | keep) - header.keys()
    if missing:
        sys.exit(f"not in {src}: {sorted(missing)}")
    out_header, chunks, scales = {}, [], {}

    def add(name, entry, raw):
        offset = sum(len(c) for c in chunks)
        out_header[name] = dict(entry, data_offsets=[offset, offset + len(raw)])
        chunks.append(raw)

    for name, info in header.items():
        if name == "__metadata__":
            out_header[name] = info
            continue
        if name in drop:
            continue
        begin, end = info["data_offsets"]
        raw = data[begin:end]
        if int8 and name not in keep and quantizable(info, min_elements):
            scale_name = name + SCALE_SUFFIX
            if scale_name in header:
                sys.exit(f"{src}: {scale_name} already exists")
            try:
                q, s = quantize_rows(to_float32(info, raw))
            except ValueError as e:
                sys.exit(f"{src}: {name}: {e}")
            add(name, {"dtype": "I8", "shape": info["shape"]}, q.tobytes())
            add(scale_name, {"dtype": "F32", "shape": [info["shape"][0]]},
                s.astype("<f4").tobytes())
            scales[name] = scale_name
        else:
            add(name, {"dtype": info["dtype"], "shape": info["shape"]}, raw)
    raw = json.dumps(out_header, separators=(",", ":")).encode()
    raw += b" " * (-len(raw) % 8)
    with dst.open("wb") as f:
        f.write(struct.pack("<Q", len(raw)))
        f.write(raw)
        for c in chunks:
            f.write(c)
    return scales


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("model", type=Path, help="trained Hugging Face model directory")
    p.add_argument("out", type=Path, help="bundle directory to write")
    p.add_argument("pairs", nargs="*", metavar="BUNDLE_NAME=BASE_NAME",
                   help="tensor left out, taken from the base encoder at unpack")
    p.add_argument("--int8", action="store_true", help="store large 2-D tensors as int8")
    p.add_argument("--keep", action="append", default=[], metavar="NAME",
                   help="with --int8: a tensor to leave unquantized (repeatable)")
    p.add_argument("--min-elements", type=int, default=4096, metavar="N",
                   help="with --int8: smallest tensor quantized (default 4096)")
    args = p.parse_args()
    if (args.keep or args.min_elements != 4096) and not args.int8:
        p.error("--keep and --min-elements need --int8")
    pairs = dict(arg.split("=", 1) for arg in args.pairs)
    model, out = args.model, args.out
    out.mkdir(parents=True, exist_ok=True)
    stale = out / "quantized-tensors.json"
    if stale.exists():
        stale.unlink()
    scales = rewrite(model / "model.safetensors", out / "model.safetensors", set(pairs),
                     args.int8, set(args.keep), args.min_elements)
    shipped = ["model.safetensors"]
    for name in COPIED:
        if (model / name).exists():
            shutil.copyfile(model / name, out / name)
            shipped.append(name)
    if pairs:
        (out / "base-tensors.json").write_text(
            json.dumps({"base": "all-minilm-l6-v2", "tensors": pairs}, indent=2) + "\n")
        shipped.append("base-tensors.json")
    if scales:
        stale.write_text(json.dumps(
            {"version": 1, "scheme": SCHEME, "tensors": scales}, indent=2) + "\n")
        shipped.append(stale.name)
        print(f"{len(scales)} tensors stored as int8", file=sys.stderr)
    lines = [f"{hashlib.sha256((out / n).read_bytes()).hexdigest()}  {n}" for n in sorted(shipped)]
    (out / "files.sha256").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
