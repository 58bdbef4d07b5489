package dev.llmkit.inference.minilm;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Writes protobuf wire format by hand, to build small ONNX models for tests. */
final class OnnxBuilder {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  byte[] bytes() {
    return out.toByteArray();
  }

  OnnxBuilder varint(int field, long value) {
    tag(field, 0);
    rawVarint(value);
    return this;
  }

  OnnxBuilder bytes(int field, byte[] value) {
    tag(field, 2);
    rawVarint(value.length);
    out.writeBytes(value);
    return this;
  }

  OnnxBuilder string(int field, String value) {
    return bytes(field, value.getBytes(StandardCharsets.UTF_8));
  }

  OnnxBuilder message(int field, OnnxBuilder message) {
    return bytes(field, message.bytes());
  }

  OnnxBuilder fixed32(int field, float value) {
    tag(field, 5);
    ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(value);
    out.writeBytes(b.array());
    return this;
  }

  OnnxBuilder raw(byte... bytes) {
    out.writeBytes(bytes);
    return this;
  }

  private void tag(int field, int wire) {
    rawVarint(((long) field << 3) | wire);
  }

  private void rawVarint(long value) {
    while ((value & ~0x7fL) != 0) {
      out.write((int) ((value & 0x7f) | 0x80));
      value >>>= 7;
    }
    out.write((int) value);
  }

  // ---- ONNX messages

  /** TensorProto with FLOAT raw_data. */
  static OnnxBuilder floatTensor(String name, long[] dims, float[] values) {
    OnnxBuilder t = new OnnxBuilder();
    for (long d : dims) {
      t.varint(1, d);
    }
    t.varint(2, 1);
    t.string(8, name);
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putFloat(v);
    }
    t.bytes(9, b.array());
    return t;
  }

  /** NodeProto. */
  static OnnxBuilder node(String name, String opType, String... inputs) {
    OnnxBuilder n = new OnnxBuilder();
    for (String in : inputs) {
      n.string(1, in);
    }
    n.string(2, name + "_output_0");
    n.string(3, name);
    n.string(4, opType);
    return n;
  }

  /** ModelProto wrapping a GraphProto. */
  static byte[] model(OnnxBuilder graph) {
    return new OnnxBuilder()
        .varint(1, 8)
        .string(2, "pytorch")
        .message(7, graph)
        .message(8, new OnnxBuilder().varint(2, 14))
        .bytes();
  }
}
