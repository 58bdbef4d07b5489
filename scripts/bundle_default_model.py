#!/usr/bin/env python3
"""Turns a trained model directory into a bundled llmkit default (dev/llmkit/models/<name>/).

Tensors shared with the default encoder (all-MiniLM-L6-v2) are left out and named in
base-tensors.json; llmkit fills them in from the encoder when it unpacks the bundle. The other
tensors are copied byte for byte. A files.sha256 manifest lists every shipped file.

usage: bundle_default_model.py MODEL_DIR OUT_DIR BUNDLE_NAME=BASE_NAME...
  e.g. bundle_default_model.py runs/ner inference/src/main/resources/dev/llmkit/models/ner \
           bert.embeddings.word_embeddings.weight=embeddings.word_embeddings.weight
"""
import hashlib
import json
import shutil
import struct
import sys
from pathlib import Path

COPIED = ["config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json",
          "vocab.txt"]


def strip(src: Path, dst: Path, drop: set) -> None:
    with src.open("rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n))
        data = f.read()
    missing = drop - header.keys()
    if missing:
        sys.exit(f"not in {src}: {sorted(missing)}")
    out_header, chunks, offset = {}, [], 0
    for name, info in header.items():
        if name == "__metadata__":
            out_header[name] = info
            continue
        if name in drop:
            continue
        begin, end = info["data_offsets"]
        chunks.append(data[begin:end])
        out_header[name] = dict(info, data_offsets=[offset, offset + end - begin])
        offset += end - begin
    raw = json.dumps(out_header, separators=(",", ":")).encode()
    raw += b" " * (-len(raw) % 8)
    with dst.open("wb") as f:
        f.write(struct.pack("<Q", len(raw)))
        f.write(raw)
        for c in chunks:
            f.write(c)


def main() -> None:
    model, out = Path(sys.argv[1]), Path(sys.argv[2])
    pairs = dict(arg.split("=", 1) for arg in sys.argv[3:])
    out.mkdir(parents=True, exist_ok=True)
    strip(model / "model.safetensors", out / "model.safetensors", set(pairs))
    shipped = ["model.safetensors"]
    for name in COPIED:
        if (model / name).exists():
            shutil.copyfile(model / name, out / name)
            shipped.append(name)
    if pairs:
        (out / "base-tensors.json").write_text(
            json.dumps({"base": "all-minilm-l6-v2", "tensors": pairs}, indent=2) + "\n")
        shipped.append("base-tensors.json")
    lines = [f"{hashlib.sha256((out / n).read_bytes()).hexdigest()}  {n}" for n in sorted(shipped)]
    (out / "files.sha256").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
