package dev.llmkit.inference.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Float32 tensors of a checkpoint in the safetensors layout (8-byte little-endian header length,
 * JSON header, raw little-endian data), so that checkpoints can be inspected with standard tools.
 * Only what checkpoints need: F32 in, F32 out, exact bits.
 */
final class CheckpointTensors {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A tensor read back: its values and shape. */
  record Tensor(float[] data, Shape shape) {}

  private CheckpointTensors() {}

  /** Writes arrays (converted to float32) in the given order. */
  static void write(Path file, Map<String, NDArray> arrays) throws IOException {
    ObjectNode header = JSON.createObjectNode();
    Map<String, float[]> data = new LinkedHashMap<>();
    long offset = 0;
    for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
      if (e.getValue().getDataType() != DataType.FLOAT32) {
        throw new IllegalArgumentException(
            e.getKey() + " is " + e.getValue().getDataType() + ", not float32");
      }
      float[] values = e.getValue().toFloatArray();
      data.put(e.getKey(), values);
      ObjectNode t = header.putObject(e.getKey());
      t.put("dtype", "F32");
      var shape = t.putArray("shape");
      for (long d : e.getValue().getShape().getShape()) {
        shape.add(d);
      }
      t.putArray("data_offsets").add(offset).add(offset + 4L * values.length);
      offset += 4L * values.length;
    }
    header.putObject("__metadata__").put("format", "pt");
    byte[] json = JSON.writeValueAsBytes(header);
    int padded = (json.length + 7) / 8 * 8; // the format pads the header with spaces
    try (OutputStream out =
        Files.newOutputStream(
            file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
      out.write(len.array());
      out.write(json);
      out.write(" ".repeat(padded - json.length).getBytes(StandardCharsets.US_ASCII));
      for (float[] values : data.values()) {
        ByteBuffer buf = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(values);
        out.write(buf.array());
      }
    }
  }

  /** Reads every tensor of a file written by {@link #write}. */
  static Map<String, Tensor> read(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, lenBuf, 0);
      long headerLength = lenBuf.flip().getLong();
      if (headerLength <= 0 || headerLength > size - 8 || headerLength > (1 << 26)) {
        throw new IOException(file + ": corrupt checkpoint header length " + headerLength);
      }
      ByteBuffer headerBuf = ByteBuffer.allocate((int) headerLength);
      readFully(ch, headerBuf, 8);
      JsonNode header = JSON.readTree(headerBuf.array());
      long base = 8 + headerLength;
      Map<String, Tensor> out = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : header.properties()) {
        if (e.getKey().equals("__metadata__")) {
          continue;
        }
        JsonNode t = e.getValue();
        if (!"F32".equals(t.path("dtype").asText())) {
          throw new IOException(file + ": " + e.getKey() + " is not F32");
        }
        long[] shape = new long[t.path("shape").size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
          shape[i] = t.path("shape").get(i).asLong();
          count *= shape[i];
        }
        long begin = t.path("data_offsets").get(0).asLong();
        long end = t.path("data_offsets").get(1).asLong();
        if (end - begin != 4 * count || begin < 0 || base + end > size) {
          throw new IOException(file + ": " + e.getKey() + " has inconsistent offsets");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, buf, base + begin);
        float[] values = new float[(int) count];
        buf.flip().asFloatBuffer().get(values);
        out.put(e.getKey(), new Tensor(values, new Shape(shape)));
      }
      return out;
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
    long pos = position;
    while (buf.hasRemaining()) {
      int n = ch.read(buf, pos);
      if (n < 0) {
        throw new IOException("unexpected end of checkpoint file");
      }
      pos += n;
    }
  }
}
