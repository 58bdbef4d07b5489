"""Builds the small safetensors fixtures under src/test/resources/safetensors/.

Run from the inference/ directory:  /usr/bin/python3 src/test/python/make_safetensors_fixtures.py
Values are chosen by hand so that the Java test can state them literally.
"""
import json
import os

import torch

from safetensors_io import save

OUT = "src/test/resources/safetensors"
os.makedirs(OUT, exist_ok=True)

values = [1.0, -2.5, 0.1, 65504.0, 1e-7, 3.140625]
tensors = {
    "f32": torch.tensor(values, dtype=torch.float32).reshape(2, 3),
    "f16": torch.tensor(values, dtype=torch.float16).reshape(3, 2),
    "bf16": torch.tensor(values, dtype=torch.bfloat16).reshape(6),
    "f64": torch.tensor([0.5, -0.25], dtype=torch.float64),
    "i64": torch.tensor([[0, -1], [2**40, 7]], dtype=torch.int64),
    "i32": torch.tensor([-3, 2**31 - 1], dtype=torch.int32),
    "u8": torch.tensor([0, 255, 7], dtype=torch.uint8),
    "bool": torch.tensor([True, False, True], dtype=torch.bool),
    "scalar": torch.tensor(42.0, dtype=torch.float32),
    "empty": torch.zeros(0, 4, dtype=torch.float32),
}
save(tensors, f"{OUT}/dtypes.safetensors", metadata={"format": "pt", "source": "fixture"})

# What torch itself makes of the lossy formats, for the Java test to compare against.
expected = {k: tensors[k].float().flatten().tolist() for k in ("f16", "bf16")}
with open(f"{OUT}/dtypes-expected.json", "w") as f:
    json.dump(expected, f, indent=1)

# A sharded checkpoint: two shards plus an index.
shard_dir = f"{OUT}/sharded"
os.makedirs(shard_dir, exist_ok=True)
a = {"layer.0.weight": torch.arange(6, dtype=torch.float32).reshape(2, 3)}
b = {"layer.1.weight": torch.arange(4, dtype=torch.float16).reshape(2, 2),
     "layer.1.bias": torch.tensor([-1.0, 1.0])}
save(a, f"{shard_dir}/model-00001-of-00002.safetensors", metadata={"format": "pt"})
save(b, f"{shard_dir}/model-00002-of-00002.safetensors", metadata={"format": "pt"})
index = {"metadata": {"total_size": 6 * 4 + 4 * 2 + 2 * 4},
         "weight_map": {"layer.0.weight": "model-00001-of-00002.safetensors",
                        "layer.1.weight": "model-00002-of-00002.safetensors",
                        "layer.1.bias": "model-00002-of-00002.safetensors"}}
with open(f"{shard_dir}/model.safetensors.index.json", "w") as f:
    json.dump(index, f, indent=2)
