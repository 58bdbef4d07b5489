package dev.llmkit.inference.defaults;

import dev.llmkit.inference.safetensors.SafetensorsWriter;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Builds bundles inside a test: an int8 quantizer written apart from the product, and manifests.
 */
final class TestBundles {

  /** Symmetric int8 rows: {@code s = max|row| / 127} (1 for a zero row), {@code q = round(w/s)}. */
  record Int8(byte[] values, float[] scales) {}

  private TestBundles() {}

  /** The random 2-layer, width-32 BERT (with both heads) of the encoder reference tests. */
  static Path tinyBertHeads() {
    try {
      return Path.of(TestBundles.class.getResource("/reference/tiny-bert-heads").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Int8 quantizeRows(float[] w, int rows, int cols) {
    byte[] q = new byte[w.length];
    float[] s = new float[rows];
    for (int r = 0; r < rows; r++) {
      float max = 0;
      for (int c = 0; c < cols; c++) {
        max = Math.max(max, Math.abs(w[r * cols + c]));
      }
      s[r] = max == 0 ? 1f : max / 127f;
      for (int c = 0; c < cols; c++) {
        double v = Math.rint(w[r * cols + c] / s[r]);
        q[r * cols + c] = (byte) Math.max(-127, Math.min(127, v));
      }
    }
    return new Int8(q, s);
  }

  /** Adds {@code w} quantized, with its scales under {@code <name>.int8_scale}. */
  static void addQuantized(SafetensorsWriter out, String name, float[] w, long[] shape) {
    Int8 q = quantizeRows(w, (int) shape[0], (int) shape[1]);
    out.addInt8(name, q.values(), shape);
    out.addFloats(name + ".int8_scale", q.scales(), new long[] {shape[0]});
  }

  /** Writes {@code files.sha256} listing every other file of {@code dir}. */
  static void writeManifest(Path dir) throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files =
          list.filter(p -> !p.getFileName().toString().equals(DefaultModels.MANIFEST))
              .sorted()
              .toList();
    }
    StringBuilder manifest = new StringBuilder();
    for (Path f : files) {
      manifest
          .append(sha256(Files.readAllBytes(f)))
          .append("  ")
          .append(f.getFileName())
          .append('\n');
    }
    Files.writeString(dir.resolve(DefaultModels.MANIFEST), manifest);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
