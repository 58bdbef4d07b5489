package dev.llmkit.inference.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reference outputs written by {@code src/test/python/make_encoder_references.py} (torch.nn, not
 * this code), and the tiny checkpoints next to them.
 */
record Reference(String family, List<Case> cases, Map<String, float[]> gradients) {

  /** One batch: inputs and what the reference produced for them. */
  record Case(
      long[][] inputIds,
      long[][] attentionMask,
      long[][] tokenTypeIds,
      float[][][] lastHiddenState,
      float[][][] tokenLogits,
      float[][] startLogits,
      float[][] endLogits,
      float[][] meanPooled,
      float[][] clsPooled) {

    int batch() {
      return inputIds.length;
    }

    int length(int row) {
      return (int) Arrays.stream(attentionMask[row]).sum();
    }

    NDArray ids(NDManager m) {
      return matrix(m, inputIds);
    }

    NDArray mask(NDManager m) {
      return matrix(m, attentionMask);
    }

    NDArray types(NDManager m) {
      return tokenTypeIds == null ? null : matrix(m, tokenTypeIds);
    }
  }

  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  static Reference load(String family) {
    try {
      return MAPPER.readValue(resource(family + "-expected.json").toFile(), Reference.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path resource(String name) {
    try {
      return Path.of(Reference.class.getResource("/reference/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The bare-encoder checkpoint (unprefixed names). */
  static Path baseDir(String family) {
    return resource("tiny-" + family);
  }

  /** The task checkpoint (prefixed names plus classifier and qa_outputs). */
  static Path headsDir(String family) {
    return resource("tiny-" + family + "-heads");
  }

  static NDArray matrix(NDManager m, long[][] rows) {
    long[] flat = Arrays.stream(rows).flatMapToLong(Arrays::stream).toArray();
    return m.create(flat, new Shape(rows.length, rows[0].length));
  }

  /** Row {@code r} of a (B, T) matrix, first {@code n} entries, as a (1, n) array. */
  static NDArray row(NDManager m, long[][] rows, int r, int n) {
    return m.create(Arrays.copyOf(rows[r], n), new Shape(1, n));
  }
}
